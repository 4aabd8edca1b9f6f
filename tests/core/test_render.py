"""Buttons, head tags and insertion: parsed with html5lib, exactly the intended tree."""

import xml.etree.ElementTree as ET

import html5lib
import pytest
from content_strategies import things
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from flattr_core import links, markup
from flattr_core.errors import ContentError
from flattr_core.models import BUTTON_STYLES, ButtonOptions, ButtonStyle, Creator, Endpoints, Thing

ENDPOINTS = Endpoints()
SVG = "{http://www.w3.org/2000/svg}"
LOGO_TREE = [
    (
        f"{SVG}svg",
        {
            "class": "flattr-button__logo",
            "viewBox": "0 0 24 24",
            "width": "20",
            "height": "20",
            "aria-hidden": "true",
            "focusable": "false",
        },
    ),
    (f"{SVG}path", {"fill": "currentColor", "d": "M3 3h13l-4 5H8v5l-5 5zM21 21H8l4-5h4v-5l5-5z"}),
]
LABEL = ("span", {"class": "flattr-button__label"})


def tree(markup: str) -> list[tuple[str, dict[str, str]]]:
    """Every element of an HTML fragment, in document order, as (tag, attributes)."""
    fragment = html5lib.parseFragment(markup, treebuilder="etree", namespaceHTMLElements=False)
    return [(el.tag, dict(el.attrib)) for el in fragment.iter() if isinstance(el.tag, str)][1:]


def visible_text(markup: str) -> str:
    fragment = html5lib.parseFragment(markup, treebuilder="etree", namespaceHTMLElements=False)
    return "".join(fragment.itertext())


def widget_data(thing: Thing) -> dict[str, str]:
    data = {
        "data-flattr-uid": thing.owner.username,
        "data-flattr-url": thing.url,
        "data-flattr-title": thing.title,
        "data-flattr-description": thing.description,
        "data-flattr-language": thing.language,
        "data-flattr-category": thing.category,
        "data-flattr-tags": ",".join(thing.tags),
        "data-flattr-hidden": "1" if thing.hidden else "",
    }
    return {key: value for key, value in data.items() if value}


def expected_tree(style: ButtonStyle, thing: Thing, href: str) -> list[tuple[str, dict[str, str]]]:
    classes = f"flattr-button flattr-button--{style}"
    if style == "static":
        return [("a", {"class": classes, "href": href}), *LOGO_TREE, LABEL]
    if style == "text":
        return [("a", {"class": classes, "href": href})]
    if style == "image":
        img = {"class": "flattr-button__badge", "src": ENDPOINTS.badge_url, "alt": "Flattr this"}
        return [
            ("a", {"class": classes, "href": href}),
            ("img", img | {"width": "93", "height": "20"}),
        ]
    anchor = {"class": "FlattrButton " + classes, "href": href} | widget_data(thing)
    anchor["data-loader-src"] = "https://api.flattr.com/js/0.6/load.js?mode=manual"
    return [("a", anchor), *LOGO_TREE, LABEL]


@settings(max_examples=150)
@given(things(), st.sampled_from(BUTTON_STYLES), st.none() | st.integers(1, 10**9))
def test_each_style_parses_to_exactly_the_intended_elements(
    thing: Thing, style: ButtonStyle, thing_id: int | None
) -> None:
    html = markup.button(thing, ButtonOptions(style), ENDPOINTS, thing_id=thing_id)
    href = links.button_target(thing, ENDPOINTS, thing_id)
    assert tree(html) == expected_tree(style, thing, href)
    assert visible_text(html) == ("" if style == "image" else "Flattr this")
    assert "style=" not in html
    assert "<script" not in html.lower()


