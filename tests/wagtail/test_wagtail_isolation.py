"""One editor's bad value switches Flattr off only where it applies: never for other editors'
pages, other sites or the feeds, and never by paying another account instead. Bad values are
refused when saved, with an error on their field."""

from __future__ import annotations

import logging
import pickle
from typing import Any

import pytest
from conftest import Blog, author
from test_admin import form_values, settings_url
from test_rendering import buttons, fetch, payment_links

from wagtail_flattr.models import FlattrAuthor, FlattrSiteSettings, FlattrThing
from wagtail_flattr.tasks import register_page_task

HOST = {"HTTP_HOST": "alpha.test"}
BAD = "bad name!"


@pytest.fixture
def broken_editor(blog: Blog) -> Blog:
    """editor_b's own account is invalid: stored before it was checked, or not by the form."""
    author(blog.editor_b, BAD)
    author(blog.editor_a, "dave", "dave01")
    return blog


def test_other_editors_pages_and_sites_keep_their_buttons(client: Any, broken_editor: Blog) -> None:
    first = fetch(client, "/first/")
    assert len(buttons(first)) == 1
    assert "user_id=dave" in payment_links(first)[0]
    feed = client.get("/feed/rss/", **HOST)
    assert feed.status_code == 200
    assert feed.content.count(b'rel="payment"') == 3  # the channel and both posts


def test_the_broken_editors_pages_get_nothing_never_the_sites_account(
    client: Any, broken_editor: Blog
) -> None:
    page = fetch(client, "/beta-post/", host="beta.test")
    assert buttons(page) == []
    assert payment_links(page) == []
    assert "user_id=bob" not in page
    feed = client.get("/feed/atom/", HTTP_HOST="beta.test")
    assert feed.status_code == 200
    assert feed.content.count(b'rel="payment"') == 1  # the channel (the site's own thing)


def test_each_broken_account_is_logged_once(
    client: Any, broken_editor: Blog, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="wagtail_flattr"):
        for _ in range(3):
            fetch(client, "/beta-post/", host="beta.test")
            fetch(client, "/first/")
            client.get("/feed/rss/", HTTP_HOST="beta.test")
    [record] = [r for r in caplog.records if r.name == "wagtail_flattr"]
    message = record.getMessage()
    assert f"author '{broken_editor.editor_b.pk}'" in message
    assert f"authors.{broken_editor.editor_b.pk}.username: {BAD!r}" in message


def test_the_site_settings_save_and_name_the_broken_account(
    client: Any, broken_editor: Blog
) -> None:
    client.force_login(broken_editor.admin)
    page = client.get(settings_url(broken_editor.beta), **HOST)
    assert b"editor_b" in page.content
    assert b"bad name!" in page.content
    data = form_values(page.content)
    data.update(username=["bobby"])
    assert client.post(settings_url(broken_editor.beta), data, **HOST).status_code == 302
    assert FlattrSiteSettings.objects.get(site=broken_editor.beta).username == "bobby"
    healthy = client.get(settings_url(broken_editor.alpha), **HOST)
    FlattrAuthor.objects.filter(user=broken_editor.editor_b).delete()
    assert b"editor_b" not in client.get(settings_url(broken_editor.alpha), **HOST).content
    assert b"editor_b" in healthy.content  # authors are install-wide: every site lists them


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("username", BAD, "username: &#x27;bad name!&#x27; is not allowed"),
        ("flattr_id", "NOT-AN-ID", "flattr_id: &#x27;NOT-AN-ID&#x27; is not allowed"),
    ],
)
def test_the_account_form_refuses_a_bad_value_on_its_field(
    client: Any, blog: Blog, field: str, value: str, words: str
) -> None:
    client.force_login(blog.editor_a)
    data = form_values(client.get("/admin/account/", **HOST).content)
    data.update({"flattr-username": ["dave"], f"flattr-{field}": [value]})
    response = client.post("/admin/account/", data, **HOST)
    assert response.status_code == 200
    assert words.encode() in response.content
    assert not FlattrAuthor.objects.filter(user=blog.editor_a).exists()


def test_the_page_editor_refuses_a_bad_flattr_username(client: Any, blog: Blog) -> None:
    client.force_login(blog.admin)
    url = f"/admin/pages/{blog.first.pk}/edit/"
    data = form_values(client.get(url, **HOST).content)
    data["flattr_username"] = [BAD]
    response = client.post(url, data, **HOST)
    assert response.status_code == 200
    assert b"username: &#x27;bad name!&#x27; is not allowed" in response.content
    assert saved_draft(blog.first).flattr_username == ""
    data["flattr_username"] = ["erin"]
    assert client.post(url, data, **HOST).status_code == 302
    assert saved_draft(blog.first).flattr_username == "erin"


def saved_draft(page: Any) -> Any:
    return type(page).objects.get(pk=page.pk).get_latest_revision_as_object()


def test_site_settings_pickle_without_the_token_after_a_request(
    client: Any, connected: Blog
) -> None:
    response = client.get("/first/", **HOST)
    assert len(buttons(response.content.decode())) == 1
    settings = FlattrSiteSettings.for_request(response.wsgi_request)
    assert settings.secret is not None  # the request used the site's token-carrying settings
    pickled = pickle.dumps(settings)
    assert b"tok-alice" not in pickled
    assert pickle.loads(pickled).username == "alice"


@pytest.mark.django_db(transaction=True)
def test_registration_skips_only_the_broken_editors_pages(sandbox: Any, connected: Blog) -> None:
    author(connected.editor_b, BAD)
    assert "1 created" in register_page_task.call(connected.first.pk)
    outcome = register_page_task.call(connected.beta_post.pk)
    assert "failed" in outcome
    assert f"author '{connected.editor_b.pk}'" in outcome
    record = FlattrThing.objects.get(page_id=connected.beta_post.pk)
    assert (record.status, record.thing_id) == ("failed", None)
    assert [t["url"] for t in sandbox.things()] == ["http://alpha.test/first/"]
