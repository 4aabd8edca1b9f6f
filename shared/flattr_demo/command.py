"""``flattr demo [--no-serve] [--out DIR] [--port-base N] [--examples DIR]``.

Starts the sandbox, builds the MkDocs and Pelican examples and prepares the Wagtail one (all
three at once: each is a subprocess), prints a summary read back from the outputs, then serves
everything on 127.0.0.1 until Ctrl-C (or, with ``--no-serve``, exits).
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flattr_core import FlattrError
from flattr_core.errors import DemoError
from flattr_core.registration import wire
from flattr_core.registration.wire import RemoteThing
from flattr_sandbox import Sandbox, SandboxClient, SandboxUser

from . import hosts, report, serve
from .layout import (
    ACCOUNTS,
    ADMIN_LOGIN,
    DEFAULT_PORT_BASE,
    OAUTH_CLIENT,
    OAUTH_REDIRECTS,
    Ports,
    find_examples,
    prepare_output,
)

POST_PATHS = {
    "mkdocs": "blog/[0-9]*/*/*/*/index.html",
    "pelican": "posts/*.html",
    "wagtail": "posts/*/index.html",
}
FEED_PATHS = {"mkdocs": "feed_rss_*.xml", "pelican": "feeds/*.xml", "wagtail": "feed/*.xml"}


class Demo:
    """The sandbox, the three built examples and (after ``serve()``) their servers."""

    def __init__(self, out: Path, *, ports: Ports, examples: Path | None = None) -> None:
        self.ctx = hosts.Context(find_examples(examples), prepare_output(out), ports)
        self.sandbox: Sandbox | None = None
        self._servers: list[serve.StaticSite | serve.ChildServer] = []

    def __enter__(self) -> Demo:
        users = [SandboxUser(a.username, a.token, flattr_id=a.flattr_id) for a in ACCOUNTS]
        try:
            self.sandbox = Sandbox(
                self.ctx.out / "sandbox.sqlite",
                users=users,
                clients={OAUTH_CLIENT[0]: SandboxClient(OAUTH_CLIENT[1], OAUTH_REDIRECTS)},
                port=self.ctx.ports.sandbox,
            )
        except OSError as exc:
            raise DemoError(
                f"the sandbox cannot listen on 127.0.0.1:{self.ctx.ports.sandbox} "
                f"({exc.strerror}); choose others with --port-base"
            ) from exc
        self.sandbox.__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        for server in reversed(self._servers):
            server.stop()
        if self.sandbox is not None:
            self.sandbox.__exit__(None, None, None)

    def build(self) -> list[report.Row]:
        """Build all three examples at once (each a chain of subprocesses); the summary."""
        chains = [self._static("mkdocs"), self._static("pelican"), self._wagtail]
        with ThreadPoolExecutor(max_workers=len(chains)) as pool:
            for future in [pool.submit(chain) for chain in chains]:
                future.result()
        rows = [report.site_row(site, self._things(), self._thing_page()) for site in self.sites()]
        report.write_json(rows, self.ctx.out / "summary.json")
        return rows

    def _static(self, host: str) -> Callable[[], None]:
        steps = hosts.mkdocs_steps if host == "mkdocs" else hosts.pelican_steps
        return lambda: self._run(steps(self.ctx))

    def _wagtail(self) -> None:
        """Migrate, start the task worker (it runs until the demo stops), seed and export."""
        self._run([hosts.wagtail_migrate(self.ctx)])
        worker = hosts.wagtail_worker_argv(self.ctx)
        where, env = self.ctx.examples / "wagtail", hosts.wagtail_env(self.ctx)
        log = self.ctx.out / "logs" / "wagtail-worker.log"
        self._servers.append(serve.ChildServer(worker, where, env, None, log))
        self._run(hosts.wagtail_steps(self.ctx))

    def _run(self, steps: Sequence[hosts.Step]) -> None:
        for step in steps:
            step.run(self.ctx.out / "logs")

    def _things(self) -> list[RemoteThing]:
        """What the sandbox holds, read as the client reads the API's things."""
        assert self.sandbox is not None
        return wire.remote_things(self.sandbox.things(), "the sandbox's things")

    def _thing_page(self) -> str:
        return self.ctx.sandbox_url + "/thing/"

    def sites(self) -> list[report.SiteOutput]:
        """Every site the demo built, with its public URL and output folder."""
        out, ports = self.ctx.out, self.ctx.ports
        found = [
            report.SiteOutput(
                "MkDocs · Tern",
                ports.url("mkdocs") + "/",
                out / "mkdocs",
                POST_PATHS["mkdocs"],
                FEED_PATHS["mkdocs"],
            ),
            report.SiteOutput(
                "Pelican · Field Notes",
                ports.url("pelican") + "/",
                out / "pelican",
                POST_PATHS["pelican"],
                FEED_PATHS["pelican"],
            ),
        ]
        return found + [self._wagtail_site(entry) for entry in _wagtail_sites(out / "wagtail")]

    def _wagtail_site(self, entry: dict[str, str]) -> report.SiteOutput:
        folder = self.ctx.out / "wagtail" / entry["folder"]
        return report.SiteOutput(
            f"Wagtail · {entry['name']}",
            entry["root_url"] + "/",
            folder,
            POST_PATHS["wagtail"],
            FEED_PATHS["wagtail"],
        )

    def serve(self) -> None:
        """The static sites in threads, Wagtail's development server as a child process."""
        ports, out = self.ctx.ports, self.ctx.out
        self._servers.append(serve.StaticSite(out / "mkdocs", ports.mkdocs))
        self._servers.append(serve.StaticSite(out / "pelican", ports.pelican))
        wagtail = hosts.wagtail_server_argv(self.ctx)
        self._servers.append(
            serve.ChildServer(
                wagtail,
                self.ctx.examples / "wagtail",
                hosts.wagtail_env(self.ctx),
                ports.wagtail,
                out / "logs" / "wagtail-server.log",
            )
        )


