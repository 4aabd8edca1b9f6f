"""Editors' own Flattr accounts: connected like a site's (OAuth, bound to the flow, confirmed by
name), and each page's thing registered with the token of the account that owns it, against the
sandbox over real HTTP."""

from __future__ import annotations

import pickle
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from conftest import Blog

import flattr_sandbox
from flattr_sandbox import Sandbox, SandboxUser
from wagtail_flattr import models
from wagtail_flattr.models import FlattrAuthor, FlattrSiteSettings, FlattrThing
from wagtail_flattr.tasks import register_page_task

HOST = {"HTTP_HOST": "alpha.test"}
TOKENS = {"alice": "tok-alice-w1", "bob": "tok-bob-w2", "carol": "tok-carol-w3"}
APP = ("wagtail-accounts", "wagtail-accounts-secret")
CALLBACK = "http://alpha.test/admin/flattr/connect/callback/"
CONFIRM = "/admin/flattr/connect/confirm/"


def start_sandbox(tmp_path: Any, settings: Any, **options: Any) -> Sandbox:
    users = [SandboxUser(name, token) for name, token in TOKENS.items()]
    clients = {APP[0]: flattr_sandbox.SandboxClient(APP[1], redirect_uris=(CALLBACK,))}
    box = Sandbox(tmp_path / "accounts.sqlite", users=users, clients=clients, **options).start()
    settings.WAGTAIL_FLATTR = {**settings.WAGTAIL_FLATTR, "API_URL": box.api_url,
                               "WEB_URL": box.url, "CLIENT_ID": APP[0], "CLIENT_SECRET": APP[1],
                               "TIMEOUT": 2}  # fmt: skip
    return box


@pytest.fixture
def box(tmp_path: Any, settings: Any) -> Iterator[Sandbox]:
    running = start_sandbox(tmp_path, settings)
    yield running
    running.close()


@pytest.fixture
def site_connected(blog: Blog) -> Blog:
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(
        token=TOKENS["alice"], connected_as="alice"
    )
    return blog


def owners(box: Sandbox) -> dict[str, str]:
    return {str(t["url"]): t["owner"]["username"] for t in box.things()}  # type: ignore[index]


# -- registration: the owner's token, or none ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_editors_page_is_registered_with_their_own_account(
    box: Sandbox, site_connected: Blog
) -> None:
    FlattrAuthor.objects.create(user=site_connected.editor_a, username="bob",
                                token=TOKENS["bob"], connected_as="bob")  # fmt: skip
    assert "1 created" in register_page_task.call(site_connected.first.pk)
    assert owners(box) == {"http://alpha.test/first/": "bob"}  # not the site's alice


@pytest.mark.django_db(transaction=True)
def test_a_page_whose_account_has_no_token_is_recorded_and_keeps_paying_it(
    box: Sandbox, site_connected: Blog, client: Any
) -> None:
    FlattrAuthor.objects.create(user=site_connected.editor_a, username="carol")  # no token
    outcome = register_page_task.call(site_connected.first.pk)
    assert box.things() == []  # never under the site's alice
    assert "1 thing of carol not registered" in outcome
    row = FlattrThing.objects.get(url="http://alpha.test/first/")
    assert (row.status, row.thing_id) == ("failed", None)
    assert "no connected Flattr account of carol" in row.error
    page = client.get("/first/", **HOST).content.decode()
    assert "user_id=carol" in page  # the auto-submit button still pays carol


@pytest.mark.django_db(transaction=True)
def test_flattr_sync_registers_each_owners_pages_with_their_account(
    box: Sandbox, site_connected: Blog
) -> None:
    from django.core.management import call_command

    FlattrAuthor.objects.create(user=site_connected.editor_a, username="bob",
                                token=TOKENS["bob"], connected_as="bob")  # fmt: skip
    FlattrSiteSettings.objects.filter(site=site_connected.beta).update(username="carol")
    call_command("flattr_sync")
    found = owners(box)
    alpha = [owner for url, owner in found.items() if url.startswith("http://alpha.test/")]
    assert alpha
    assert set(alpha) == {"bob"}
    assert "http://beta.test/beta-post/" not in found  # beta's carol has no connected account


# -- connecting an editor's own account ------------------------------------------------------------


def approve(authorize_url: str, user: str) -> str:
    query = {k: v[0] for k, v in parse_qs(urlsplit(authorize_url).query).items()}
    answer = requests.post(authorize_url.split("?")[0], data={**query, "user": user},
                           allow_redirects=False, timeout=5)  # fmt: skip
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def callback_path(location: str) -> str:
    parts = urlsplit(location)
    assert f"http://{parts.netloc}{parts.path}" == CALLBACK
    return f"{parts.path}?{parts.query}"


