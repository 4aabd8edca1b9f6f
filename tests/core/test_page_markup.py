"""The doors every host takes for a page and its site: ``page_markup``, ``ButtonMarker`` and
``channel_thing``."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from flattr_core import markup
from flattr_core.models import ButtonOptions, Creator, Endpoints, Thing
from flattr_core.settings import Resolved, SiteConfig, channel_thing

ENDPOINTS = Endpoints()
THING = Thing("https://ex.org/p/", "A page title", "Description", Creator("jane", "abc123"))


@pytest.mark.parametrize("style", ["static", "image", "text", "widget"])
def test_page_markup_is_the_button_the_head_block_and_the_position(style: str) -> None:
    options = ButtonOptions(style, "top")  # type: ignore[arg-type]
    page = markup.page_markup(Resolved(THING, options), ENDPOINTS, thing_id=7, assets_url="/s")
    assert page.button == markup.button(THING, options, ENDPOINTS, thing_id=7)
    tags = [markup.head_tags(THING, ENDPOINTS), markup.asset_tags(options.style, "/s/")]
    assert page.head == Markup("\n").join(tag for tag in tags if tag)
    assert page.position == "top"


def test_assets_url_may_name_each_file() -> None:
    resolved = Resolved(THING, ButtonOptions("widget"))
    page = markup.page_markup(
        resolved, ENDPOINTS, assets_url=lambda name: f"/static/x/{name}?v=1&h=2"
    )
    assert 'href="/static/x/flattr.css?v=1&amp;h=2"' in page.head
    assert 'src="/static/x/flattr-widget.js?v=1&amp;h=2"' in page.head


def test_into_page_puts_head_and_button_in_once() -> None:
    page = markup.page_markup(Resolved(THING, ButtonOptions()), ENDPOINTS, assets_url="/s/")
    document = "<html><head><title>t</title></head><body><main><p>Body</p></main></body></html>"
    once = page.into_page(document)
    assert once == document.replace("</head>", f"{page.head}\n</head>").replace(
        "<p>Body</p>", f"<p>Body</p>\n{markup.button_slot(page.button)}"
    )
    assert page.into_page(once) == once
    assert page.into_content("<p>x</p>") == markup.insert_button("<p>x</p>", page.button, "bottom")


def test_a_button_marker_cannot_be_forged_by_content() -> None:
    marker, other = markup.ButtonMarker(), markup.ButtonMarker()
    assert marker.mark != other.mark  # a new token for every marker
    content = f"<p>Text <!-- flattr-button --> {other.mark}</p>"
    page = marker.marked(content, "both")
    placed = marker.placed(f"<html><body>{page}</body></html>", Markup("<a>B</a>"))
    slot = markup.button_slot(Markup("<a>B</a>"))
    assert placed == f"<html><body>{slot}{content}{slot}</body></html>"
    assert marker.marked(content, "none") == content
    assert marker.unmarked(page) == content


def test_a_button_marker_leaves_a_page_that_shows_a_button_alone() -> None:
    marker = markup.ButtonMarker()
    own = '<a class="FlattrButton" href="https://flattr.com/thing/1">Flattr</a>'
    page = marker.marked(f"<p>{own}</p>", "bottom")
    assert marker.placed(page, Markup("<a>B</a>")) == f"<p>{own}</p>"


def site(**options: object) -> SiteConfig:
    return SiteConfig.from_mapping(options, environ={}, token_fallback=False)


def test_channel_thing_is_the_sites_thing_with_its_home_page_url() -> None:
    thing = channel_thing(site(username="jane", flattr_id="abc123"), "https://ex.org", "Ex")
    assert thing is not None
    assert thing.url == "https://ex.org/"
    assert thing.owner == Creator("jane", "abc123")
    same = channel_thing(site(username="jane", flattr_id="abc123"), "https://ex.org/", "Ex")
    assert same == thing


@pytest.mark.parametrize(
    "options",
    [
        {},  # nobody to flattr
        {
            "authors": {"Jane": "jane"},
            "sections": {"blog/*": {"username": "bob"}},
        },  # not the site's
        {"username": "jane", "enabled": False},  # Flattr switched off for the whole site
    ],
)
def test_channel_thing_is_none_when_the_site_has_no_thing(options: dict[str, object]) -> None:
    assert channel_thing(site(**options), "https://ex.org/", "Ex") is None


MARKER = markup.ButtonMarker()
PIECES = (
    "<html>",
    "<head>",
    "</head>",
    "<body>",
    "</body>",
    "<p>Text</p>",
    '<meta http-equiv="refresh" content="0; url=/elsewhere/">',
    '<noscript><meta http-equiv="refresh" content="0;url=/x/"></noscript>',
    '<link rel="payment" href="https://flattr.com/submit/auto?url=x">',
    '<link rel="stylesheet" href="flattr.css">',
    '<a class="FlattrButton" href="https://flattr.com/thing/1">F</a>',
    '<div class="funding-support">S</div>',
    "flattr-",
    "button",
    '<a class="',
    '" href="/x">F</a>',
    "<!-- ",
    " -->",
    '<script>var s = "</head>";</script>',
    MARKER.mark,
    MARKER.witness,
)
HEAD_BLOCK = Markup(
    '<link rel="payment" href="https://flattr.com/submit/auto?url=y">\n'
    '<link rel="stylesheet" href="flattr.css">'
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=14),
    st.sampled_from([Markup(""), Markup("<a>B</a>")]),
)
def test_a_marked_page_read_once_answers_as_the_marker_reading_it_whole(
    pieces: list[str], button: Markup
) -> None:
    document = "".join(pieces)
    written = MARKER.read(document)
    assert written.shows_content == MARKER.shows_content(document)
    assert written.unmarked() == MARKER.unmarked(document)
    expected = markup.insert_head(MARKER.placed(document, button), HEAD_BLOCK)
    assert written.placed(button, HEAD_BLOCK) == expected


def test_a_button_split_by_the_marks_is_found_as_the_unmarked_page_reads() -> None:
    """A class name cut by the bottom mark and the witness (an empty text between them) is
    the unmarked page's: the page shows a button, so it gets none (a name was looked for
    across one comment at a time, and this page got a second button)."""
    head = "<html><head><title>T</title></head><body>"
    cut = f'<a class="flattr-{MARKER.mark}{MARKER.witness}button" href="/x">F</a>'
    document = f"{head}{cut}</body></html>"
    expected = markup.insert_head(MARKER.placed(document, Markup("<a>B</a>")), HEAD_BLOCK)
    assert "<a>B</a>" not in expected
    assert MARKER.read(document).placed(Markup("<a>B</a>"), HEAD_BLOCK) == expected


_MARKER = markup.ButtonMarker()
_PIECES = st.sampled_from(
    [_MARKER.mark, _MARKER.witness, _MARKER.mark[:-3], _MARKER.witness[:20], "<!-- ", "x", "\n"]
)


@given(st.lists(_PIECES | st.text(max_size=5), max_size=12).map("".join))
def test_a_page_is_split_at_the_comments_as_the_pattern_splits_it(document: str) -> None:
    """``ButtonMarker.split`` (``str.find``) gives what ``re.split`` with both comments as a
    group gives: texts and comments in turn, the token alone or a cut comment left as text."""
    comments = f"({re.escape(_MARKER.mark)}|{re.escape(_MARKER.witness)})"
    assert _MARKER.split(document) == re.split(comments, document)


@settings(max_examples=1000)
@given(st.text(st.sampled_from(list("&<>\"'a%=?é\u2026")) | st.characters(), max_size=40))
def test_a_url_is_escaped_as_markupsafe_escapes_it(url: str) -> None:
    """The plugin's own escape for its long URLs gives markupsafe's Markup, for any text."""
    from markupsafe import escape

    from flattr_core.markup.concat import escaped_url

    assert escaped_url(url) == escape(url)
    assert type(escaped_url(url)) is type(escape(url))
    assert escaped_url(Markup("<b>&amp;</b>")) == Markup("<b>&amp;</b>")  # already markup


def test_an_escaped_url_is_remembered_for_a_str_never_for_markup_equal_to_it() -> None:
    """The escapes are memoized by the URL: a Markup equal to one is already escaped and
    must come back as it is, not as the str's escape."""
    from flattr_core.markup.concat import escaped_url

    url = "https://x.example/?a=1&b=2"
    assert escaped_url(url) == "https://x.example/?a=1&amp;b=2"
    assert escaped_url(Markup(url)) == url
    assert escaped_url(url) == "https://x.example/?a=1&amp;b=2"