def _wagtail_sites(folder: Path) -> list[dict[str, str]]:
    return list(json.loads((folder / "sites.json").read_text(encoding="utf-8")))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flattr demo",
        description="Build the three example sites against a local Flattr sandbox and serve them.",
    )
    parser.add_argument("--no-serve", action="store_true", help="build, print the summary, exit")
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="output folder: new, empty, or a previous demo's (default: a new temporary one)",
    )
    parser.add_argument(
        "--port-base",
        type=int,
        default=DEFAULT_PORT_BASE,
        metavar="N",
        help=f"sandbox on N, MkDocs N+1, Pelican N+2, Wagtail N+3 "
        f"(default {DEFAULT_PORT_BASE}; 0: free ports)",
    )
    parser.add_argument(
        "--examples",
        type=Path,
        metavar="DIR",
        help="the folder holding mkdocs/, pelican/ and wagtail/ (default: the installed ones)",
    )
    return parser


def main(argv: Sequence[str]) -> int:
    """Run the demo; 0 when everything was built (and, when serving, after Ctrl-C)."""
    args = build_parser().parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="flattr-demo-"))
    try:
        ports = Ports.from_base(args.port_base)
        if not args.no_serve:
            serve.check_free(vars(ports))
        with Demo(out, ports=ports, examples=args.examples) as demo:
            _show_summary(demo, demo.build())
            if not args.no_serve:
                demo.serve()
                _show_urls(demo)
                _wait_for_interrupt()
    except FlattrError as exc:  # DemoError, or the core's own (a bad example setting)
        if args.out is None:
            _remove_if_unused(out)
        print(f"flattr demo: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopped", file=sys.stderr)
    return 0


def _remove_if_unused(out: Path) -> None:
    """The temporary folder of a run that failed before any step wrote a log: nothing in it is
    worth keeping (a failed step's log stays, the message names it)."""
    if not (out / "logs").exists():
        shutil.rmtree(out, ignore_errors=True)


def _wait_for_interrupt() -> None:
    """Until Ctrl-C or SIGTERM; both unwind through ``Demo.__exit__``, which stops the children.

    SIGINT is set explicitly: a shell starting the demo in the background ignores it."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    threading.Event().wait()


def _show_summary(demo: Demo, rows: list[report.Row]) -> None:
    print(f"Built in {demo.ctx.out} (logs in {demo.ctx.out / 'logs'})\n")
    print(report.table(rows))
    print(f"\n{report.LEGEND}\n", flush=True)


def _show_urls(demo: Demo) -> None:
    ports = demo.ctx.ports
    user, password = ADMIN_LOGIN
    wagtail = ports.url("wagtail")
    lines = [
        f"MkDocs      {ports.url('mkdocs')}/",
        f"Pelican     {ports.url('pelican')}/",
        f"Wagtail     {wagtail}/   and   http://localhost:{ports.wagtail}/ (its second site)",
        f"  admin     {wagtail}/admin/   user {user}, password {password}",
        f"  report    {wagtail}/admin/flattr/report/",
        f"Sandbox     {ports.url('sandbox')}/   (the local Flattr: thing pages, profiles)",
        "Ctrl-C stops everything.",
    ]
    print("\n".join(lines), flush=True)
