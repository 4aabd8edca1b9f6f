"""The admin: site settings (write-only token), the connect flow against the sandbox, the
editor's own account, the report with its permissions, export and retry."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import html5lib
import pytest
import requests
from conftest import SITE_SCOPED, Blog, queued

from wagtail_flattr.compat import ModelWideSitePolicy
from wagtail_flattr.models import FlattrAuthor, FlattrSiteSettings, FlattrThing

HOST = {"HTTP_HOST": "alpha.test"}
# What an editor gets at another site's settings: refused where Wagtail scopes the permission
# to sites (7.1 and later), else the permission is for every site (Wagtail 6.3 to 7.0).
OTHER_SITE = (302, 403) if SITE_SCOPED else (200,)


def settings_url(site: Any) -> str:
    return f"/admin/settings/wagtail_flattr/flattrsitesettings/{site.pk}/"


def form_values(document: bytes, form_id: str | None = None) -> dict[str, Any]:
    """Every field of the page's main form with its current value, as a browser would post it."""
    tree = html5lib.parse(document, namespaceHTMLElements=False)
    values: dict[str, Any] = {}
    for field in tree.iter("input"):
        kind, name = field.get("type", "text"), field.get("name")
        if (
            not name
            or kind in ("submit", "file")
            or (kind in ("checkbox", "radio") and field.get("checked") is None)
        ):
            continue
        values.setdefault(name, []).append(field.get("value", "on" if kind == "checkbox" else ""))
    for select in tree.iter("select"):
        chosen = [
            o.get("value", o.text) for o in select.iter("option") if o.get("selected") is not None
        ]
        values[select.get("name")] = chosen[:1] or [""]
    for area in tree.iter("textarea"):
        values[area.get("name")] = [area.text or ""]
    return values


@pytest.fixture
def failed_things(connected: Blog) -> dict[str, FlattrThing]:
    first = FlattrThing.objects.create(page_id=connected.first.pk, site=connected.alpha,
        url="http://alpha.test/first/", status="failed", error="API error 503")  # fmt: skip
    beta = FlattrThing.objects.create(page_id=connected.beta_post.pk, site=connected.beta,
        url="http://beta.test/beta-post/", status="registered", thing_id=7, flattrs=3)  # fmt: skip
    return {"alpha": first, "beta": beta}


def test_settings_page_shows_connection_never_the_token(client: Any, connected: Blog) -> None:
    client.force_login(connected.admin)
    response = client.get(settings_url(connected.alpha), **HOST)
    assert response.status_code == 200
    assert b"Connected to Flattr as <strong>alice</strong>" in response.content
    assert b"tok-alice" not in response.content
    assert b"/admin/flattr/disconnect/" in response.content
    FlattrSiteSettings.objects.filter(site=connected.beta).update(token="", connected_as="")
    unconnected = client.get(settings_url(connected.beta), **HOST)
    assert b"Connect Flattr account" in unconnected.content
    assert b"tok-bob" not in unconnected.content


def test_saving_settings_keeps_the_token_and_validates(client: Any, connected: Blog) -> None:
    client.force_login(connected.admin)
    data = form_values(client.get(settings_url(connected.alpha), **HOST).content)
    data.update(username=["alice2"], category=["software"], tags=["python, django"])
    data["page_types"] = ["testapp.blogpage", "testapp.plainpage"]
    response = client.post(settings_url(connected.alpha), data, **HOST)
    assert response.status_code == 302
    saved = FlattrSiteSettings.objects.get(site=connected.alpha)
    assert (saved.username, saved.category, saved.tags) == ("alice2", "software", "python, django")
    assert saved.page_types == ["testapp.blogpage", "testapp.plainpage"]
    assert saved.token == "tok-alice"  # a save never wipes the connected account
    data.update(username=["not valid!"], flattr_id=["TOOLONGID"])
    response = client.post(settings_url(connected.alpha), data, **HOST)
    assert response.status_code == 200
    assert b"username: &#x27;not valid!&#x27; is not allowed" in response.content
    assert b"flattr_id: &#x27;TOOLONGID&#x27; is not allowed" in response.content


