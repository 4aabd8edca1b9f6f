"""Which page types get a button when the owner ticked none: the posts, found on the models as
real projects write them (a date and a body of their own, no ``FlattrPageMixin``), and the types
with the Flattr fields; never indexes, plain pages or forms. The settings form says which."""

from __future__ import annotations

import datetime
from typing import Any

import html5lib
import pytest
from conftest import Blog, queued
from test_rendering import buttons, fetch, payment_links
from testapp.models import (
    ArticleIndexPage,
    ArticlePage,
    BlogIndexPage,
    BlogPage,
    JinjaPage,
    NewsPage,
    PlainPage,
)

from wagtail_flattr import page_types
from wagtail_flattr.models import FlattrSiteSettings

HOST = {"HTTP_HOST": "alpha.test"}
BODY = "<p>Notes from the allotment: the beans are up.</p>"


def article(blog: Blog, slug: str = "beans") -> ArticlePage:
    page = ArticlePage(title="Beans", slug=slug, date=datetime.date(2024, 5, 1), body=BODY)
    page.owner = blog.editor_a
    blog.alpha_index.add_child(instance=page)
    return page


def test_a_post_without_flattr_fields_gets_a_button_once_the_username_is_in(
    client: Any, blog: Blog
) -> None:
    """An owner who installs the app and enters a username sees buttons on their posts,
    without editing a model or ticking a type."""
    article(blog)
    document = fetch(client, "/beans/")
    assert len(buttons(document)) == 1
    [href] = payment_links(document)
    assert "user_id=alice" in href
    assert document.index("flattr-slot") > document.index("the beans are up")


def test_indexes_and_plain_pages_get_none(client: Any, blog: Blog) -> None:
    index = ArticleIndexPage(title="Notes", slug="notes", updated=datetime.date(2024, 5, 2),
                             intro=BODY)  # fmt: skip
    blog.alpha_index.add_child(instance=index)
    for path in ("/notes/", "/about/", "/"):
        document = fetch(client, path)
        assert (buttons(document), payment_links(document)) == ([], []), path


def test_ticked_types_replace_the_rule(client: Any, blog: Blog) -> None:
    article(blog)
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(page_types=["testapp.plainpage"])
    assert buttons(fetch(client, "/beans/")) == []
    assert len(buttons(fetch(client, "/about/"))) == 1


@pytest.mark.parametrize(
    ("model", "why"),
    [
        (ArticlePage, "a post: a body and a date of its own"),
        (BlogPage, "has the Flattr fields"),
        (NewsPage, "has the Flattr fields"),
        (JinjaPage, "has the Flattr fields"),
        (ArticleIndexPage, None),  # a date and a body, but it names the types it lists
        (BlogIndexPage, None),
        (PlainPage, None),  # a body (plain text) but no date
    ],
)
def test_the_rule_on_the_test_apps_types(model: Any, why: str | None) -> None:
    assert page_types.why_default(model) == why


def test_publishing_a_post_queues_its_registration(
    connected: Blog, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        page = article(connected)
        page.save_revision().publish()
    assert [r.args for r in queued()] == [[page.pk]]


def panel_items(client: Any, blog: Blog) -> list[str]:
    """The page types the settings form says get a button, as the admin shows them."""
    response = client.get(f"/admin/settings/wagtail_flattr/flattrsitesettings/{blog.alpha.pk}/",
                          **HOST)  # fmt: skip
    assert response.status_code == 200
    tree = html5lib.parse(response.content, namespaceHTMLElements=False)
    [panel] = [d for d in tree.iter("div") if d.get("data-flattr-page-types") is not None]
    return ["".join(item.itertext()).strip() for item in panel.iter("li")]


def test_the_settings_form_says_which_types_get_buttons_now(client: Any, blog: Blog) -> None:
    client.force_login(blog.admin)
    assert panel_items(client, blog) == [
        "Article page (a post: a body and a date of its own)",
        "Blog page (has the Flattr fields)",
        "Jinja page (has the Flattr fields)",
        "News page (has the Flattr fields)",
    ]
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(page_types=["testapp.plainpage"])
    assert panel_items(client, blog) == ["Plain page (ticked)"]
