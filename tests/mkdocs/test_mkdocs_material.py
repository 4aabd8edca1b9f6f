"""Material for MkDocs: its blog plugin (posts get buttons, the index's excerpts do not), its
search, instant navigation, and mkdocs-rss-plugin's feeds with payment links."""

from __future__ import annotations

import feedparser
import pytest
from mkdocs_checks import flattr_of, submit_params
from mkdocs_sites import (
    BLOG_PAGES,
    PAGES,
    SITE_URL,
    build_site,
    flattr_options,
    rss_options,
    write_site,
)

POSTS = {
    "blog/posts/first.md": f"{SITE_URL}blog/2024/01/02/first-post/",
    "blog/posts/second.md": f"{SITE_URL}blog/2024/02/03/second-post/",
}

NO_THING = (SITE_URL + "private/", SITE_URL + "drafts/wip/")  # opted out, excluded
LISTINGS = tuple(SITE_URL + path for path in ("blog/category/", "blog/archive/"))


@pytest.fixture(scope="module")
def blog(tmp_path_factory):
    """A Material site with the blog, search, rss (two instances) and instant navigation."""
    root = tmp_path_factory.mktemp("material-blog")
    plugins = [
        "search",
        {"blog": {"post_url_format": "{date}/{slug}"}},
        {"rss": rss_options(root, match_path="blog/posts/.*")},
        {
            "rss": rss_options(
                root, feeds_filenames={"rss_created": "all.xml"}, json_feed_enabled=False
            )
        },
        {"flattr": flattr_options()},
    ]
    theme = {"name": "material", "features": ["navigation.instant"]}
    site = write_site(root, theme=theme, plugins=plugins, pages={**PAGES, **BLOG_PAGES})
    return build_site(site, strict=True)


def dest(url: str) -> str:
    return url.removeprefix(SITE_URL) + "index.html"


@pytest.mark.parametrize("source", sorted(POSTS))
def test_each_post_has_one_button_and_payment_link(blog, source):
    flattr = flattr_of(blog.document(dest(POSTS[source])))
    assert len(flattr.buttons) == 1
    params = flattr.params
    assert params["url"] == POSTS[source]
    assert flattr.buttons[0] == flattr.payment_links[0]


def test_post_author_and_tags_come_from_front_matter(blog):
    params = flattr_of(blog.document(dest(POSTS["blog/posts/first.md"]))).params
    assert params["user_id"] == "jane_flattr"  # authors: [jane] -> the authors option
    assert params["tags"] == "docs,launch"
    assert params["title"] == "First post"
    second = flattr_of(blog.document(dest(POSTS["blog/posts/second.md"]))).params
    assert second["user_id"] == "site_owner"


@pytest.mark.parametrize(
    "listing", ["blog/index.html", "blog/archive/2024/index.html", "blog/category/news/index.html"]
)
def test_listings_and_their_excerpts_have_no_button(blog, listing):
    html = blog.html(listing)
    assert "The excerpt of the first post." in html  # the excerpt is there ...
    flattr = flattr_of(blog.document(listing))
    assert flattr.buttons == []  # ... without a button
    assert "flattr-button -->" not in html


def test_search_index_has_no_button_markup(blog):
    index = blog.search_index()
    assert "A short second post." in index
    for trace in ("flattr-button", "Flattr this", "submit/auto", "flattr-slot"):
        assert trace not in index


def test_button_is_inside_what_instant_navigation_swaps(blog):
    """Instant navigation replaces [data-md-component=container] and merges the head, so the
    page navigated to shows its own button and brings its own payment link and stylesheet."""
    document = blog.document("guide/install/index.html")
    container = next(e for e in document.iter("div") if e.get("data-md-component") == "container")
    buttons = [a for a in container.iter("a") if "flattr-button" in a.get("class", "").split()]
    assert len(buttons) == 1
    assert buttons[0].get("href").startswith("https://flattr.com/submit/auto?")
    assert not [s for s in document.iter("script") if "flattr" in (s.text or "")]  # no inline JS


def feed(blog, name):
    parsed = feedparser.parse((blog.site_dir / name).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def payment_links(links):
    return [link["href"] for link in links if link.get("rel") == "payment"]


@pytest.mark.parametrize("name", ["feed_rss_created.xml", "feed_rss_updated.xml", "all.xml"])
def test_feeds_have_channel_and_item_payment_links(blog, name):
    parsed = feed(blog, name)
    channel = payment_links(parsed.feed.links)
    assert len(channel) == 1
    assert submit_params(channel[0])["url"] == SITE_URL
    assert submit_params(channel[0])["user_id"] == "site_owner"
    assert parsed.entries
    for entry in parsed.entries:
        links = payment_links(entry.links)
        if entry.link in (*NO_THING, SITE_URL + "blog/") or entry.link.startswith(LISTINGS):
            assert links == [], entry.link
            continue
        assert len(links) == 1, entry.link
        assert submit_params(links[0])["url"] == entry.link


def test_post_feed_items_match_their_pages(blog):
    parsed = feed(blog, "feed_rss_created.xml")
    assert {entry.link for entry in parsed.entries} == set(POSTS.values())
    for entry in parsed.entries:
        page = flattr_of(blog.document(dest(entry.link)))
        assert payment_links(entry.links) == page.payment_links


def test_feed_descriptions_have_no_button_markup(blog):
    for name in ("feed_rss_created.xml", "all.xml"):
        xml = (blog.site_dir / name).read_text(encoding="utf-8")
        assert "flattr-button" not in xml
        assert "Flattr this" not in xml
