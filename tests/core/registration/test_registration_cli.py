"""The `flattr` command (in process, and `auth login` in a real subprocess) and register_build."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from registration_kit import (
    CLIENT_ID,
    CLIENT_SECRET,
    TOKEN,
    child_env,
    endpoints_of,
    flattr_process,
    make_things,
    remote_urls,
)

from flattr_core.cli.main import ProgressBar, main
from flattr_core.errors import FlattrError
from flattr_core.models import Endpoints
from flattr_core.registration.build import register_build
from flattr_core.registration.manifest import write_manifest
from flattr_core.settings import SiteConfig, tokens
from flattr_sandbox import Sandbox

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FLATTR_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("FLATTR_TOKEN", TOKEN)
    return tmp_path


def test_sync_command_registers_then_skips(
    sandbox: Sandbox, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = write_manifest(env / "site" / "m.json", endpoints_of(sandbox), make_things(8))
    assert main(["sync", str(manifest)]) == 0
    assert "8 created" in capsys.readouterr().out
    assert (env / "site" / "flattr-things.sqlite").exists()
    assert main(["sync", str(manifest), "--concurrency", "2"]) == 0
    assert "8 unchanged" in capsys.readouterr().out
    assert len(remote_urls(sandbox)) == 8


def test_sync_without_a_token_exits_3(
    sandbox: Sandbox, env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("FLATTR_TOKEN")
    manifest = write_manifest(env / "m.json", endpoints_of(sandbox), make_things(1))
    assert main(["sync", str(manifest)]) == 3
    assert "flattr auth login" in capsys.readouterr().err
    assert main(["sync", str(manifest), "--token-env", "NOT_SET_ANYWHERE"]) == 3
    assert "NOT_SET_ANYWHERE" in capsys.readouterr().err


def test_sync_of_a_bad_manifest_exits_1_naming_the_field(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = env / "m.json"
    path.write_text(json.dumps({"version": 1, "things": [{"url": "nope"}]}))
    assert main(["sync", str(path)]) == 1
    err = capsys.readouterr().err
    assert "things[0].url" in err
    assert "things[0].owner" in err


def test_sync_that_defers_exits_5(tmp_path: Path, env: Path) -> None:
    from registration_kit import start_sandbox

    server = start_sandbox(tmp_path / "limited.sqlite", rate_limit=12)
    try:
        manifest = write_manifest(env / "m.json", endpoints_of(server), make_things(10))
        assert main(["sync", str(manifest), "--concurrency", "1"]) == 5
    finally:
        server.close()


def test_doctor_passes_on_a_good_setup(
    sandbox: Sandbox, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = write_manifest(env / "m.json", endpoints_of(sandbox), make_things(2))
    assert main(["doctor", "--manifest", str(manifest), "--online"]) == 0
    out = capsys.readouterr().out
    assert "2 things" in out
    assert "belongs to alice" in out
    assert "PROBLEM" not in out


def test_doctor_reports_every_problem(
    sandbox: Sandbox, env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("FLATTR_TOKEN")
    config = env / "site.toml"
    config.write_text(
        f'[flattr]\nusername = "alice"\ncategory = "poems"\nregister = "sometimes"\n'
        f'api_url = "{sandbox.api_url}"\n'
    )
    assert main(["doctor", "--config", str(config)]) == 1
    out = capsys.readouterr().out
    assert out.count("PROBLEM") == 3  # category, register, no token
    assert "category" in out
    assert "register" in out
    assert "no token" in out


def test_doctor_reports_an_unreachable_api(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = write_manifest(env / "m.json", Endpoints(api_url="http://127.0.0.1:9/rest/v2"), [])
    assert main(["doctor", "--manifest", str(manifest)]) == 0  # offline: nothing is asked
    capsys.readouterr()
    assert main(["doctor", "--manifest", str(manifest), "--online"]) == 1
    out = capsys.readouterr().out
    assert "could not connect" in out
    assert out.count("PROBLEM") == 2  # /rate_limit and /user


def test_auth_status_and_logout(
    sandbox: Sandbox, env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    api = ["--api-url", sandbox.api_url]
    assert main(["auth", "status", *api]) == 0
    assert "as alice" in capsys.readouterr().out
    monkeypatch.delenv("FLATTR_TOKEN")
    assert main(["auth", "status", *api]) == 3
    monkeypatch.setenv("WRONG", "tok-not-known")
    assert main(["auth", "status", *api, "--token-env", "WRONG"]) == 3
    assert "tok-not-known" not in capsys.readouterr().err
    assert main(["auth", "logout", *api]) == 0
    assert "No stored token" in capsys.readouterr().out


def test_auth_login_in_a_subprocess_stores_a_0600_token(sandbox: Sandbox, tmp_path: Path) -> None:
    env = {k: v for k, v in child_env(tmp_path).items() if k != "FLATTR_TOKEN"}
    args = ["auth", "login", "--no-browser", "--client-id", CLIENT_ID, "--client-secret",
            CLIENT_SECRET, "--api-url", sandbox.api_url, "--web-url", sandbox.url]  # fmt: skip
    process = flattr_process(args, env)
    assert process.stdout is not None
    lines = [process.stdout.readline(), process.stdout.readline()]
    url = lines[1].strip()
    form = {**dict(parse_qsl(urlsplit(url).query)), "user": "alice", "decision": "approve"}
    requests.post(f"{sandbox.url}/oauth/authorize", data=form, timeout=5)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "as alice" in out
    path = tokens.token_path(env)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert tokens.stored_username(sandbox.api_url, env) == "alice"
    token = tokens.load_token(sandbox.api_url, env)
    assert token is not None
    assert token.reveal() not in out + err


def test_sandbox_subcommand_delegates(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["sandbox", "--help"])
    assert caught.value.code == 0
    assert "--latency" in capsys.readouterr().out


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_on_a_terminal_only() -> None:
    screen, pipe = Terminal(), io.StringIO()
    for stream in (screen, pipe):
        bar = ProgressBar(stream, width=10)
        for done in range(11):
            bar(done, 10)
        bar.finish()
    assert "[##########] 10/10" in screen.getvalue()
    assert screen.getvalue().endswith("\n")
    assert pipe.getvalue() == ""


# -- register_build ------------------------------------------------------------------------------


def settings(sandbox_api: str, **extra: object) -> SiteConfig:
    return SiteConfig.from_mapping(
        {"username": "alice", "api_url": sandbox_api, **extra}, environ={}
    )


def test_register_build_registers_and_returns_ids(sandbox: Sandbox, tmp_path: Path) -> None:
    things = make_things(5)
    outcome = register_build(things, settings(sandbox.api_url, token=TOKEN), cache_dir=tmp_path)
    assert outcome.level == "info"
    assert "5 created" in outcome.message
    assert set(outcome.thing_ids) == {t.url for t in things}
    assert outcome.manifest == tmp_path / "flattr-manifest.json"
    again = register_build(things, settings(sandbox.api_url, token=TOKEN, register="never"),
                           cache_dir=tmp_path)  # fmt: skip
    assert "off" in again.message
    assert again.thing_ids == outcome.thing_ids  # known ids still link the buttons


@pytest.mark.parametrize(
    ("extra", "serving", "level", "words"),
    [
        ({}, False, "info", "no token"),
        ({"token": TOKEN}, True, "info", "while serving"),
        ({"register": "always"}, False, "warning", "no token"),
    ],
)
def test_register_build_skips_without_a_request(
    sandbox: Sandbox,
    tmp_path: Path,
    extra: dict[str, object],
    serving: bool,
    level: str,
    words: str,
) -> None:
    before = sandbox.requests
    outcome = register_build(make_things(2), settings(sandbox.api_url, **extra),
                             cache_dir=tmp_path, serving=serving)  # fmt: skip
    assert (outcome.level, outcome.summary) == (level, None)
    assert words in outcome.message
    assert sandbox.requests == before
    assert (tmp_path / "flattr-manifest.json").exists()


def test_register_build_warns_on_network_trouble_unless_strict(tmp_path: Path) -> None:
    dead = "http://127.0.0.1:9/rest/v2"
    outcome = register_build(make_things(2), settings(dead, token=TOKEN), cache_dir=tmp_path,
                             deadline=5)  # fmt: skip
    assert outcome.level == "warning"
    assert "2 failed" in outcome.message
    with pytest.raises(FlattrError, match="2 failed"):
        register_build(make_things(2), settings(dead, token=TOKEN, strict=True),
                       cache_dir=tmp_path, deadline=5)  # fmt: skip
