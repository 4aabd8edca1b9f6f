"""Pages as readers see them: the button and head tags, by template tag, Jinja2 and middleware."""

from __future__ import annotations

from typing import Any

import html5lib
import pytest
from conftest import Blog, author

from wagtail_flattr.models import FlattrSiteSettings


def get(client: Any, page: Any, host: str = "alpha.test") -> str:
    response = client.get(page.url_path.split("/", 2)[2].join(("/", "")) or "/", HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode()


def fetch(client: Any, path: str, host: str = "alpha.test") -> str:
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def parse(document: str) -> Any:
    return html5lib.parse(document, namespaceHTMLElements=False)


def buttons(document: str) -> list[Any]:
    return [a for a in parse(document).iter("a") if "flattr-button" in a.get("class", "")]


def payment_links(document: str) -> list[str]:
    tree = parse(document)
    return [link.get("href") for link in tree.iter("link") if link.get("rel") == "payment"]


def test_blog_post_has_one_button_and_payment_link(client: Any, blog: Blog) -> None:
    document = fetch(client, "/first/")
    assert len(buttons(document)) == 1
    [href] = payment_links(document)
    assert href.startswith("https://flattr.com/submit/auto?")
    assert "user_id=alice" in href
    assert "url=http%3A%2F%2Falpha.test%2Ffirst%2F" in href
    assert '<meta name="flattr:id" content="alice1"' in document
    assert 'href="/static/wagtail_flattr/flattr.css"' in document


def test_button_sits_where_the_template_put_it(client: Any, blog: Blog) -> None:
    tree = parse(fetch(client, "/first/"))
    slot = next(p for p in tree.iter("p") if p.get("class") == "after-body")
    assert [a.get("class") for a in slot.iter("a")] == ["flattr-button flattr-button--static"]


def test_each_site_has_its_own_creator(client: Any, blog: Blog) -> None:
    [beta_link] = payment_links(fetch(client, "/beta-post/", host="beta.test"))
    assert "user_id=bob" in beta_link
    assert "beta.test" in beta_link
    assert '<meta name="flattr:id"' not in fetch(client, "/beta-post/", host="beta.test")


def test_middleware_adds_head_and_button_to_templates_without_tags(client: Any, blog: Blog) -> None:
    document = fetch(client, "/news/")
    assert len(buttons(document)) == 1
    assert len(payment_links(document)) == 1
    article = next(parse(document).iter("article"))
    assert len([a for a in article.iter("a") if "flattr-button" in a.get("class", "")]) == 1


def test_without_middleware_only_the_tags_render(client: Any, blog: Blog, settings: Any) -> None:
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "flattr" not in m]
    assert buttons(fetch(client, "/news/")) == []
    assert len(buttons(fetch(client, "/first/"))) == 1


def test_position_top_and_none(client: Any, blog: Blog) -> None:
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(position="top")
    document = fetch(client, "/news/")
    article = next(parse(document).iter("article"))
    assert "flattr-slot" in (next(iter(article)).get("class") or "")
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(position="none")
    document = fetch(client, "/news/")
    assert buttons(document) == []
    assert len(payment_links(document)) == 1


def test_jinja2_extension(client: Any, blog: Blog) -> None:
    document = fetch(client, "/jinja/")
    assert len(buttons(document)) == 1
    assert len(payment_links(document)) == 1


def test_plain_pages_get_nothing_until_their_type_is_enabled(client: Any, blog: Blog) -> None:
    assert buttons(fetch(client, "/about/")) == []
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(page_types=["testapp.plainpage"])
    document = fetch(client, "/about/")
    assert len(buttons(document)) == 1
    [href] = payment_links(document)
    assert "user_id=alice" in href
    assert "category=text" in href
    assert buttons(fetch(client, "/first/")) == []  # blog posts are no longer enabled


def test_index_page_gets_no_button(client: Any, blog: Blog) -> None:
    document = fetch(client, "/")
    assert buttons(document) == []
    assert payment_links(document) == []


