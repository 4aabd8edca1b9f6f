"""Helpers of the registration tests: a real sandbox on loopback, things, subprocesses."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from flattr_core.models import Creator, Endpoints, Thing
from flattr_sandbox import Sandbox, SandboxUser
from tests.flattr_command import FLATTR

TOKEN = "tok-alice-5f1d2c9e8b7a"
CLIENT_ID, CLIENT_SECRET = "client-id", "client-secret"
ALICE = Creator("alice")


def make_things(count: int, *, title: str = "Post number {i}") -> list[Thing]:
    return [
        Thing(
            url=f"https://blog.example/posts/{i:04d}/",
            title=title.format(i=i),
            description=f"The description of post {i}",
            owner=ALICE,
            tags=("flattr", f"t{i % 5}"),
        )
        for i in range(count)
    ]


def start_sandbox(db: Path, **options: object) -> Sandbox:
    users = [SandboxUser("alice", TOKEN, scopes=("flattr", "thing"))]
    return Sandbox(db, users=users, clients={CLIENT_ID: CLIENT_SECRET}, **options).start()  # type: ignore[arg-type]


def endpoints_of(sandbox: Sandbox) -> Endpoints:
    return Endpoints(api_url=sandbox.api_url, web_url=sandbox.url)


def child_env(tmp_path: Path) -> dict[str, str]:
    """A ``flattr`` subprocess's environment: its own config dir, the token in FLATTR_TOKEN."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLATTR_", "XDG_"))}
    return {**env, "FLATTR_CONFIG_DIR": str(tmp_path / "config"), "FLATTR_TOKEN": TOKEN}


def flattr_process(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    """``flattr ARGS`` in a subprocess (via this interpreter, so the venv's package is used)."""
    return subprocess.Popen(
        [*FLATTR, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def remote_urls(sandbox: Sandbox) -> list[str]:
    return [str(thing["url"]) for thing in sandbox.things()]