@pytest.mark.django_db
def test_an_editor_connects_their_own_account_after_confirming_it(
    box: Sandbox, blog: Blog, client: Any
) -> None:
    client.force_login(blog.editor_a)
    start = client.get("/admin/flattr/account/connect/", **HOST)
    asked = client.get(callback_path(approve(start["Location"], "carol")), **HOST, follow=True)
    text = asked.content.decode()
    assert "Connect Flattr account <strong>carol</strong> to <strong>your own account" in text
    assert FlattrAuthor.objects.filter(user=blog.editor_a).exists() is False  # nothing yet
    session = repr(dict(client.session.items()))
    [pending] = models.FlattrPendingConnection.objects.all()
    assert pending.token not in session  # the session holds a key, never the token
    assert pending.token not in text
    client.post(CONFIRM, {"connect": "yes"}, **HOST)
    account = FlattrAuthor.objects.get(user=blog.editor_a)
    assert (account.connected_as, account.username) == ("carol", "carol")
    assert account.token == pending.token
    assert not models.FlattrPendingConnection.objects.exists()  # used once
    assert account.token.encode() not in pickle.dumps(account)
    page = client.get("/admin/account/", **HOST).content.decode()
    assert "Your own Flattr account <strong>carol</strong> is connected" in page
    assert account.token not in page


@pytest.mark.django_db
def test_cancelling_saves_nothing(box: Sandbox, blog: Blog, client: Any) -> None:
    client.force_login(blog.editor_a)
    start = client.get(f"/admin/flattr/connect/{blog.alpha.pk}/", **HOST)
    client.get(callback_path(approve(start["Location"], "alice")), **HOST)
    client.post(CONFIRM, {"cancel": "yes"}, **HOST)
    assert FlattrSiteSettings.objects.get(site=blog.alpha).token == ""
    assert not models.FlattrPendingConnection.objects.exists()
    assert client.post(CONFIRM, {"connect": "yes"}, **HOST).status_code == 302
    assert FlattrSiteSettings.objects.get(site=blog.alpha).token == ""  # nothing to confirm


@pytest.mark.django_db
def test_an_attackers_approval_is_named_and_not_saved_unconfirmed(
    box: Sandbox, blog: Blog, client: Any
) -> None:
    """The victim started connecting; the attacker approves as bob with the same app and
    gets the victim's browser to the callback with his code. The victim is asked about bob."""
    client.force_login(blog.editor_a)
    start = client.get(f"/admin/flattr/connect/{blog.alpha.pk}/", **HOST)
    attackers = approve(start["Location"], "bob")
    asked = client.get(callback_path(attackers), **HOST, follow=True).content.decode()
    assert "Connect Flattr account <strong>bob</strong> to <strong>Alpha</strong>?" in asked
    assert "the connected Flattr account is bob, but the username is alice" in asked
    assert FlattrSiteSettings.objects.get(site=blog.alpha).token == ""


@pytest.mark.django_db
def test_a_callback_serves_once(box: Sandbox, blog: Blog, client: Any) -> None:
    client.force_login(blog.editor_a)
    start = client.get(f"/admin/flattr/connect/{blog.alpha.pk}/", **HOST)
    back = callback_path(approve(start["Location"], "alice"))
    assert client.get(back, **HOST)["Location"] == CONFIRM
    replayed = client.get(back, **HOST)  # the flow is spent: refused (Wagtail: back to /admin/)
    assert replayed.status_code in (302, 403)
    assert replayed.get("Location") != CONFIRM
    assert models.FlattrPendingConnection.objects.count() == 1


@pytest.mark.django_db
def test_an_expired_flow_is_refused(box: Sandbox, blog: Blog, client: Any) -> None:
    client.force_login(blog.editor_a)
    start = client.get(f"/admin/flattr/connect/{blog.alpha.pk}/", **HOST)
    session = client.session
    session["wagtail_flattr_flow"] = {
        **session["wagtail_flattr_flow"],
        "expires_at": time.time() - 1,
    }
    session.save()
    done = client.get(callback_path(approve(start["Location"], "alice")), **HOST, follow=True)
    assert b"expired" in done.content
    assert not models.FlattrPendingConnection.objects.exists()


@pytest.mark.django_db
def test_an_echoed_state_must_be_the_flows(
    tmp_path: Any, settings: Any, blog: Blog, client: Any
) -> None:
    echoing = start_sandbox(tmp_path, settings, echo_state=True)
    try:
        client.force_login(blog.editor_a)
        start = client.get(f"/admin/flattr/connect/{blog.alpha.pk}/", **HOST)
        back = callback_path(approve(start["Location"], "alice"))
        state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
        assert f"state={state}" in back
        done = client.get(back.replace(state, "another"), **HOST, follow=True)
    finally:
        echoing.close()
    assert b"state differs" in done.content
    assert not models.FlattrPendingConnection.objects.exists()


# -- a connected account that is not the configured username ---------------------------------------


@pytest.mark.django_db
def test_a_connected_account_that_is_not_the_username_is_a_warning(blog: Blog, client: Any) -> None:
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(token="tok", connected_as="bob")
    FlattrAuthor.objects.create(user=blog.admin, username="dave", token="t", connected_as="erin")
    FlattrThing.objects.create(page_id=blog.first.pk, site=blog.alpha, url="http://alpha.test/f/")
    blog.first.owner = blog.admin
    blog.first.save()
    client.force_login(blog.admin)
    warning = "the connected Flattr account is bob, but the username is alice"
    settings_page = f"/admin/settings/wagtail_flattr/flattrsitesettings/{blog.alpha.pk}/"
    assert warning in client.get(settings_page, **HOST).content.decode()
    report = client.get("/admin/flattr/report/", **HOST).content.decode()
    assert warning in report
    assert "the connected Flattr account is erin, but the username is dave" in report
    account = client.get("/admin/account/", **HOST).content.decode()
    assert "the connected Flattr account is erin, but the username is dave" in account