def test_page_opt_out_and_overrides(client: Any, blog: Blog) -> None:
    blog.first.flattr_enabled = False
    blog.first.save()
    assert buttons(fetch(client, "/first/")) == []
    assert payment_links(fetch(client, "/first/")) == []
    blog.second.flattr_username = "carol"
    blog.second.flattr_category = "software"
    blog.second.flattr_tags = "python, wagtail"
    blog.second.flattr_hidden = True
    blog.second.save()
    [href] = payment_links(fetch(client, "/second/"))
    assert "user_id=carol" in href
    assert "category=software" in href
    assert "tags=python%2Cwagtail" in href
    assert "hidden=1" in href


def test_author_account_wins_over_site_but_not_page(client: Any, blog: Blog) -> None:
    author(blog.editor_a, "dave", "dave01")
    [href] = payment_links(fetch(client, "/first/"))
    assert "user_id=dave" in href
    assert '<meta name="flattr:id" content="dave01"' in fetch(client, "/first/")
    blog.first.flattr_username = "erin"
    blog.first.save()
    assert "user_id=erin" in payment_links(fetch(client, "/first/"))[0]
    assert "user_id=bob" in payment_links(fetch(client, "/beta-post/", "beta.test"))[0]


def test_private_pages_get_no_button(client: Any, blog: Blog) -> None:
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=blog.first, restriction_type="password", password="x")
    blog.second  # noqa: B018 (sibling stays public)
    response = client.get("/first/", HTTP_HOST="alpha.test")
    assert b"flattr-button" not in response.content
    assert len(buttons(fetch(client, "/second/"))) == 1


def test_site_without_username_renders_nothing(client: Any, blog: Blog) -> None:
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(username="", flattr_id="")
    document = fetch(client, "/first/")
    assert buttons(document) == []
    assert payment_links(document) == []


@pytest.mark.parametrize("style", ["image", "text", "widget"])
def test_other_styles(client: Any, blog: Blog, style: str) -> None:
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(button=style)
    document = fetch(client, "/first/")
    [button] = buttons(document)
    assert f"flattr-button--{style}" in button.get("class").split()
    assert ("flattr-widget.js" in document) is (style == "widget")


def test_registered_thing_links_to_its_thing_page(client: Any, blog: Blog) -> None:
    from wagtail_flattr import lookups

    lookups.remember_thing_ids({"http://alpha.test/first/": 42})
    [button] = buttons(fetch(client, "/first/"))
    assert button.get("href") == "https://flattr.com/thing/42"
    assert payment_links(fetch(client, "/first/"))[0].startswith("https://flattr.com/submit/auto?")


def test_the_button_assets_are_the_cores_static_files() -> None:
    from pathlib import Path

    from django.contrib.staticfiles import finders

    from flattr_core import markup

    for name, source in markup.static_files().items():
        found = finders.find(f"wagtail_flattr/{name}")
        assert found, name
        assert Path(found).read_bytes() == source.read_bytes()


@pytest.mark.parametrize(
    ("default", "hidden"), [("no", False), ("Off", False), (False, False), ("yes", True), (1, True)]
)
def test_an_install_wide_hidden_default_is_read_as_every_boolean_is(
    client: Any, blog: Blog, settings: Any, default: object, hidden: bool
) -> None:
    """``DEFAULTS: {"hidden": "no"}`` used to hide every thing: the adapter read it with
    ``bool()``; now the core reads it, as it reads every boolean setting."""
    settings.WAGTAIL_FLATTR = {**settings.WAGTAIL_FLATTR, "DEFAULTS": {"hidden": default}}
    [href] = payment_links(fetch(client, "/first/"))
    assert ("hidden=1" in href) is hidden


def test_the_sites_ticked_hidden_wins_over_the_install_wide_default(
    client: Any, blog: Blog, settings: Any
) -> None:
    settings.WAGTAIL_FLATTR = {**settings.WAGTAIL_FLATTR, "DEFAULTS": {"hidden": "no"}}
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(hidden=True)
    [href] = payment_links(fetch(client, "/first/"))
    assert "hidden=1" in href


def test_site_tags_are_split_by_the_cores_one_rule(client: Any, blog: Blog) -> None:
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(tags="garden; herbs, Garden,")
    [href] = payment_links(fetch(client, "/first/"))
    assert "tags=garden%2Cherbs" in href
