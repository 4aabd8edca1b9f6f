"""Rendering cost: no query beyond loading the site's settings once per request."""

from __future__ import annotations

from typing import Any

from conftest import Blog, author
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from wagtail_flattr.models import FlattrAuthor, FlattrSiteSettings
from wagtail_flattr.rendering import button_html, head_html


def queries_for(client: Any, path: str) -> int:
    """Queries of one request (a test client loads MIDDLEWARE at its first request)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, HTTP_HOST="alpha.test")
    assert response.status_code == 200
    return len(captured)


def test_tags_cost_no_query_once_settings_are_loaded(
    blog: Blog, django_assert_num_queries: Any
) -> None:
    author(blog.editor_a, "dave", "dave01")  # the per-author account is in play
    page = Page.objects.get(pk=blog.first.pk).specific  # owner not select_related
    warm = RequestFactory().get("/first/", HTTP_HOST="alpha.test")
    assert "user_id=dave" in head_html(warm, page)  # fills the cached lookups
    request = RequestFactory().get("/first/", HTTP_HOST="alpha.test")
    FlattrSiteSettings.for_request(request)
    with django_assert_num_queries(0):
        button = button_html(request, page)
        head = head_html(request, page)
    assert "flattr-button" in button
    assert 'rel="payment"' in head


def test_a_served_post_costs_one_query_more_than_without_flattr(blog: Blog, settings: Any) -> None:
    author(blog.editor_a, "dave")
    flattred_client = Client()
    assert b"user_id=dave" in flattred_client.get("/news/", HTTP_HOST="alpha.test").content
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "flattr" not in m]
    plain_client = Client()
    assert b"flattr" not in plain_client.get("/news/", HTTP_HOST="alpha.test").content
    flattred = queries_for(flattred_client, "/news/")
    plain = queries_for(plain_client, "/news/")
    assert flattred == plain + 1  # FlattrSiteSettings.for_request, once per request


def test_tags_head_and_middleware_share_one_settings_load(client: Any, blog: Blog) -> None:
    queries_for(client, "/first/")
    queries_for(client, "/news/")
    # /first/ uses both tags *and* passes the middleware; /news/ only the middleware.
    # Both templates are otherwise identical in cost, so the counts must match.
    assert queries_for(client, "/first/") == queries_for(client, "/news/")


def test_funding_at_every_level_costs_no_query_more(blog: Blog, settings: Any) -> None:
    """The site's funding is in its settings row, the page's in the page, editors' in one
    cached lookup: a post with all three costs one query more than without Flattr, as ever."""
    author(blog.editor_a, "dave")
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(funding={"liberapay": "alice"})
    editor = FlattrAuthor.objects.get(user=blog.editor_a)
    editor.funding = {"web_monetization": "https://wallet.example/dave"}
    editor.save()  # drops the cached lookup, as the account form does
    blog.news.flattr_funding = {"polar": "newsdesk"}
    blog.news.save()
    funded_client = Client()
    funded = funded_client.get("/news/", HTTP_HOST="alpha.test").content.decode()
    assert "https://liberapay.com/alice/donate" in funded
    assert "https://polar.sh/newsdesk" in funded
    assert '<link rel="monetization" href="https://wallet.example/dave"' in funded
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "flattr" not in m]
    plain_client = Client()
    assert b"funding" not in plain_client.get("/news/", HTTP_HOST="alpha.test").content
    assert queries_for(funded_client, "/news/") == queries_for(plain_client, "/news/") + 1
