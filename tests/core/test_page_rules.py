"""Rules real sites showed (issue 11): short titles, descriptions that skip the page's heading,
redirect stubs, the assets each button style needs, and a button found again after a minifier."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from flattr_core import markup, text
from flattr_core.models import BUTTON_STYLES, ButtonOptions, ContentItem, Creator, Endpoints, Thing
from flattr_core.settings import SiteConfig


@pytest.mark.parametrize(
    ("title", "site_name", "expected"),
    [
        ("Home", "Example Docs", "Home \u2013 Example Docs"),
        ("FAQ", "Example Docs", "FAQ \u2013 Example Docs"),
        ("Blog", "blog", "Blog \u2013 ex.org/blog/"),  # the name is the title: the URL then
        ("Home", "", "Home \u2013 ex.org/blog/"),
        ("A long enough title", "Example Docs", "A long enough title"),
    ],
)
def test_a_short_title_is_joined_to_the_site_name(title, site_name, expected) -> None:
    assert text.make_title(title, "ex.org/blog/", site_name=site_name) == expected


def test_resolution_takes_the_site_name_the_adapter_gives() -> None:
    site = SiteConfig.from_mapping({"username": "jane"}, environ={}, token_fallback=False)
    item = ContentItem(url="https://ex.org/", title="Home", site_name="Example Docs")
    assert site.resolve(item).thing.title == "Home \u2013 Example Docs"
    plain = ContentItem(url="https://ex.org/", title="Home")
    assert site.resolve(plain).thing.title == "Home \u2013 ex.org/"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '<h1 id="x">Getting started<a class="headerlink" href="#x">¶</a></h1><p>Body.</p>',
            "Body.",
        ),
        ("<!-- c -->\n<h1>Other heading</h1>\n<p>The body text.</p>", "The body text."),
        ("<p>Title</p><p>The body text.</p>", "The body text."),  # a first line that is the title
        ("<p>Title words begin this sentence.</p>", "Title words begin this sentence."),
        ("<p>Intro.</p><h1>Late heading</h1>", "Intro.\nLate heading"),  # not leading: kept
    ],
)
def test_a_description_does_not_begin_with_the_heading(body, expected) -> None:
    assert text.make_description(body, fallback="Title", title="Title") == expected


def test_a_description_of_only_a_heading_falls_back() -> None:
    assert text.make_description("<h1>Title</h1>", fallback="Title", title="Title") == "Title"


def test_a_long_description_after_the_heading_is_still_cut() -> None:
    body = "<h1>Title</h1><p>Title</p>" + "<p>" + "word " * 400 + "</p>"
    description = text.make_description(body, fallback="", title="Title")
    assert description == " ".join(["word"] * 199) + "…"


@pytest.mark.parametrize(
    ("head", "redirect"),
    [
        ('<noscript><meta http-equiv="refresh" content="0;url=../guide/"></noscript>', True),
        ("<meta http-equiv=Refresh content='5; URL=https://ex.org/'>", True),
        ('<meta http-equiv="refresh" content="30">', False),  # reloads itself
        ('<meta name="refresh" content="0;url=x">', False),
        # spelled with character references, the head is still read
        ('<meta http-equiv="&#114;efresh" content="0;url=x">', True),
        ('<meta http-equiv="REFRES&#x48;" content="0;url=x">', True),
        ('<title>Q&amp;A</title><meta http-equiv="refresh" content="0;URL=x">', True),
        ('<title>Q&amp;A</title><meta name="description" content="a &lt; b">', False),
    ],
)
def test_is_redirect(head, redirect) -> None:
    assert markup.is_redirect(f"<html><head>{head}</head><body></body></html>") is redirect


_HEAD_PIECES = [
    "<meta ", "http-equiv=", "refresh", "REFRESH", "Re&#102;resh", "&amp;", "&lt;", " content=",
    '"0;url=x"', "'5'", '"', ">", "<noscript>", "</noscript>", "<!--", "-->", "<title>",
    "</title>", "</head>", "<head>", "<script>", "</script>", " ", "x",
]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_HEAD_PIECES), max_size=24).map("".join))
def test_a_head_that_cannot_say_refresh_is_no_redirect_without_reading_it(head: str) -> None:
    """The answer without reading the head's tags is the one reading them gives."""
    from flattr_core.markup.insertion import Head

    document = f"<html><head>{head}</head><body></body></html>"
    assert Head(document).redirects == Head(document)._read[1]