def test_editor_reaches_only_their_sites_settings(client: Any, connected: Blog) -> None:
    client.force_login(connected.editor_a)
    assert client.get(settings_url(connected.alpha), **HOST).status_code == 200
    assert client.get(settings_url(connected.beta), **HOST).status_code in OTHER_SITE
    client.force_login(connected.writer)
    assert client.get(settings_url(connected.alpha), **HOST).status_code in (302, 403)


def approve(authorize_url: str, user: str) -> str:
    """What the reader's browser does on the sandbox's approve page: POST the decision."""
    query = {k: v[0] for k, v in parse_qs(urlsplit(authorize_url).query).items()}
    action = authorize_url.split("?")[0]
    answer = requests.post(action, data={**query, "user": user}, allow_redirects=False, timeout=5)
    assert answer.status_code in (302, 303), answer.text
    return answer.headers["Location"]


def test_connect_flow_against_the_sandbox(client: Any, sandbox: Any, blog: Blog) -> None:
    client.force_login(blog.editor_a)
    start = client.get(f"/admin/flattr/connect/{blog.alpha.pk}/", **HOST)
    assert start.status_code == 302
    assert start["Location"].startswith(f"{sandbox.url}/oauth/authorize?")
    assert "client_id=wagtail-test" in start["Location"]
    back = urlsplit(approve(start["Location"], "alice"))
    assert back.path == "/admin/flattr/connect/callback/"
    asked = client.get(f"{back.path}?{back.query}", **HOST, follow=True)
    assert b"Connect Flattr account <strong>alice</strong> to <strong>Alpha</strong>?" in (
        asked.content
    )
    assert FlattrSiteSettings.objects.get(site=blog.alpha).token == ""  # not before a yes
    done = client.post("/admin/flattr/connect/confirm/", {"connect": "yes"}, **HOST, follow=True)
    assert b"Connected to Flattr as alice" in done.content
    saved = FlattrSiteSettings.objects.get(site=blog.alpha)
    assert saved.connected_as == "alice"
    assert saved.token
    assert saved.token.encode() not in done.content
    assert saved.token not in repr(saved)
    assert saved.token not in repr(saved.secret)


def test_callback_needs_the_session_that_started_it(client: Any, sandbox: Any, blog: Blog) -> None:
    client.force_login(blog.editor_a)
    url = "/admin/flattr/connect/callback/?code=stolen"
    assert client.get(url, **HOST).status_code in (302, 403)
    assert FlattrSiteSettings.objects.get(site=blog.alpha).token == ""


def test_denied_and_bad_codes_are_reported(client: Any, sandbox: Any, blog: Blog) -> None:
    client.force_login(blog.editor_a)
    base = f"/admin/flattr/connect/{blog.alpha.pk}/"
    client.get(base, **HOST)
    callback = "/admin/flattr/connect/callback/"
    denied = client.get(f"{callback}?error=access_denied", **HOST, follow=True)
    assert b"access_denied" in denied.content
    client.get(base, **HOST)
    bad = client.get(f"{callback}?code=made-up", **HOST, follow=True)
    assert b"Connecting to Flattr failed" in bad.content
    assert FlattrSiteSettings.objects.get(site=blog.alpha).token == ""


def test_connect_to_another_sites_settings_is_refused(client: Any, blog: Blog) -> None:
    client.force_login(blog.editor_a)
    assert client.get(f"/admin/flattr/connect/{blog.beta.pk}/", **HOST).status_code in (302, 403)


def test_disconnect(client: Any, connected: Blog) -> None:
    client.force_login(connected.editor_a)
    url = f"/admin/flattr/disconnect/{connected.alpha.pk}/"
    confirm = client.get(url, **HOST)
    assert confirm.status_code == 200
    assert b"tok-alice" not in confirm.content
    client.post(url, **HOST)
    saved = FlattrSiteSettings.objects.get(site=connected.alpha)
    assert (saved.token, saved.connected_as) == ("", "")


