"""The token stays secret everywhere; the OAuth login flow works end to end."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from registration_kit import (
    CLIENT_ID,
    CLIENT_SECRET,
    TOKEN,
    endpoints_of,
    make_things,
    start_sandbox,
)

from flattr_core.errors import AuthError, FlattrError
from flattr_core.models import Secret
from flattr_core.registration import oauth
from flattr_core.registration.build import register_build
from flattr_core.registration.client import FlattrClient
from flattr_core.registration.store import SQLiteThingStore
from flattr_core.registration.sync import sync
from flattr_core.settings import SiteConfig
from flattr_sandbox import Faults, Sandbox

pytestmark = pytest.mark.timeout(60)


def test_token_never_appears_in_logs_errors_reprs_or_manifest(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    faults = Faults(fail_rate=0.2, malformed_rate=0.2, timeout_rate=0.1, hang_seconds=1, seed=5)
    server = start_sandbox(tmp_path / "sandbox.sqlite", faults=faults)
    texts: list[str] = []
    try:
        endpoints = endpoints_of(server)
        client = FlattrClient(endpoints, Secret(TOKEN), timeout=(1.0, 0.3))
        with SQLiteThingStore(tmp_path / "things.sqlite") as store, client:
            summary = sync(make_things(20), client, store, deadline=10)
            texts += [repr(client), repr(store), repr(summary)]
            texts += [str(r.error) for r in store.records()]
        wrong = "tok-wrong-9d8c7b6a5f4e"
        server.set_faults(Faults())
        with FlattrClient(endpoints, Secret(wrong)) as bad, pytest.raises(AuthError) as caught:
            bad.user()
        texts += [str(caught.value), repr(caught.value)]
        config = SiteConfig.from_mapping(
            {"username": "alice", "api_url": endpoints.api_url, "token": TOKEN}, environ={}
        )
        outcome = register_build(make_things(3), config, cache_dir=tmp_path / "cache")
        texts += [repr(config), repr(outcome), outcome.manifest.read_text()]  # type: ignore[union-attr]
    finally:
        server.close()
    assert "POST /things" in caplog.text  # the DEBUG log did record the requests
    everything = caplog.text + "\n".join(texts)
    assert TOKEN not in everything
    assert wrong not in everything
    assert "Authorization" not in caplog.text


def approve(sandbox: Sandbox, authorize_url: str, user: str = "alice") -> requests.Response:
    """What the browser would do: open the page, pick the user, approve; follow the redirect."""
    fields = dict(parse_qsl(urlsplit(authorize_url).query))
    assert requests.get(authorize_url, timeout=5).status_code == 200
    form = {**fields, "user": user, "decision": "approve"}
    return requests.post(f"{sandbox.url}/oauth/authorize", data=form, timeout=5)


def run_login(
    sandbox: Sandbox, **options: object
) -> tuple[list[object], threading.Thread, list[str]]:
    shown: list[str] = []
    result: list[object] = []

    def target() -> None:
        try:
            result.append(
                oauth.login(endpoints_of(sandbox), CLIENT_ID, Secret(CLIENT_SECRET),
                            open_browser=False, timeout=10, show=shown.append)
            )  # fmt: skip
        except FlattrError as exc:
            result.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    for _ in range(200):
        if shown:
            break
        threading.Event().wait(0.02)
    return result, thread, shown


def test_login_flow_end_to_end(sandbox: Sandbox) -> None:
    result, thread, shown = run_login(sandbox)
    url = shown[0].split()[-1]
    assert " " not in url
    assert "scope=flattr%20thing" in url
    assert approve(sandbox, url).status_code == 200  # the loopback page answered
    thread.join(10)
    grant = result[0]
    assert isinstance(grant, oauth.TokenGrant)
    assert grant.token_type.lower() == "bearer"
    with FlattrClient(endpoints_of(sandbox), grant.access_token) as client:
        assert client.user().username == "alice"


def test_login_accepts_capital_bearer(tmp_path: Path) -> None:
    server = start_sandbox(tmp_path / "quirks.sqlite", quirks=True)
    try:
        result, thread, shown = run_login(server)
        approve(server, shown[0].split()[-1])
        thread.join(10)
        assert isinstance(result[0], oauth.TokenGrant)
        assert result[0].token_type == "Bearer"
    finally:
        server.close()


def test_denied_login_is_an_auth_error(sandbox: Sandbox) -> None:
    result, thread, shown = run_login(sandbox)
    fields = dict(parse_qsl(urlsplit(shown[0].split()[-1]).query))
    requests.post(f"{sandbox.url}/oauth/authorize", data={**fields, "decision": "deny"}, timeout=5)
    thread.join(10)
    assert isinstance(result[0], AuthError)
    assert "access_denied" in str(result[0])


def test_code_exchange_errors_are_auth_errors(sandbox: Sandbox) -> None:
    endpoints = endpoints_of(sandbox)
    with pytest.raises(AuthError, match="invalid_grant"):
        oauth.exchange_code(
            endpoints, CLIENT_ID, Secret(CLIENT_SECRET), "nope", "http://127.0.0.1/"
        )
    with pytest.raises(AuthError, match="invalid_client") as caught:
        oauth.exchange_code(endpoints, CLIENT_ID, Secret("wrong-secret"), "x", "http://127.0.0.1/")
    assert "wrong-secret" not in str(caught.value)


def test_login_times_out_when_nobody_approves(sandbox: Sandbox) -> None:
    with pytest.raises(AuthError, match="within"):
        oauth.login(endpoints_of(sandbox), CLIENT_ID, Secret(CLIENT_SECRET),
                    open_browser=False, timeout=0.2, show=lambda _: None)  # fmt: skip