def test_a_refresh_in_the_body_is_no_redirect() -> None:
    page = '<html><head></head><body><meta http-equiv="refresh" content="0;url=x"></body></html>'
    assert not markup.is_redirect(page)


@pytest.mark.parametrize("style", BUTTON_STYLES)
def test_static_files_of_a_style_are_the_ones_its_tags_link(style) -> None:
    linked = str(markup.asset_tags(style, "/a/"))
    files = markup.static_files(style)
    assert all(path.is_file() for path in files.values())
    assert {name for name in markup.static_files() if f"/a/{name}" in linked} == set(files)


def test_static_files_of_several_styles_and_of_none() -> None:
    assert set(markup.static_files("text")) == set()
    assert set(markup.static_files("text", "static")) == {"flattr.css"}
    assert set(markup.static_files()) == {"flattr.css", "flattr-widget.js"}


THING = Thing("https://ex.org/a?b=1&c=2", "A title", "A description", Creator("jane"))


def test_replace_button_finds_a_minified_button() -> None:
    old = markup.button(THING, ButtonOptions("static"), Endpoints())
    new = markup.button(THING, ButtonOptions("static"), Endpoints(), thing_id=7)
    href = str(old).split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    anchor = (
        f"<A CLASS='flattr-button flattr-button--static' href=\"{href}\">"
        "<svg class=flattr-button__logo></svg><span>Flattr this</span></a>"
    )
    page = f"<body><p>Text</p> <div class=flattr-slot>{anchor}</div><a href=/o>x</a></body>"
    replaced = markup.replace_button(page, str(old), str(new))
    assert replaced == page.replace(anchor, str(new))
    assert "https://flattr.com/thing/7" in replaced


def test_replace_button_as_written_and_when_absent() -> None:
    old = markup.button(THING, ButtonOptions("text"), Endpoints())
    new = Markup('<a class="flattr-button" href="https://flattr.com/thing/7">Flattr</a>')
    assert markup.replace_button(f"<p>{old}</p>{old}", old, new) == f"<p>{new}</p>{new}"
    assert markup.replace_button("<p>no button</p>", old, new) is None
    assert markup.replace_button("<p>x</p>", "not markup", new) is None


def test_pages_of_one_stack_of_layers_share_its_profile_and_no_other_stack_gets_it() -> None:
    """What the layers give a page (its owner above all) is worked out once per stack and kept
    by the stack's values: sites configured alike share it, while a site, author or page that
    names another account never gets a kept owner or funding that is not its own."""
    from flattr_core.settings.things import profile

    def config(username: str) -> SiteConfig:
        data = {"username": username, "authors": {"Bob": {"username": "bob"}}, "tags": ["s"]}
        return SiteConfig.from_mapping(data, environ={}, token_fallback=False)

    def owner(site: SiteConfig, authors: tuple[str, ...] = (), **overrides: object) -> str:
        item = ContentItem(url="https://ex.org/a", title="A page", authors=authors)
        item = ContentItem(**{**vars(item), "overrides": overrides})
        return site.resolve(item).thing.owner.username

    alice, carol = config("alice"), config("carol")
    assert [owner(alice), owner(carol), owner(alice)] == ["alice", "carol", "alice"]
    assert owner(alice, ("Bob",)) == owner(carol, ("Bob",)) == "bob"
    assert owner(alice, ("Bob",), username="dave") == "dave"
    assert owner(alice, ("Bob",)) == "bob"
    again = config("alice")
    shared = profile((alice.site, alice.authors["Bob"]))
    assert profile((again.site, again.authors["Bob"])) is shared
    assert profile((carol.site,)) is not profile((alice.site,))
    assert shared.tags == (("s",),)  # the layers' above the page's own
    assert (shared.owner.username, profile((carol.site,)).owner.username) == ("bob", "carol")