def test_editor_sets_their_own_flattr_account(client: Any, blog: Blog) -> None:
    client.force_login(blog.editor_a)
    page = client.get("/admin/account/", **HOST)
    assert b'name="flattr-username"' in page.content
    data = form_values(page.content)
    data.update({"flattr-username": ["dave"], "flattr-flattr_id": ["dave01"]})
    data.update({"name_email-first_name": ["Ed"], "name_email-last_name": ["Itor"]})
    response = client.post("/admin/account/", data, **HOST)
    assert response.status_code == 302, response.content[:3000]
    account = FlattrAuthor.objects.get(user=blog.editor_a)
    assert (account.username, account.flattr_id) == ("dave", "dave01")
    assert b"user_id=dave" in client.get("/first/", **HOST).content


def test_report_shows_rows_of_permitted_sites(
    client: Any, failed_things: Any, connected: Blog
) -> None:
    client.force_login(connected.admin)
    everything = client.get("/admin/flattr/report/", **HOST)
    assert everything.status_code == 200
    assert b"http://alpha.test/first/" in everything.content
    assert b"API error 503" in everything.content
    assert b"http://beta.test/beta-post/" in everything.content
    assert b"/thing/7" in everything.content
    client.force_login(connected.editor_a)
    own = client.get("/admin/flattr/report/", **HOST)
    assert b"http://alpha.test/first/" in own.content
    assert (b"http://beta.test/beta-post/" not in own.content) is SITE_SCOPED


def test_before_site_scoped_permissions_one_permission_holds_for_every_site(
    connected: Blog,
) -> None:
    """Wagtail 6.3 to 7.0 have no per-site permissions on settings: the policy the app gives
    them then says so in 7.1's terms (every site with the permission, none without)."""
    policy = ModelWideSitePolicy(FlattrSiteSettings)
    everything = {connected.alpha, connected.beta}
    assert set(policy.sites_user_has_permission_for(connected.admin, "change")) == everything
    assert not policy.sites_user_has_permission_for(connected.writer, "change").exists()
    if not SITE_SCOPED:  # the same policy is the model's own there
        assert isinstance(FlattrSiteSettings.get_permission_policy(), ModelWideSitePolicy)
        found = FlattrSiteSettings.get_permission_policy().sites_user_has_permission_for
        assert set(found(connected.editor_a, "change")) == everything


def test_report_filters_and_export(client: Any, failed_things: Any, connected: Blog) -> None:
    client.force_login(connected.admin)
    failed = client.get("/admin/flattr/report/?status=failed", **HOST)
    assert b"http://alpha.test/first/" in failed.content
    assert b"http://beta.test/beta-post/" not in failed.content
    by_site = client.get(f"/admin/flattr/report/?site={connected.beta.pk}", **HOST)
    assert b"http://alpha.test/first/" not in by_site.content
    csv = client.get("/admin/flattr/report/?export=csv", **HOST)
    text = b"".join(csv.streaming_content if csv.streaming else [csv.content]).decode()
    assert text.splitlines()[0].startswith("Url,Site,Status,Flattr thing id,Flattrs,Last error")
    assert "http://beta.test/beta-post/" in text


def test_report_and_menu_hidden_without_permission(
    client: Any, failed_things: Any, connected: Blog
) -> None:
    client.force_login(connected.writer)
    assert client.get("/admin/flattr/report/", **HOST).status_code in (302, 403)
    assert b"/admin/flattr/report/" not in client.get("/admin/", **HOST).content
    client.force_login(connected.editor_a)
    assert b"/admin/flattr/report/" in client.get("/admin/", **HOST).content


def test_retry_enqueues_the_page_again(client: Any, failed_things: Any, connected: Blog) -> None:
    client.force_login(connected.editor_a)
    thing = failed_things["alpha"]
    assert b"Retry" in client.get("/admin/flattr/report/", **HOST).content
    response = client.post(f"/admin/flattr/report/retry/{thing.pk}/", **HOST)
    assert response.status_code == 302
    assert [r.args for r in queued()] == [[connected.first.pk]]
    other = failed_things["beta"]
    elsewhere = client.post(f"/admin/flattr/report/retry/{other.pk}/", **HOST).status_code
    assert elsewhere == (404 if SITE_SCOPED else 302)
    assert client.get(f"/admin/flattr/report/retry/{thing.pk}/", **HOST).status_code == 405
