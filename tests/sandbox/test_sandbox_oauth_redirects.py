"""Contract: ``/oauth/authorize`` redirects only to the client's registered redirect URIs, and
echoes ``state`` only when asked to (Flattr never did, reference §1.2)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sandbox_http import USERS, Raw

import flattr_sandbox
from flattr_sandbox import Sandbox

pytestmark = pytest.mark.timeout(60)
SHARED = str(Path(__file__).resolve().parents[2] / "shared")
SITE_CALLBACK = "https://garden.example/admin/flattr/connect/callback/"


@pytest.fixture
def web(tmp_path: Path) -> Iterator[Raw]:
    clients = {
        "site-app": flattr_sandbox.SandboxClient("site-secret", redirect_uris=(SITE_CALLBACK,)),
        "cli-app": "cli-secret",  # no URIs given: the loopback callback of `flattr auth login`
    }
    with Sandbox(tmp_path / "db", users=USERS, clients=clients) as sandbox:
        yield Raw(sandbox.url)


def decide(web: Raw, client_id: str, redirect_uri: str, **extra: str) -> tuple[int, str]:
    form = {"client_id": client_id, "redirect_uri": redirect_uri, "response_type": "code",
            "scope": "thing", "user": "alice", "decision": "approve", **extra}  # fmt: skip
    reply = web.post("/oauth/authorize", form=form)
    return reply.status, reply.header("Location") or reply.body.decode()


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "https://attacker.example/steal",
        "https://garden.example/admin/flattr/connect/callback/?next=https://attacker.example/",
        "https://garden.example.attacker.example/admin/flattr/connect/callback/",
        "http://garden.example/admin/flattr/connect/callback/",  # not https, as registered
    ],
)
def test_an_unregistered_redirect_uri_gets_an_error_page_never_a_redirect(
    web: Raw, redirect_uri: str
) -> None:
    status, text = decide(web, "site-app", redirect_uri)
    assert status == 400
    assert "is not registered for this client" in text
    query = {"client_id": "site-app", "response_type": "code", "redirect_uri": redirect_uri}
    page = web.get("/oauth/authorize?" + urlencode(query))
    assert page.status == 400
    assert page.header("Location") is None


def test_the_registered_redirect_uri_gets_the_code(web: Raw) -> None:
    status, location = decide(web, "site-app", SITE_CALLBACK)
    assert status == 302
    assert location.startswith(SITE_CALLBACK + "?code=")


def test_a_loopback_callback_may_use_any_port(web: Raw) -> None:
    status, location = decide(web, "cli-app", "http://127.0.0.1:54321/callback")
    assert (status, location.split("?")[0]) == (302, "http://127.0.0.1:54321/callback")
    assert decide(web, "cli-app", "http://127.0.0.1:54321/elsewhere")[0] == 400
    assert decide(web, "cli-app", "http://127.0.0.2:54321/callback")[0] == 400
    assert decide(web, "site-app", "http://127.0.0.1:54321/callback")[0] == 400


def test_state_is_echoed_only_when_asked(tmp_path: Path) -> None:
    clients = {"cli-app": "cli-secret"}
    callback = "http://127.0.0.1:9/callback"
    with Sandbox(tmp_path / "quiet", users=USERS, clients=clients) as quiet:
        location = decide(Raw(quiet.url), "cli-app", callback, state="s-123")[1]
        assert "state" not in parse_qs(urlsplit(location).query)  # as Flattr did
    with Sandbox(tmp_path / "echo", users=USERS, clients=clients, echo_state=True) as echo:
        web = Raw(echo.url)
        assert parse_qs(urlsplit(decide(web, "cli-app", callback, state="s-123")[1]).query)[
            "state"
        ] == ["s-123"]
        denied = decide(web, "cli-app", callback, state="s-9", decision="deny")[1]
        assert parse_qs(urlsplit(denied).query) == {"error": ["access_denied"], "state": ["s-9"]}
        query = {"client_id": "cli-app", "response_type": "code", "redirect_uri": callback}
        page = web.get("/oauth/authorize?" + urlencode({**query, "state": "s-7"}))
        assert b'name="state" value="s-7"' in page.body  # the approve form carries it on


def test_the_command_line_registers_redirect_uris_and_echoes_state(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "flattr_sandbox", "--db", str(tmp_path / "db"),
               "--user", "alice:tok-alice", "--client", f"app:secret:{SITE_CALLBACK}",
               "--echo-state"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([SHARED, os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        assert first.startswith("listening on http://127.0.0.1:"), first
        web = Raw(first.removeprefix("listening on "))
        status, location = decide(web, "app", SITE_CALLBACK, state="xyz")
        assert status == 302
        assert parse_qs(urlsplit(location).query)["state"] == ["xyz"]
        assert decide(web, "app", "http://127.0.0.1:9/callback")[0] == 400
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        process.kill()
        process.wait()
        if process.stdout:
            process.stdout.close()


def test_a_bad_client_option_never_echoes_the_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from flattr_sandbox.cli import main

    with pytest.raises(SystemExit):
        main(["--db", str(tmp_path / "db"), "--client", "app:s3cr3t-value:"])
    err = capsys.readouterr().err
    assert "expected ID:SECRET[:REDIRECT_URI]" in err
    assert "s3cr3t-value" not in err