@settings(max_examples=100)
@given(things())
def test_head_tags_parse_to_exactly_a_payment_link_and_meta(thing: Thing) -> None:
    html = markup.head_tags(thing, ENDPOINTS)
    expected = [
        (
            "link",
            {
                "rel": "payment",
                "href": links.auto_submit_url(thing, ENDPOINTS),
                "type": "text/html",
            },
        )
    ]
    if thing.owner.flattr_id:
        expected.append(("meta", {"name": "flattr:id", "content": thing.owner.flattr_id}))
    assert tree(html) == expected


@settings(max_examples=100)
@given(things(), st.sampled_from(["", "atom", "a1"]))
def test_feed_link_is_well_formed_xml_with_the_exact_href(thing: Thing, prefix: str) -> None:
    html = markup.feed_link(thing, ENDPOINTS, prefix=prefix)
    declaration = f' xmlns:{prefix}="http://www.w3.org/2005/Atom"' if prefix else ""
    root = ET.fromstring(f"<r{declaration}>{html}</r>")
    (link,) = list(root)
    assert link.tag == ("{http://www.w3.org/2005/Atom}link" if prefix else "link")
    assert link.attrib == {
        "rel": "payment",
        "href": links.auto_submit_url(thing, ENDPOINTS),
        "type": "text/html",
    }


def test_feed_link_refuses_a_bad_prefix() -> None:
    thing = Thing("https://ex.org/", "Title", "Description", Creator("jane"))
    with pytest.raises(ContentError, match="prefix"):
        markup.feed_link(thing, ENDPOINTS, prefix='a" onload="x')


def test_the_payment_link_is_never_the_thing_page() -> None:
    thing = Thing("https://ex.org/", "Title", "Description", Creator("jane"))
    assert "/submit/auto?" in markup.head_tags(thing, ENDPOINTS)
    assert "/thing/5" in markup.button(thing, ButtonOptions(), ENDPOINTS, thing_id=5)


def test_unknown_badge_images_get_no_size() -> None:
    thing = Thing("https://ex.org/", "Title", "Description", Creator("jane"))
    custom = Endpoints(badge_url="https://cdn.example.org/my-badge.svg")
    (_, (_, img)) = tree(markup.button(thing, ButtonOptions("image"), custom))
    assert img == {"class": "flattr-button__badge", "src": custom.badge_url, "alt": "Flattr this"}


def test_label_is_escaped() -> None:
    thing = Thing("https://ex.org/", "Title", "Description", Creator("jane"))
    html = markup.button(thing, ButtonOptions("text"), ENDPOINTS, label="<b>Tip</b> me")
    assert visible_text(html) == "<b>Tip</b> me"


def test_asset_tags_and_static_files() -> None:
    assert markup.asset_tags("static", "/assets/flattr") == Markup(
        '<link rel="stylesheet" href="/assets/flattr/flattr.css" />'
    )
    assert tree(markup.asset_tags("widget", "../")) == [
        ("link", {"rel": "stylesheet", "href": "../flattr.css"}),
        ("script", {"src": "../flattr-widget.js", "defer": ""}),
    ]
    assert markup.asset_tags("image", "/x") == Markup(
        '<link rel="stylesheet" href="/x/flattr.css" />'
    )
    assert markup.asset_tags("text", "/x/") == Markup("")
    files = markup.static_files()
    assert set(files) == {"flattr.css", "flattr-widget.js"}
    assert all(path.is_file() for path in files.values())


@pytest.mark.parametrize("href", ["javascript:alert(1)", "data:text/css,a{}", "ftp://x/y.css"])
def test_asset_urls_must_be_relative_or_http(href: str) -> None:
    with pytest.raises(ContentError, match="stylesheet"):
        markup.stylesheet_tag(href)


def test_static_assets_are_csp_safe() -> None:
    css = markup.static_files()["flattr.css"].read_text()
    for needed in (
        "min-block-size: 44px",
        ":focus-visible",
        "prefers-color-scheme: dark",
        "prefers-reduced-motion",
    ):
        assert needed in css
    assert "padding-left" not in css
    assert "margin-left" not in css
    script = markup.static_files()["flattr-widget.js"].read_text()
    assert "eval(" not in script
    assert "innerHTML" not in script
    assert "data-loader-src" in script
    assert "FlattrLoader.setup" in script


