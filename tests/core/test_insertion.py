"""The HTML-aware insertion door: head tags before the real ``</head>``, the button in the
page's content, detection that ignores what a browser would not read as a tag.

Each "decoy" below holds markup a browser does not see as a tag (a comment, a script string,
a title's text, an attribute value); regular expressions took some of them for tags.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import html5lib
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from flattr_core import markup
from flattr_core.markup.htmlscan import Tag
from flattr_core.markup.insertion import HeadBlock
from flattr_core.models import ButtonOptions, Creator, Endpoints, Thing

THING = Thing("https://ex.org/p", "Title here", "Description", Creator("jane", "abc123"))
HEAD = markup.head_tags(THING, Endpoints()) + Markup("\n") + markup.asset_tags("widget", "/s/")
BUTTON = markup.button(THING, ButtonOptions("text"), Endpoints(), thing_id=1)
SLOT = f'<div class="flattr-slot">{BUTTON}</div>'  # what every host places

# Markup inside the head that holds "</head>", a payment link or a button, but no such tag.
HEAD_DECOYS = [
    '<script>var end = "</head>"; document.write("<link rel=payment href=x>");</script>',
    "<script type='module'>if (a </head> b) {}</script>",
    '<!-- </head> <link rel="payment" href="https://x.org"> -->',
    '<meta name="description" content="a > b </head> c">',
    "<meta name='x' content='<link rel=payment href=y>'>",
    "<title>Tags: </head> and <link rel=payment></title>",
    '<style>a::after { content: "</head>"; }</style>',
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">',
    "<?xml-stylesheet href='</head'?>",
    "<![CDATA[ </head ]]>",
    '<!-- <meta name="flattr:id" content="zzz999"> -->',
]
# Markup in a body that holds a Flattr button's class name, but no button.
BODY_DECOYS = [
    '<!-- <a class="flattr-button" href="x">old</a> -->',
    "<script>el.innerHTML = '<a class=\"flattr-button\">';</script>",
    '<textarea><a class="FlattrButton">x</a></textarea>',
    '<p title="<a class=flattr-button>">x</p>',
    '<svg><![CDATA[ <a class="flattr-button"> ]]></svg>',
]


def test_head_tags_go_before_the_real_head_end_not_one_in_a_script_string() -> None:
    head = '<head><script>var s = "</head>";</script><title>t</title>'
    document = f"<!doctype html><html>{head}</head><body><p>x</p></body></html>"
    once = markup.insert_head(document, HEAD)
    assert once == document.replace("</title></head>", f"</title>{HEAD}\n</head>")
    assert markup.insert_head(once, HEAD) == once


@pytest.mark.parametrize("decoy", HEAD_DECOYS)
def test_no_decoy_in_the_head_stands_for_a_tag(decoy: str) -> None:
    document = f"<html><head>{decoy}</head><body></body></html>"
    at = document.rindex("</head>")
    once = markup.insert_head(document, HEAD)
    assert once == document[:at] + str(HEAD) + "\n" + document[at:]


@pytest.mark.parametrize("decoy", [d for d in HEAD_DECOYS if "payment" in d])
def test_a_commented_out_or_scripted_payment_link_is_not_one(decoy: str) -> None:
    assert not markup.has_payment_link(f"<head>{decoy}</head>")
    assert markup.has_payment_link(f'<head>{decoy}<link REL="Author Payment" href=x></head>')


@pytest.mark.parametrize("decoy", BODY_DECOYS)
def test_a_commented_out_or_scripted_button_is_not_one(decoy: str) -> None:
    assert not markup.has_button(decoy)
    assert markup.insert_button(decoy, BUTTON, "bottom") == f"{decoy}\n{SLOT}"


@pytest.mark.parametrize("decoy", BODY_DECOYS)
def test_a_page_with_a_decoy_button_gets_the_real_one(decoy: str) -> None:
    page = f"<html><head></head><body><main><p>Text.</p>{decoy}</main></body></html>"
    assert markup.place_button(page, BUTTON, "bottom").count(SLOT) == 1


def test_the_slot_is_the_one_every_host_places() -> None:
    assert markup.button_slot(BUTTON) == SLOT
    assert markup.insert_button("", BUTTON, "top") == SLOT + "\n"


def test_the_slot_escapes_what_is_not_markup_and_asks_a_markup_subclass_for_its_html() -> None:
    assert markup.button_slot("<b>") == '<div class="flattr-slot">&lt;b&gt;</div>'  # type: ignore[arg-type]

    class Shown(Markup):
        def __html__(self) -> Markup:
            return Markup("<i>shown</i>")

    shown = markup.button_slot(Shown("<b>hidden</b>"))
    assert shown == '<div class="flattr-slot"><i>shown</i></div>'


@settings(max_examples=500, deadline=None)
@given(
    text=st.text(alphabet="</head>x", max_size=60),
    at=st.integers(0, 60),
    addition=st.text(alphabet="<ab>", max_size=5),
)
@example(text="</head></head>", at=7, addition="X")  # what follows is found earlier too
@example(text="abc", at=3, addition="X")  # nothing follows
@example(text="abc", at=0, addition="X")
def test_an_addition_goes_exactly_at_its_offset(text: str, at: int, addition: str) -> None:
    from flattr_core.markup.insertion import _inserted

    at = min(at, len(text))
    assert _inserted(text, at, addition) == text[:at] + addition + text[at:]


def test_a_real_button_is_still_seen() -> None:
    assert markup.has_button("<!-- x --><p><a class='x flattr-button' href=#>y</a></p>")
    assert markup.has_button('<a href=# class="FlattrButton">y</a>')
    assert not markup.has_button('<a class="my-flattr-buttonish">x</a>')


# --- where the button goes in a whole page -------------------------------------------------


def page(main: str, head: str = "") -> str:
    return f"<!doctype html><html><head>{head}</head><body><nav>menu</nav>{main}</body></html>"


def slot_parent(document: str) -> Any:
    """The element that holds the inserted slot, as html5lib (a browser's parser) reads it."""
    tree = html5lib.parse(document, namespaceHTMLElements=False)
    parents = {child: parent for parent in tree.iter() for child in parent}
    [slot] = [e for e in tree.iter("div") if e.get("class") == "flattr-slot"]
    return parents[slot]


def test_the_button_goes_into_the_article() -> None:
    document = page("<main><article><h1>T</h1><p>Body text.</p></article><p>After</p></main>")
    assert slot_parent(markup.place_button(document, BUTTON, "bottom")).tag == "article"


def test_without_an_article_the_button_follows_the_body_not_the_end_of_main() -> None:
    body = '<div class="container"><div class="row"><div class="col-md-8">'
    body += "<p>First paragraph of the post.</p><p>Second paragraph.</p></div></div></div>"
    header = '<div class="hero"><h1>The title</h1><p>An introduction.</p></div>'
    document = page(f"<main>{header}{body}</main>")
    placed = markup.place_button(document, BUTTON, "bottom")
    assert slot_parent(placed).get("class") == "col-md-8"
    assert placed.replace("\n" + SLOT, "", 1) == document


def test_a_data_flattr_slot_pins_the_button() -> None:
    document = page("<main><article><p>Body</p></article><aside data-flattr-slot></aside></main>")
    placed = markup.place_button(document, BUTTON, "top")
    assert slot_parent(placed).tag == "aside"
    assert placed.replace(SLOT + "\n", "", 1) == document


def test_attribute_names_are_read_in_any_case() -> None:
    pinned = page("<main><p>Body</p><div class='share' DATA-Flattr-Slot></div></main>")
    assert slot_parent(markup.place_button(pinned, BUTTON, "top")).get("class") == "share"
    hidden = page("<main><div HIDDEN><p>A long hidden text.</p></div><div><p>x</p></div></main>")
    assert slot_parent(markup.place_button(hidden, BUTTON, "top")).tag == "div"
    assert slot_parent(markup.place_button(hidden, BUTTON, "top")).get("hidden") is None


def test_both_positions_wrap_the_content() -> None:
    document = page("<main><div><p>One.</p><p>Two.</p></div></main>")
    placed = markup.place_button(document, BUTTON, "both")
    content = "<p>One.</p><p>Two.</p>"
    assert placed == document.replace(content, f"{SLOT}\n{content}\n{SLOT}")


@pytest.mark.parametrize(
    "document",
    [
        "<p>A fragment: no body, no place</p>",
        page("<main><p>x</p></main>").replace("</body></html>", ""),
    ],
)
def test_pages_without_a_closed_content_element(document: str) -> None:
    placed = markup.place_button(document, BUTTON, "bottom")
    assert placed.count(SLOT) <= 1
    assert placed.replace("\n" + SLOT, "") == document


def test_position_none_and_an_existing_button_leave_the_page_alone() -> None:
    document = page("<main><p>x</p></main>")
    assert markup.place_button(document, BUTTON, "none") == document
    with_button = page(f"<main><p>x</p>{BUTTON}</main>")
    assert markup.place_button(with_button, BUTTON, "bottom") == with_button


# --- properties: exactly one insertion, the rest byte for byte ------------------------------

_text = st.text(alphabet="ab <>/&\"'=-!\n", max_size=12)
_comments = _text.filter(lambda t: "-" not in t and ">" not in t).map(lambda t: f"<!--{t}-->")
_head_parts = st.lists(st.sampled_from(HEAD_DECOYS) | _comments, max_size=8)
_body_parts = st.lists(
    st.sampled_from([*BODY_DECOYS, "<p>Some text.</p>", "<div>Body <b>bold</b></div>"])
    | _text.filter(lambda t: "<" not in t),
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(head=_head_parts, body=_body_parts)
def test_insert_head_inserts_once_before_the_real_head_end(
    head: list[str], body: list[str]
) -> None:
    before = "<!doctype html><html><head>" + "".join(head)
    document = before + "</head><body>" + "".join(body) + "</body></html>"
    once = markup.insert_head(document, HEAD)
    assert once == before + str(HEAD) + "\n" + document[len(before) :]
    assert markup.insert_head(once, HEAD) == once
    tree = html5lib.parse(once, namespaceHTMLElements=False)  # as a browser reads it
    real = [link for link in tree.iter("link") if link.get("rel") == "payment"]
    assert len(real) == 1


@settings(max_examples=300, deadline=None)
@given(head=_head_parts, body=_body_parts, position=st.sampled_from(["top", "bottom"]))
def test_place_button_inserts_once_and_nothing_else(
    head: list[str], body: list[str], position: str
) -> None:
    document = page("<main>" + "".join(body) + "</main>", head="".join(head))
    placed = markup.place_button(document, BUTTON, position)  # type: ignore[arg-type]
    piece = SLOT + "\n" if position == "top" else "\n" + SLOT
    assert placed.count(piece) == 1
    assert placed.replace(piece, "", 1) == document
    tree = html5lib.parse(placed, namespaceHTMLElements=False)
    assert len([a for a in tree.iter("a") if "flattr-button" in a.get("class", "")]) == 1
    assert markup.place_button(placed, BUTTON, position) == placed  # type: ignore[arg-type]


# --- linear work: the steps taken grow with the document, never with its square -------------

# Inputs that made regular expressions (or a naive tree builder) do quadratic work.
PATHOLOGICAL: dict[str, Callable[[int], str]] = {
    "unclosed articles": lambda n: "<body>" + "<article>" * n + "x",
    "unclosed mains": lambda n: "<body><main>" + "<main><p>x" * n,
    "tags never ending": lambda n: "<head>" + "<a " * n,
    "comments never ending": lambda n: "<!--" * n,
    "unclosed scripts": lambda n: "<script>" * n,
    "unclosed quotes": lambda n: '<a href="' * n,
    "stray end tags in depth": lambda n: "<div>" * n + "</span>" * n,
    "paragraphs in depth": lambda n: "<p><b>" * n + "<div>" * n,
    "list items": lambda n: "<ul>" + "<li><ul>" * n + "<li>" * n,
    "head ends in scripts": lambda n: "<head>" + '<script>"</head>"</script>' * n,
    "spaces before no equals": lambda n: "<a" + " x" * n + " " * n,
    "many attributes": lambda n: "<a " + "".join(f"a{i}='{i}' " for i in range(n)) + ">",
    "lone angle brackets": lambda n: "a < b " * n,
}


def steps(function: Callable[[], object]) -> int:
    """How many lines of the insertion modules run while ``function`` runs."""
    from flattr_core.markup import htmlscan, insertion, outline

    files = {module.__file__ for module in (htmlscan, insertion, outline)}
    count = 0

    def trace(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        if frame.f_code.co_filename not in files:
            return None
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        function()
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_work_grows_linearly_with_the_document(name: str) -> None:
    make = PATHOLOGICAL[name]

    def work(n: int) -> int:
        document = make(n)
        return steps(
            lambda: (
                markup.insert_head(document, HEAD),
                markup.place_button(document + " flattr-button", BUTTON, "bottom"),
                markup.has_payment_link(document),
            )
        )

    small, large = work(200), work(1600)
    assert large <= 8 * small * 1.1 + 200, (small, large)  # 8x the input, about 8x the steps


_tag_like = st.lists(
    st.sampled_from(["<", "</", "a", "B", "x-y", " ", "\n", "=", '"', "'", "/", ">", "&amp;", "é"]),
    max_size=24,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(text=_tag_like)
def test_the_one_pattern_tag_reader_agrees_with_the_step_by_step_one(text: str) -> None:
    from flattr_core.markup import htmlscan

    for lt in (i for i, char in enumerate(text) if char == "<"):
        fast, slow = htmlscan._tag_at(text, lt), htmlscan._tag_read(text, lt)
        if slow is None or fast is None:
            assert fast is slow is None
            continue
        seen = (fast.name, fast.end, fast.closing, fast.self_closing, dict(fast.attrs))
        assert seen == (slow.name, slow.end, slow.closing, slow.self_closing, dict(slow.attrs))


_block = st.lists(
    st.sampled_from(
        [
            str(markup.head_tags(THING, Endpoints())),
            str(markup.asset_tags("widget", "/s/")),
            '<link rel="monetization" href="https://wallet.example/alice" />',
            "<script>if (a < b) {}</script>",
            '<meta name="flattr:id" content="abc123" />',
        ]
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(head=_head_parts, blocks=_block)
def test_a_head_block_of_blocks_inserts_what_its_text_would(
    head: list[str], blocks: list[str]
) -> None:
    """A HeadBlock's blocks are read once each (and remembered): the result is that of the
    same text given whole, and of the block joined to something else."""
    document = "<html><head>" + "".join(head) + "</head><body></body></html>"
    block = HeadBlock.of(Markup(b) for b in blocks)
    whole = Markup("\n".join(blocks))
    assert markup.insert_head(document, block) == markup.insert_head(document, whole)
    grown = block + Markup('\n<link rel="stylesheet" href="/more.css" />')
    assert markup.insert_head(document, grown) == markup.insert_head(
        document, whole + grown[len(whole) :]
    )


_own_tag_like = st.lists(
    st.sampled_from(
        [
            '<link rel="payment" href="',
            '<meta name="flattr:id" content="',
            '" type="text/html" />',
            '" />',
            "https://flattr.com/submit/auto?user_id=a&amp;url=x",
            '"',
            "'",
            "<",
            ">",
            "\n",
            " ",
            "&#34;",
            "<!--",
            "-->",
        ]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(block=_own_tag_like)
def test_a_page_s_own_tags_are_known_by_form_as_the_tokenizer_reads_them(block: str) -> None:
    """The payment link and flattr:id meta are recognised without reading them (they differ
    on every page): whatever is recognised so is exactly what the tokenizer makes of it."""
    from flattr_core.markup import insertion

    assert insertion._block_pieces(block) == insertion._read_block_pieces(block)


def test_the_own_tags_head_py_writes_are_known_by_form() -> None:
    from flattr_core.markup import insertion

    thing = Thing("https://ex.org/p", 'A "title" <b>', "a > b", Creator("jane", 'x"<y'))
    block = str(markup.head_tags(thing, Endpoints()))
    assert "\n" in block  # the payment link and the flattr:id meta
    assert all(insertion._OWN_TAG.fullmatch(line) for line in block.split("\n"))


# Fragments, and whole tags of every name the scan treats apart (in any case, and near-misses).
# fmt: off
_MARKUP_PIECES = [
    "<", "</", ">", "/", " ", "=", '"', "'", "\n", "x", "&amp;", "<!--", "-->", "<!", "<?",
    "<![CDATA[", "]]>", "<head>", "</head>", "<HEAD>", "<Link rel=x>", "<lin\u212a>",
    "<meta a='>'>", "<script>", "</script>", "<SCRIPT>", "<style>", "</style>", "<title>",
    "</title>", "<textarea>", "<noscript>", "</noscript>", "<svg>", "</svg>", "<math/>",
    "<plaintext>", "<xmp>", "<div>", "<scripts>", "<\u017fcript>", "<a href='#'>", "</a>",
    "head", "link", "meta", "script", "a",
    # passed whole too: doctypes, comments and raw text (a head's title) outside SVG and MathML
    "<!DOCTYPE html>", "<!doctype>", "<!-->", "<!--->", "--!>", "-", "<TITLE>", "</TITLE>",
    "<title/>", "<t\u0131tle>", "<iframe>", "</iframe>", "</xmp>", "</textarea>",
]
# fmt: on
_markup_like = st.lists(st.sampled_from(_MARKUP_PIECES), max_size=30).map("".join)
_names = st.sets(
    st.sampled_from(["head", "link", "meta", "script", "noscript", "a", "svg", "title"])
)


@settings(max_examples=2000, deadline=None)
@given(document=_markup_like, names=_names)
@example(document="<svg><script><link></script></svg>", names={"link"})  # no raw text in SVG
@example(document="<svg><![CDATA[<meta>]]><meta></svg>", names={"meta"})
@example(document="<title><link></title><link>", names={"link"})  # a title's text holds no tag
@example(document="<svg><title><link></title></svg><title><link>", names={"link"})
@example(document="<!--><link><!-- <link> --!><link>", names={"link"})
def test_scanning_for_some_names_finds_those_tags_of_the_whole_scan(
    document: str, names: set[str]
) -> None:
    """The tags passed over in one pattern match are exactly those a whole scan finds and
    ``only`` leaves out: the same tags of those names, at the same places, read the same."""
    from flattr_core.markup import htmlscan

    def seen(found: list[htmlscan.Tag]) -> list[tuple[object, ...]]:
        return [(t.name, t.start, t.end, t.closing, t.self_closing, dict(t.attrs)) for t in found]

    only = frozenset(names)
    whole = [tag for tag in htmlscan.tags(document) if tag.name in only]
    assert seen(list(htmlscan.tags(document, only))) == seen(whole)


# A tag the head already has, spelled with character references, and what inserting it again
# would add: it must not be added.
SPELLED = {
    '<link rel="pay&#109;ent" href="https://x.org/p">': 'rel="payment"',
    '<link rel="PAY&#x4D;ENT" href="https://x.org/p">': 'rel="payment"',
    '<meta name="flattr&colon;id" content="abc123">': 'name="flattr:id"',
    '<link rel="stylesheet" href="/s/flattr&period;css">': 'href="/s/flattr.css"',
}


@pytest.mark.parametrize("spelled", SPELLED)
def test_a_tag_spelled_with_character_references_is_still_the_tag(spelled: str) -> None:
    """Beside escapes (``&amp;``, ``&#39;``, ``&lt;``), which spell none of it, a reference
    that spells part of a tag's value has the head's tags read."""
    head = f'<title>Q&amp;A &#39;x&#39; &lt;3</title>{spelled}<meta name="d" content="a &amp; b">'
    placed = markup.insert_head(f"<html><head>{head}</head><body></body></html>", HEAD)
    assert SPELLED[spelled] not in placed
    assert placed.count("<link") + placed.count("<meta") + placed.count("<script") == 5


# The references a theme's head holds (a title's dashes and quotes, a font URL's bare "&"),
# and some that spell part of a value the head is searched for.
_HEAD_PIECES = [
    "<title>Blog &ndash; Post &raquo; x</title>",
    "<title>Q&amp;A &#39;x&#39;</title>",
    '<link href="https://fonts.example/css2?family=A&family=B&display=swap" rel="stylesheet">',
    '<link rel="pay&#109;ent" href="https://x.org/p">',
    '<link rel="PAY&#x4D;ENT" href="/p">',
    '<link rel="payment" href="https://x.org/p">',
    '<meta name="flattr&colon;id" content="1">',
    '<meta name="FLATTR:ID" content="2">',
    '<meta http-equiv="re&#102;resh" content="0;url=/x">',
    '<meta http-equiv="Refresh" content="0; URL=/y">',
    '<link rel="stylesheet" href="/s/a.css">',
    '<link rel="stylesheet" href="/s/flattr&period;css">',
    '<meta name="d" content="&middot;">',
    '<script src="/s/flattr&#46;js" defer></script>',
    '<noscript><meta http-equiv="refresh" content="0;url=/z"></noscript>',
    "&notit; &ampx &#0; &#x110000; &",
    "<title>\u0130stanbul &ndash; PAYMENT</title>",  # a letter that lowercases to two
    '<link rel="alternate" href="/a?x=1&payment=2">',
    " ",
    "\n",
]


@settings(max_examples=1000, deadline=None)
@given(pieces=st.lists(st.sampled_from(_HEAD_PIECES), max_size=8))
def test_a_head_s_references_leave_its_tags_unread_only_where_none_spells_the_value(
    pieces: list[str],
) -> None:
    """A head whose references decode to no character of the value looked for is not read tag
    by tag, nor is a tag whose references decode to none; what the head is found to hold, and
    where the tags go, are those of reading every tag that holds any reference."""
    from flattr_core.markup import insertion

    document = "<html><head>" + "".join(pieces) + "</head><body></body></html>"
    skipping, reading = insertion.Head(document), insertion.Head(document)

    def holds(tag: Tag, value: str, lower: bool) -> bool:  # any reference may spell anything
        text = document[tag.start : tag.end]
        return "&" in text or value in (text.lower() if lower else text)

    reading._may_spell = lambda value: "&" in document  # type: ignore[method-assign]
    reading._holds = holds  # type: ignore[method-assign]
    assert skipping.addition(HEAD) == reading.addition(HEAD)
    assert skipping.redirects == reading.redirects


def _head_given_all_of(head: str) -> Any:
    """The ``Head`` of a page whose head is ``head``, once it was found to lack all of
    ``HEAD``'s tags, to go before its ``</head>``."""
    from flattr_core.markup import insertion

    document = f"<html><head>{head}</head><body></body></html>"
    found = insertion.Head(document)
    at, missing = found.addition(HEAD)
    assert missing == str(HEAD) + "\n"
    assert at == document.index("</head>")
    return found


def test_a_theme_s_dashes_and_font_urls_do_not_have_its_head_read_tag_by_tag() -> None:
    """A title's ``&ndash;`` and a font URL's ``&family=`` (Flex's head, and many themes')
    spell no payment link, flattr:id or asset: the tags are placed without reading the head's
    others (which took 200 µs a page of Flex, five times the rest of the insertion)."""
    head = _head_given_all_of(
        "<title>Alexis' log &ndash; Article 1</title>" + _HEAD_PIECES[2]
        + '<meta name="description" content="a &raquo; b">'
    )  # fmt: skip
    assert not head.redirects
    assert "_read" not in vars(head)  # no tag of the head was read beyond its links


def test_a_tag_whose_references_spell_nothing_looked_for_is_not_read() -> None:
    """A head that says "payment" (a description's "micropayment") has its links read for a
    payment link; a font link whose only ``&`` starts no reference (``&family=``) is passed
    over, its attributes never parsed."""
    head = _head_given_all_of(
        '<meta name="description" content="On micropayment">' + _HEAD_PIECES[2]
        + '<link rel="stylesheet" href="/s/a.css">'
    )  # fmt: skip
    font = next(link for link in head.links if "fonts" in link.text)
    assert font._attrs is None  # attributes are parsed when first asked for


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(_HEAD_PIECES), max_size=8))
def test_a_head_s_links_are_the_same_whichever_way_it_guesses(pieces: list[str]) -> None:
    """``Head`` reads its links in the scan that bounds it when "payment" is written before
    the first "</head" (a guess), else when first asked: the links, bounds and answers are
    the same either way, for a script holding "</head" and the payment link after it too."""
    from flattr_core.markup import insertion

    script = '<script>var s = "</head> payment";</script>'
    for head in ("".join(pieces), script + "".join(pieces)):
        document = "<html><head>" + head + "</head><body></body></html>"
        guessed = {}
        for guess in (True, False):
            found = insertion.Head.__new__(insertion.Head)
            found._links_likely = lambda guess=guess: guess  # type: ignore[method-assign]
            found.__init__(document)  # type: ignore[misc]
            guessed[guess] = (
                [(tag.start, tag.end) for tag in found.links],
                (found.start, found.end, found.closed),
                found.addition(HEAD),
            )
        assert guessed[True] == guessed[False]
        assert (insertion.Head(document).links == []) == (guessed[True][0] == [])
