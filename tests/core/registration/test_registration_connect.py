"""Connecting accounts from the CLI, per-account tokens in ``flattr sync`` and ``flattr doctor``,
the OAuth flow's binding, and the transport rule: a token never goes over plain HTTP to
another host than loopback."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from registration_kit import CLIENT_ID, CLIENT_SECRET, child_env, flattr_process

from flattr_core.cli.main import main
from flattr_core.errors import AuthError, ConfigError
from flattr_core.models import Creator, Endpoints, Secret, Thing
from flattr_core.registration import oauth
from flattr_core.registration.client import FlattrClient
from flattr_core.registration.manifest import write_manifest
from flattr_core.settings import tokens
from flattr_sandbox import Sandbox, SandboxUser
from tests.flattr_command import FLATTR

pytestmark = pytest.mark.timeout(60)
TOKENS = {"alice": "tok-alice-c0ffee", "grace": "tok-grace-b0b0b0", "bob": "tok-bob-d00d00"}


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    users = [SandboxUser(name, token) for name, token in TOKENS.items()]
    clients = {CLIENT_ID: CLIENT_SECRET}  # the loopback callback of `flattr auth login`
    with Sandbox(tmp_path / "sandbox.sqlite", users=users, clients=clients) as running:
        yield running


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FLATTR_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("FLATTR_TOKEN", TOKENS["alice"])
    monkeypatch.delenv("FLATTR_TOKEN_GRACE", raising=False)
    return tmp_path


def posts(*owners: str) -> list[Thing]:
    return [
        Thing(f"https://site.example/{o}/{i}/", f"Post {i} of {o}", "Some words", Creator(o))
        for o in owners
        for i in range(2)
    ]


def owners(sandbox: Sandbox) -> dict[str, str]:
    return {str(t["url"]): t["owner"]["username"] for t in sandbox.things()}  # type: ignore[index]


# -- flattr auth login --account -------------------------------------------------------------------


def login(sandbox: Sandbox, tmp_path: Path, approve_as: str, *extra: str) -> tuple[int, str, str]:
    """``flattr auth login`` in a subprocess; approve as ``approve_as`` the way a browser does."""
    env = {k: v for k, v in child_env(tmp_path).items() if k != "FLATTR_TOKEN"}
    args = ["auth", "login", "--no-browser", "--client-id", CLIENT_ID, "--client-secret",
            CLIENT_SECRET, "--api-url", sandbox.api_url, "--web-url", sandbox.url]  # fmt: skip
    args += extra
    process = flattr_process(args, env)
    assert process.stdout is not None
    url = [process.stdout.readline(), process.stdout.readline()][1].strip()
    form = {**dict(parse_qsl(urlsplit(url).query)), "user": approve_as, "decision": "approve"}
    requests.post(f"{sandbox.url}/oauth/authorize", data=form, timeout=5)
    out, err = process.communicate(timeout=20)
    return process.returncode, out, err


def test_login_for_an_account_stores_that_accounts_token(sandbox: Sandbox, tmp_path: Path) -> None:
    code, out, err = login(sandbox, tmp_path, "grace", "--account", "grace")
    assert code == 0, err
    assert "Flattr approved the account grace." in out
    env = {"FLATTR_CONFIG_DIR": str(tmp_path / "config")}
    token = tokens.load_account_token(sandbox.api_url, "grace", env)
    assert token is not None
    assert token.reveal() not in out + err
    assert tokens.load_token(sandbox.api_url, env) is None  # not the site's


def test_login_for_an_account_refuses_another_approved_account(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    code, _, err = login(sandbox, tmp_path, "bob", "--account", "grace")
    assert code == 3
    assert "the approved account is bob, not grace; nothing was saved" in err
    assert not tokens.token_path({"FLATTR_CONFIG_DIR": str(tmp_path / "config")}).exists()


@pytest.mark.parametrize(("answer", "saved"), [("n", False), ("y", True)])
def test_on_a_terminal_login_asks_before_storing_the_named_account(
    sandbox: Sandbox, tmp_path: Path, answer: str, saved: bool
) -> None:
    env = {k: v for k, v in child_env(tmp_path).items() if k != "FLATTR_TOKEN"}
    args = ["auth", "login", "--no-browser", "--client-id", CLIENT_ID, "--client-secret",
            CLIENT_SECRET, "--api-url", sandbox.api_url, "--web-url", sandbox.url]  # fmt: skip
    terminal, tty = os.openpty()
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    process = subprocess.Popen([*FLATTR, *args], env=env, stdin=tty, text=True, **pipes)
    os.close(tty)
    try:
        assert process.stdout is not None
        url = [process.stdout.readline(), process.stdout.readline()][1].strip()
        form = {**dict(parse_qsl(urlsplit(url).query)), "user": "grace", "decision": "approve"}
        requests.post(f"{sandbox.url}/oauth/authorize", data=form, timeout=5)
        assert process.stdout.readline().strip() == "Flattr approved the account grace."
        os.write(terminal, f"{answer}\n".encode())
        out, _ = process.communicate(timeout=20)
    finally:
        os.close(terminal)
    stored = tokens.load_token(sandbox.api_url, {"FLATTR_CONFIG_DIR": str(tmp_path / "config")})
    assert (stored is not None) is saved
    assert process.returncode == (0 if saved else 3)
    assert ("Nothing was saved." in out) is not saved


# -- flattr sync, flattr doctor: one token per account ---------------------------------------------


def test_sync_registers_each_authors_things_with_their_token(
    sandbox: Sandbox, env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    endpoints = Endpoints(api_url=sandbox.api_url, web_url=sandbox.url)
    things = posts("alice", "grace")
    manifest = write_manifest(env / "site" / "m.json", endpoints, things)
    assert main(["sync", str(manifest)]) == 3  # grace has no token here: left out, exit 3
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if "grace" in line] == [
        "2 things of grace not registered: no token of grace's Flattr account (set "
        "FLATTR_TOKEN_GRACE, give the author a token, or run `flattr auth login --account "
        "grace`); their buttons use auto-submit links, which pay grace"
    ]
    assert set(owners(sandbox).values()) == {"alice"}
    monkeypatch.setenv("FLATTR_TOKEN_GRACE", TOKENS["grace"])
    assert main(["sync", str(manifest)]) == 0
    assert owners(sandbox) == {thing.url: thing.owner.username for thing in things}


def test_doctor_names_a_token_that_belongs_to_another_account(
    sandbox: Sandbox, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = env / "site.json"
    authors = {"Grace": {"username": "grace", "token": TOKENS["bob"]}, "Carol": "carol"}
    config.write_text(json.dumps({"username": "alice", "authors": authors,
                                  "api_url": sandbox.api_url}))  # fmt: skip
    assert main(["doctor", "--config", str(config), "--online"]) == 1
    out = capsys.readouterr().out
    assert out.count("PROBLEM") == 1
    assert (
        "PROBLEM  the author token of grace is configured for grace but belongs to the Flattr "
        "account bob: grace's things would not be registered with it"
    ) in out
    assert "note     carol: no token of this account" in out
    assert "note     grace: no token of this account" in out
    assert TOKENS["bob"] not in out


# -- the flow binding ------------------------------------------------------------------------------


def run_login(sandbox: Sandbox) -> tuple[list[object], threading.Thread, list[str]]:
    shown: list[str] = []
    result: list[object] = []

    def target() -> None:
        try:
            endpoints = Endpoints(api_url=sandbox.api_url, web_url=sandbox.url)
            secret = Secret(CLIENT_SECRET)
            grant = oauth.login(endpoints, CLIENT_ID, secret, open_browser=False, timeout=10,
                                show=shown.append)  # fmt: skip
            result.append(grant)
        except AuthError as exc:
            result.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    deadline = time.monotonic() + 5
    while not shown and time.monotonic() < deadline:
        time.sleep(0.02)
    return result, thread, shown


def test_state_is_sent_and_checked_when_the_server_echoes_it(tmp_path: Path) -> None:
    users = [SandboxUser("alice", TOKENS["alice"])]
    clients = {CLIENT_ID: CLIENT_SECRET}
    with Sandbox(tmp_path / "s.sqlite", users=users, clients=clients, echo_state=True) as box:
        result, thread, shown = run_login(box)
        fields = dict(parse_qsl(urlsplit(shown[0].split()[-1]).query))
        assert len(fields["state"]) >= 40
        answer = requests.post(f"{box.url}/oauth/authorize", allow_redirects=False, timeout=5,
                               data={**fields, "user": "alice", "decision": "approve"})  # fmt: skip
        back = dict(parse_qsl(urlsplit(answer.headers["Location"]).query))
        assert back["state"] == fields["state"]
        forged = answer.headers["Location"].replace(fields["state"], "not-the-flows-state")
        requests.get(forged, timeout=5)  # someone else's answer reaches the listener first
        thread.join(10)
    assert isinstance(result[0], AuthError)
    assert "state differs" in str(result[0])


def test_a_flow_serves_once_for_its_target_and_expires() -> None:
    flow = oauth.start_flow("site:1", "http://127.0.0.1/callback")
    assert oauth.accept_callback(flow, {"code": "c", "state": flow.state}, target="site:1") == "c"
    assert oauth.accept_callback(flow, {"code": "c"}) == "c"  # Flattr echoes no state
    with pytest.raises(AuthError, match="started for something else"):
        oauth.accept_callback(flow, {"code": "c"}, target="site:2")
    with pytest.raises(AuthError, match="used already"):
        oauth.accept_callback(None, {"code": "c"})  # taken from the session: gone
    old = oauth.start_flow("site:1", "http://127.0.0.1/callback", seconds=-1)
    with pytest.raises(AuthError, match="expired"):
        oauth.accept_callback(old, {"code": "c"})
    assert oauth.Flow.from_dict(json.loads(json.dumps(flow.as_dict()))) == flow
    assert oauth.Flow.from_dict({"target": 1}) is None


def test_connect_account_names_the_approved_account(sandbox: Sandbox) -> None:
    from flattr_core.registration.connect import connect_account  # here: older code has none

    endpoints = Endpoints(api_url=sandbox.api_url, web_url=sandbox.url)
    flow = oauth.start_flow("cli", "http://127.0.0.1:1/callback")
    url = oauth.authorization_url(endpoints, CLIENT_ID, flow.redirect_uri, state=flow.state)
    fields = dict(parse_qsl(urlsplit(url).query))
    answer = requests.post(f"{sandbox.url}/oauth/authorize", allow_redirects=False, timeout=5,
                           data={**fields, "user": "grace", "decision": "approve"})  # fmt: skip
    code = oauth.accept_callback(flow, dict(parse_qsl(urlsplit(answer.headers["Location"]).query)))
    connection = connect_account(endpoints, CLIENT_ID, Secret(CLIENT_SECRET), code,
                                 flow.redirect_uri)  # fmt: skip
    assert connection.username == "grace"
    assert connection.is_for("Grace")
    assert not connection.is_for("alice")
    assert TOKENS["grace"] not in repr(connection)


# -- the transport rule ----------------------------------------------------------------------------


class Recorder(http.server.BaseHTTPRequestHandler):
    """A server on a non-loopback address (for the rule: only 127.0.0.1, localhost, ::1)."""

    seen: list[str] = []

    def do_GET(self) -> None:
        Recorder.seen.append(self.headers.get("Authorization", ""))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"username": "eve", "hourly_limit": 1, "remaining_hits": 1}')

    do_POST = do_GET

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def plain_http_host() -> Iterator[str]:
    """``http://127.0.0.2:PORT``: a plain-HTTP host that is not one of the loopback names."""
    Recorder.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.2:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    "command",
    [
        ["auth", "status", "--api-url", "{host}/rest/v2"],
        ["doctor", "--api-url", "{host}/rest/v2"],
        ["sync", "{manifest}", "--api-url", "{host}/rest/v2"],
        ["auth", "login", "--client-id", "x", "--client-secret", "y", "--no-browser",
         "--timeout", "1", "--web-url", "{host}"],
    ],
)  # fmt: skip
def test_the_cli_sends_no_token_over_plain_http_off_loopback(
    plain_http_host: str,
    env: Path,
    command: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    manifest = write_manifest(env / "m.json", Endpoints(api_url="http://127.0.0.1:9/rest/v2"),
                              posts("alice"))  # fmt: skip
    argv = [part.format(host=plain_http_host, manifest=manifest) for part in command]
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "https" in capsys.readouterr().err
    assert Recorder.seen == []


def test_the_client_refuses_a_plain_http_api_off_loopback(plain_http_host: str) -> None:
    endpoints = Endpoints(api_url=f"{plain_http_host}/rest/v2", web_url=plain_http_host)
    with pytest.raises(ConfigError, match="api_url"):
        FlattrClient(endpoints, Secret("tok"))
    with pytest.raises(ConfigError, match="web_url"):
        oauth.exchange_code(endpoints, "id", Secret("secret"), "code", "http://127.0.0.1/cb")
    with FlattrClient(endpoints, None) as anonymous:  # no token: public reads may go anywhere
        assert anonymous.user().username == "eve"
    assert Recorder.seen == [""]


def test_loopback_plain_http_is_allowed(sandbox: Sandbox, env: Path) -> None:
    api = sandbox.api_url.replace("127.0.0.1", "localhost")
    done = subprocess.run(
        [*FLATTR, "auth", "status", "--api-url", api],
        capture_output=True, text=True, timeout=30, check=False,
        env={**child_env(env), "FLATTR_TOKEN": TOKENS["alice"]},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"Logged in to {api} as alice" in done.stdout