BUTTON = markup.button(
    Thing("https://ex.org/p", "Title here", "Description", Creator("jane")),
    ButtonOptions(),
    ENDPOINTS,
)


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        ("top", f'<div class="flattr-slot">{BUTTON}</div>\n<p>Body</p>'),
        ("bottom", f'<p>Body</p>\n<div class="flattr-slot">{BUTTON}</div>'),
        (
            "both",
            f'<div class="flattr-slot">{BUTTON}</div>\n<p>Body</p>\n'
            f'<div class="flattr-slot">{BUTTON}</div>',
        ),
        ("none", "<p>Body</p>"),
    ],
)
def test_insert_button_positions(position: str, expected: str) -> None:
    assert markup.insert_button("<p>Body</p>", BUTTON, position) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "existing",
    [
        "<p>Body</p>",
        '<p><a class="FlattrButton" href="https://flattr.com/x">Flattr</a></p>',
        "<p><A CLASS='x flattr-button' HREF=#>y</A></p>",
    ],
)
def test_insert_button_is_idempotent(existing: str) -> None:
    once = markup.insert_button(existing, BUTTON, "both")
    assert markup.insert_button(once, BUTTON, "both") == once
    assert once.count("flattr-button") + once.count("FlattrButton") >= 1
    if "lattr" in existing:
        assert once == existing


def test_insert_button_ignores_lookalike_classes() -> None:
    assert "flattr-slot" in markup.insert_button(
        '<a class="my-flattr-buttonish">x</a>', BUTTON, "top"
    )


THING = Thing("https://ex.org/p", "Title here", "Description", Creator("jane", "abc123"))
HEAD = markup.head_tags(THING, ENDPOINTS) + Markup("\n") + markup.asset_tags("widget", "/s/")


def test_insert_head_before_head_end_and_idempotent() -> None:
    document = "<!doctype html><html><HEAD><title>t</title></HEAD><body></body></html>"
    once = markup.insert_head(document, HEAD)
    assert once == document.replace("</HEAD>", str(HEAD) + "\n</HEAD>")
    assert markup.insert_head(once, HEAD) == once


def test_insert_head_keeps_an_existing_payment_link_and_meta() -> None:
    document = (
        '<html><head><link href="https://flattr.com/submit/auto?url=x" REL="author payment">'
        "<meta content='zzz999' name='flattr:id'></head></html>"
    )
    once = markup.insert_head(document, HEAD)
    assert once.count("payment") == 1
    assert once.count("flattr:id") == 1
    assert "flattr.css" in once
    assert "flattr-widget.js" in once


def test_insert_head_without_a_head_end() -> None:
    assert markup.insert_head("<head><title>t</title>", HEAD).startswith("<head>" + str(HEAD))
    assert markup.insert_head("<p>fragment</p>", HEAD) == str(HEAD) + "\n<p>fragment</p>"


def test_insert_head_reads_only_the_head() -> None:
    """A payment link, meta or asset reference in the body does not stand for the head's."""
    body = (
        '<body><link rel="payment" href="https://flattr.com/submit/auto?url=other">'
        '<meta name="flattr:id" content="zzz999"><a href="/s/flattr.css">css</a>'
        '<script src="/s/flattr-widget.js" defer></script></body>'
    )
    document = f"<html><head><title>t</title></head>{body}</html>"
    once = markup.insert_head(document, HEAD)
    assert once == document.replace("</head>", str(HEAD) + "\n</head>")
    assert markup.insert_head(once, HEAD) == once


def test_insert_head_without_a_head_end_reads_the_whole_document() -> None:
    fragment = '<p>x</p><link rel="payment" href="https://flattr.com/submit/auto?url=x">'
    once = markup.insert_head(fragment, HEAD)
    assert once.count('rel="payment"') == 1
    assert once.count("flattr:id") == 1
