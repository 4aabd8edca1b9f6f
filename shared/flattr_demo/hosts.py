"""The commands that build each example against the sandbox, run as subprocesses.

Every command gets the sandbox's URLs and the demo tokens through environment variables (a
token never goes on a command line); its output goes to ``OUT/logs/<step>.log``. Site owners:
Ada owns the MkDocs site and the Wagtail garden, Grace the Pelican blog and the Wagtail night
sky; each author also writes on the other's sites, with a token of their own, so every post's
thing is registered under its own author's account: MkDocs reads Grace's from mkdocs.yml
(``token: !ENV FLATTR_DEMO_TOKEN_GRACE``), Pelican Ada's from ``FLATTR_TOKEN_ADA``, and the
Wagtail seed connects both editors' accounts.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from flattr_core.errors import DemoError

from .layout import OAUTH_CLIENT, Ports, token_of

STEP_TIMEOUT = 300.0  # seconds; a first Wagtail migrate on a slow disk takes about 20
LOG_TAIL = 30  # lines of a failed step's log shown in the error


@dataclass(frozen=True)
class Context:
    """What every step needs to know."""

    examples: Path
    out: Path
    ports: Ports
    python: str = sys.executable

    @property
    def sandbox_url(self) -> str:
        return self.ports.url("sandbox")

    def base_env(self) -> dict[str, str]:
        """The caller's environment, without its Flattr token or Django settings module (the
        Wagtail example's manage.py names its own), pointed at the sandbox."""
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("FLATTR_") and k != "DJANGO_SETTINGS_MODULE"
        }
        env.update(
            FLATTR_CONFIG_DIR=str(self.out / "flattr-config"),  # no login file of the user's
            FLATTR_DEMO_API_URL=self.sandbox_url + "/rest/v2",
            FLATTR_DEMO_WEB_URL=self.sandbox_url,
            FLATTR_DEMO_LOADER_URL=self.sandbox_url + "/js/0.6/load.js",  # the widget's script
            FLATTR_DEMO_REGISTER="always",
            NO_MKDOCS_2_WARNING="true",  # Material's banner about MkDocs 2 is not ours to show
            PYTHONUNBUFFERED="1",
        )
        return env


@dataclass(frozen=True)
class Step:
    """One command of one host."""

    name: str
    argv: list[str]
    cwd: Path
    env: Mapping[str, str] = field(repr=False)

    def run(self, logs: Path) -> None:
        """Run to the end; a failure raises ``DemoError`` with the log's last lines."""
        logs.mkdir(parents=True, exist_ok=True)
        log = logs / f"{self.name}.log"
        with log.open("w", encoding="utf-8") as sink:
            code = _run(self.argv, self.cwd, self.env, sink)
        if code != 0:
            tail = "\n".join(log.read_text(encoding="utf-8").splitlines()[-LOG_TAIL:])
            raise DemoError(f"{self.name} failed (exit {code}); the end of {log}:\n{tail}")


def _run(argv: list[str], cwd: Path, env: Mapping[str, str], sink: IO[str]) -> int:
    try:
        done = subprocess.run(  # noqa: S603 (our own interpreter and fixed arguments, no shell)
            argv,
            cwd=cwd,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            timeout=STEP_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return -1
    return int(done.returncode)


def mkdocs_steps(ctx: Context) -> list[Step]:
    """One build: the plugin registers at the end and relinks the pages it wrote."""
    env = ctx.base_env() | {
        "FLATTR_TOKEN": token_of("ada"),
        "FLATTR_DEMO_TOKEN_GRACE": token_of("grace"),  # mkdocs.yml: authors.grace.token
        "FLATTR_DEMO_SITE_URL": ctx.ports.url("mkdocs") + "/",
        "FLATTR_DEMO_CACHE": str(ctx.out / "cache" / "mkdocs-flattr"),
        "FLATTR_DEMO_RSS_CACHE": str(ctx.out / "cache" / "mkdocs-rss"),
    }
    config = ctx.examples / "mkdocs" / "mkdocs.yml"
    argv = [ctx.python, "-m", "mkdocs", "build", "-f", str(config), "-d", str(ctx.out / "mkdocs")]
    return [Step("mkdocs-build", argv, ctx.examples / "mkdocs", env)]


def pelican_steps(ctx: Context) -> list[Step]:
    """Two runs: the first registers; Pelican links buttons to things known when a run starts,
    so the second (no API request: every thing is known and unchanged) links them."""
    env = ctx.base_env() | {
        "FLATTR_TOKEN": token_of("grace"),
        "FLATTR_TOKEN_ADA": token_of("ada"),  # an author's account: FLATTR_TOKEN_<ACCOUNT>
        "FLATTR_DEMO_SITE_URL": ctx.ports.url("pelican"),
        "FLATTR_DEMO_OUTPUT": str(ctx.out / "pelican"),
        "FLATTR_DEMO_CACHE": str(ctx.out / "cache" / "pelican"),
    }
    conf = ctx.examples / "pelican" / "pelicanconf.py"
    argv = [ctx.python, "-m", "pelican", "-s", str(conf)]
    where = ctx.examples / "pelican"
    return [Step("pelican-build", argv, where, env), Step("pelican-rebuild", argv, where, env)]


def wagtail_env(ctx: Context) -> dict[str, str]:
    """The Wagtail example's settings, pointed at the sandbox and the output folder."""
    client_id, client_secret = OAUTH_CLIENT
    return ctx.base_env() | {
        "FLATTR_DEMO_STATE": str(ctx.out / "wagtail-state"),
        "FLATTR_DEMO_SITE_URL": ctx.ports.url("wagtail"),
        "FLATTR_DEMO_TOKEN_ADA": token_of("ada"),
        "FLATTR_DEMO_TOKEN_GRACE": token_of("grace"),
        "FLATTR_DEMO_CLIENT_ID": client_id,
        "FLATTR_DEMO_CLIENT_SECRET": client_secret,
    }


WORKER_WAIT = 120  # seconds for the worker to register the seeded posts (a second, usually)


def wagtail_migrate(ctx: Context) -> Step:
    """The database (needs no sandbox, so it runs while the static sites build)."""
    (ctx.out / "wagtail-state").mkdir(parents=True, exist_ok=True)
    return _manage(ctx, "wagtail-migrate", "migrate", "--noinput")


def wagtail_steps(ctx: Context) -> list[Step]:
    """Seed (publishing queues each post's registration for the worker), wait until the worker
    has registered them all, then render every page and feed."""
    port = str(ctx.ports.wagtail)
    return [
        _manage(ctx, "wagtail-seed", "seed_demo", "--port", port),
        _manage(ctx, "wagtail-registered", "flattr_recover", "--wait", str(WORKER_WAIT)),
        _manage(ctx, "wagtail-export", "export_demo", "--out", str(ctx.out / "wagtail")),
    ]


def wagtail_worker_argv(ctx: Context) -> list[str]:
    """django-tasks-db's worker: runs the registration tasks publishing queues."""
    return [ctx.python, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay",
            "--no-reload"]  # fmt: skip


def wagtail_server_argv(ctx: Context) -> list[str]:
    """Django's development server, on loopback, without the autoreloader's second process."""
    address = f"127.0.0.1:{ctx.ports.wagtail}"
    return [ctx.python, "manage.py", "runserver", address, "--noreload", "--skip-checks"]


def _manage(ctx: Context, name: str, *args: str) -> Step:
    argv = [ctx.python, "manage.py", *args]
    return Step(name, argv, ctx.examples / "wagtail", wagtail_env(ctx))
