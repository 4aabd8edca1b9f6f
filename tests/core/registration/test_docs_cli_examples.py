"""docs/cli.md's and docs/sandbox.md's examples, run as written against the sandbox.

Each command's text comes from the page (``tests/docs/shell_blocks.py``); only the port the
example names is replaced by the one the test's sandbox has, and a /tmp path by the test's own.
They run through a shell, with this interpreter's ``flattr`` first on PATH.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from flattr_core.models import Creator, Endpoints, Thing
from flattr_core.registration.manifest import write_manifest
from flattr_sandbox import Sandbox, SandboxClient, SandboxUser
from tests.docs.shell_blocks import command, verbatim

pytestmark = pytest.mark.timeout(60)
BIN = str(Path(sys.executable).parent)  # the venv's `flattr`


def shell_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLATTR_", "XDG_"))}
    path = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return {**env, "PATH": path, "FLATTR_CONFIG_DIR": str(tmp_path / "config"), **extra}


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    users = [SandboxUser("alice", "tok-alice")]
    clients = {"my-app": SandboxClient("my-secret")}
    with Sandbox(tmp_path / "sandbox.sqlite", users=users, clients=clients) as running:
        yield running  # type: ignore[misc]


def test_the_auth_login_example_runs_as_written(sandbox: Sandbox, tmp_path: Path) -> None:
    text = command("docs/cli.md", "FLATTR_CLIENT_SECRET=my-secret flattr auth login")
    line = verbatim(text, **{":8765": ":" + sandbox.url.rsplit(":", 1)[1]})
    login = subprocess.Popen(
        ["bash", "-c", line], env=shell_env(tmp_path), cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert login.stdout is not None
    assert login.stdout.readline().startswith("Open this URL to authorize")
    url = login.stdout.readline().strip()
    form = {**dict(parse_qsl(urlsplit(url).query)), "user": "alice", "decision": "approve"}
    requests.post(f"{sandbox.url}/oauth/authorize", data=form, timeout=5)
    out, err = login.communicate(timeout=30)
    assert login.returncode == 0, err
    assert "Flattr approved the account alice." in out
    assert f"Logged in to {sandbox.api_url} as alice; token saved to " in out
    assert "my-secret" not in out + err


def test_the_sync_example_runs_as_written(sandbox: Sandbox, tmp_path: Path) -> None:
    line = command("docs/cli.md", "flattr sync ")
    endpoints = Endpoints(api_url=sandbox.api_url, web_url=sandbox.url)
    things = [
        Thing(f"https://blog.example/{i}/", f"Post number {i}", "A post.", Creator("alice"))
        for i in range(3)
    ]
    write_manifest(tmp_path / "site" / ".cache" / "flattr-manifest.json", endpoints, things)
    env = shell_env(tmp_path, FLATTR_TOKEN="tok-alice")
    done = subprocess.run(["bash", "-c", line], env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=30, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    shown = re.fullmatch(
        r"3 things: 3 created, 0 updated, 0 unchanged, 0 failed, 0 deferred "
        r"\((\d+) requests, [\d.]+ s\)\n",
        done.stdout,
    )
    assert shown, done.stdout
    assert "registering [" not in done.stderr  # not a terminal: no progress bar
    assert sorted(thing["url"] for thing in sandbox.things()) == [t.url for t in things]


def test_the_sandbox_example_runs_as_written(tmp_path: Path) -> None:
    """docs/sandbox.md: start it, then ask it whose the token is with curl."""
    serve = verbatim(command("docs/sandbox.md", "flattr sandbox "),
                     **{"/tmp/flattr.sqlite": str(tmp_path / "flattr.sqlite")})  # fmt: skip
    sandbox = subprocess.Popen(
        ["bash", "-c", f"exec {serve}"], env=shell_env(tmp_path), cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert sandbox.stdout is not None
        listening = sandbox.stdout.readline().strip()
        assert re.fullmatch(r"listening on http://127\.0\.0\.1:\d+", listening), listening
        url = listening.removeprefix("listening on ")
        ask = verbatim(command("docs/sandbox.md", "curl "), **{"http://127.0.0.1:40123": url})
        done = subprocess.run(["bash", "-c", ask], capture_output=True, text=True, timeout=20,
                              check=True)  # fmt: skip
        assert json.loads(done.stdout)["username"] == "alice"
    finally:
        sandbox.terminate()
        sandbox.communicate(timeout=20)
