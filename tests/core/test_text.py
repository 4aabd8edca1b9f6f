"""HTML to text, Flattr's length limits and tag cleaning."""

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flattr_core import text


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Hello <b>world</b></p><p>Second</p>", "Hello world\nSecond"),
        ("one<br>two<br/>three", "one\ntwo\nthree"),
        ("a &amp; b &lt;c&gt; &#8364; &eacute;", "a & b <c> € é"),
        ("<script>alert(1)</script>kept<style>p{}</style>", "kept"),
        ("  lots \t of\n\n\n  space  ", "lots of\nspace"),
        ("nul\x00and\x07bell\x1b", "nulandbell"),
        ("<ul><li>a</li><li>b</li></ul>", "a\nb"),
        ("", ""),
    ],
)
def test_html_to_text(html: str, expected: str) -> None:
    assert text.html_to_text(html) == expected


def test_html_to_text_on_one_line() -> None:
    assert text.html_to_text("<p>a</p><p>b</p>", keep_newlines=False) == "a b"


def test_truncate_cuts_on_a_word_boundary_with_an_ellipsis() -> None:
    assert text.truncate("the quick brown fox jumps", 17) == "the quick brown…"
    assert text.truncate("short", 17) == "short"


def test_truncate_cuts_inside_a_very_long_word() -> None:
    result = text.truncate("a " + "x" * 50, 20)
    assert result == "a " + "x" * 17 + "…"


def test_truncate_keeps_text_when_punctuation_would_eat_it() -> None:
    assert text.truncate("a" + "-" * 200, 100) == "a" + "-" * 98 + "…"


@pytest.mark.parametrize(
    ("title", "fallback", "expected"),
    [
        ("A fine title", "ex.org", "A fine title"),
        ("Hi", "ex.org/hi", "Hi \u2013 ex.org/hi"),
        ("", "ex.org/hello", "ex.org/hello"),
        ("", "a.b", "a.b \u2013 Untitled"),
        ("<em>Big</em> news", "", "Big news"),
        ("x" * 150, "", "x" * 99 + "…"),
    ],
)
def test_make_title(title: str, fallback: str, expected: str) -> None:
    assert text.make_title(title, fallback) == expected


def test_make_description_falls_back_in_order() -> None:
    body = text.make_description("", "<p>abc</p>", "<p>The body text</p>", fallback="Title")
    assert body == "The body text"
    assert text.make_description("", "<p>Tiny</p>", fallback="A <b> title") == "A <b> title"
    assert text.make_description("word " * 400, fallback="") == " ".join(["word"] * 199) + "…"


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        (("a, b;c",), ("a", "b", "c")),
        ((["Python", "python", " PYTHON "],), ("Python",)),
        ((["", " ", ",,"],), ()),
        ((["two  words\n here"],), ("two words here",)),
        (("x", ["X", "y"], ("Y", "z")), ("x", "y", "z")),
        ((["nul\x00tag"],), ("nultag",)),
    ],
)
def test_clean_tags(groups: tuple[object, ...], expected: tuple[str, ...]) -> None:
    assert text.clean_tags(*groups) == expected  # type: ignore[arg-type]


def test_clean_tags_caps_length() -> None:
    (tag,) = text.clean_tags(["t" * 80])
    assert len(tag) == text.TAG_MAX


@given(st.text(max_size=3000), st.text(max_size=200))
def test_titles_and_descriptions_always_fit_flattr(raw: str, fallback: str) -> None:
    title = text.make_title(raw, fallback)
    assert text.TITLE_MIN <= len(title) <= text.TITLE_MAX
    assert "\n" not in title
    description = text.make_description(raw, fallback=title)
    assert text.DESCRIPTION_MIN <= len(description) <= text.DESCRIPTION_MAX
    for value in (title, description):
        assert not any(ch in value for ch in "\x00\x01\x1f\x7f\ufffe\uffff")


@given(st.lists(st.text(max_size=80), max_size=20))
def test_tags_are_always_clean(tags: list[str]) -> None:
    cleaned = text.clean_tags(tags)
    assert len({t.casefold() for t in cleaned}) == len(cleaned)
    for tag in cleaned:
        assert tag
        assert tag == tag.strip()
        assert len(tag) <= text.TAG_MAX
        assert "," not in tag
        assert ";" not in tag
        assert "\n" not in tag


# Pieces of HTML whose joins hit every chunk boundary: tags of each kind, entities whole
# and cut, comments, loose "<" and "&", CR/LF, controls and runs of whitespace.
HTML_PIECES = st.sampled_from(
    [
        *("<p>", "</p>", "<br>", "<li>", "</li>", "<b>", "</b>", "<div class='a b'>", "</div>"),
        *("<script>", "</script>", "<style>", "</style>", "<!-- c -->", "<!--", "-->", "<!x>"),
        *("&amp;", "&#8364;", "&eacute;", "&am", "&", "<", "< ", ">", "</", "<a href=x>"),
        *("\r\n", "\r", "\n", "\t", "   ", "\x00", "\u2028", "\u3000", " . ", ",", "-"),
    ]
) | st.text(max_size=40)
HTML_DOCS = st.lists(HTML_PIECES, max_size=300).map("".join)
# Runs of words make pages long enough for the description parser to stop early.
LONG_DOCS = st.lists(HTML_PIECES | st.integers(1, 400).map("word ".__mul__), max_size=60).map(
    "".join
)


def reference_description(*candidates: str, fallback: str) -> str:
    """``make_description`` as it was: every candidate parsed to its end in one feed."""
    for candidate in candidates:
        collector = text._TextCollector()
        collector.feed(candidate)
        collector.close()
        full = text.collapse_whitespace("".join(collector.parts))
        if len(full) >= text.DESCRIPTION_MIN:
            return text.truncate(full, text.DESCRIPTION_MAX)
    return text.truncate(text.collapse_whitespace(fallback), text.DESCRIPTION_MAX)


@settings(max_examples=300)
@given(st.lists(LONG_DOCS, min_size=1, max_size=3), st.text(max_size=50))
def test_make_description_equals_a_full_parse(candidates: list[str], fallback: str) -> None:
    expected = reference_description(*candidates, fallback=fallback)
    assert text.make_description(*candidates, fallback=fallback) == expected


@settings(max_examples=300)
@given(HTML_DOCS, st.integers(2, 80), st.integers(1, 64))
def test_text_beginning_is_the_full_text_or_enough_of_its_start(
    html: str, enough: int, chunk: int
) -> None:
    full = text.html_to_text(html)
    beginning = text._text_beginning(html, enough, chunk)
    assert beginning == full or (full.startswith(beginning) and len(beginning) > enough)
    assert text.truncate(beginning, enough) == text.truncate(full, enough)


def test_make_description_of_a_long_page_stops_early_with_the_same_result() -> None:
    page = "<p>" + "word " * 300 + "</p>" + "<li><a href='/p'>nav entry</a></li>" * 5000
    assert text._text_beginning(page, text.DESCRIPTION_MAX) != text.html_to_text(page)
    assert text.make_description(page, fallback="") == reference_description(page, fallback="")


# -- the plain-tag reading agrees with the parser -----------------------------------------------

_PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<br>",
        "<br/>",
        "<p/>",
        "<em>",
        "</em>",
        "<div class='x'>",
        "</div>",
        '<a href="https://e.example/?a=1&amp;b=2">',
        "</a>",
        "<LI>",
        "</Li>",
        "<img src=x.png>",
        "<script>",
        "</script>",
        "<style>p{}</style>",
        "<!-- c -->",
        "<title>",
        "</title>",
        "<textarea>",
        "</textarea>",
        "<p class=x/>",
        "</p >",
        "<a\rhref=x>",
        "< b",
        "a<b",
        "&amp;",
        "&lt;",
        "&eacute;",
        "&#8364;",
        "&",
        "AT&T",
        " ",
        "\n",
        "\t",
        "word",
        "é",
        ">",
        "<h2 id=\"t\" data-x='1'>",
        "</h2>",
        "<pre>",
        "</pre>",
        "<x-y>",
        "<a.b>",
        "<",
        "&nbsp;",
        "\u00a0",
        "\u3000",
        "&am",
        "p;",
        "&#38",
        "</p/>",
        "<BR/>",
        "</br>",
        "<DIV/>",
        "<!-- -->",
        "<!---->",
        "<!-->",
        "<!--->",
        "<!--",
        "-->",
        "--!>",
        "<!-- a-b -->",
        '<a title="<!-- -->">',
    ]
)


def _parsed(html: str, keep_newlines: bool) -> str:
    """The parser's reading, whatever path ``html_to_text`` takes."""
    collector = text._TextCollector()
    collector.feed(html)
    collector.close()
    return text.collapse_whitespace("".join(collector.parts), keep_newlines=keep_newlines)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join), st.booleans())
def test_plain_tags_read_without_the_parser_give_the_parsers_text(
    html: str, keep_newlines: bool
) -> None:
    assert text.html_to_text(html, keep_newlines=keep_newlines) == _parsed(html, keep_newlines)
    beginning = text._text_beginning(html, 20)
    assert text.truncate(beginning, 20) == text.truncate(_parsed(html, True), 20)


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.integers(2, 60), st.integers(1, 32))
def test_a_long_page_s_beginning_read_without_the_parser_is_the_parser_s(
    html: str, enough: int, chunk: int
) -> None:
    """Beginnings cut after a ``>`` (pieces end and start anywhere, ``>`` in text too) read
    as plain tags give what the parser reads of the whole, up to ``enough`` and beyond."""
    full = _parsed(html, True)
    beginning = text._text_beginning(html, enough, chunk)
    assert beginning == full or (full.startswith(beginning) and len(beginning) > enough)
    assert text.truncate(beginning, enough) == text.truncate(full, enough)


def test_a_long_page_of_plain_tags_is_read_without_the_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A description's beginning of a long page (a documentation page: headings, code, icons
    as inline SVG) is read by the plain-tag reading, not the parser, while its tags are plain:
    most of what a MkDocs page's description cost."""
    icon = '<span class="twemoji"><svg viewBox="0 0 24 24"><path d="M1 2h3"/></svg></span>'
    page = ("<h2 id='a'>Setup</h2><p>Run <code>pip install x</code> " + icon + " now.</p>") * 400
    full = _parsed(page, True)

    def no_parser() -> None:
        raise AssertionError("the parser was asked")

    monkeypatch.setattr(text, "_TextCollector", no_parser)
    beginning = text._text_beginning(page, text.DESCRIPTION_MAX)
    assert full.startswith(beginning)
    assert len(beginning) > text.DESCRIPTION_MAX
    assert len(page) > 8 * text.CHUNK


def test_a_summary_of_plain_tags_is_read_without_the_parser() -> None:
    assert text._simple_text("<p>Tea &amp; <em>cake</em></p><br/>x") == "\nTea & cake\n\nx"
    assert (
        text._simple_text("<ul><li>a</li></ul><!-- --><ul><li>b</li></ul>") == "\n\na\n\n\n\nb\n\n"
    )
    assert text._simple_text("&am<!-- c -->p;") == "&amp;"  # each text apart, as the parser
    for fragment in ("<!-- a-b -->x", "<!-->x", "<!--->x", '<a title="<!-- -->">x</a>'):
        assert text._simple_text(fragment) is None, fragment
    for fragment in ("<script>x</script>", "a < b", "</p class=x>", "</p/>"):
        assert text._simple_text(fragment) is None, fragment


def _collapsed_the_long_way(raw: str, keep_newlines: bool) -> str:
    """``collapse_whitespace`` as it reads every text (its fast path skips this for text
    that is already collapsed)."""
    spaced = re.sub(r"[^\S\n]+", " ", text.strip_controls(raw))
    lines = (line.strip() for line in spaced.split("\n"))
    return ("\n" if keep_newlines else " ").join(line for line in lines if line)


_SPACING = st.sampled_from([" ", "  ", "\n", "\t", "\r", "\x00", "\x1c", "\x7f", "\x85", "\u00a0"])
_SPACING |= st.sampled_from(["\u2028", "\u200b", "\ufffe", "\ud800", "a", "é", "Tea"])
_SPACING |= st.sampled_from(["\u1680", "\u2007", "\u202f", "\u3000", "\x0b", "\x0c"])


@settings(max_examples=1000)
@given(st.lists(_SPACING | st.text(max_size=3), max_size=12).map("".join), st.booleans())
def test_collapsed_text_is_the_same_with_or_without_the_fast_path(
    raw: str, keep_newlines: bool
) -> None:
    collapsed = text.collapse_whitespace(raw, keep_newlines=keep_newlines)
    assert collapsed == _collapsed_the_long_way(raw, keep_newlines)


def test_the_other_spaces_are_every_whitespace_strip_controls_leaves() -> None:
    """``collapse_whitespace`` turns these into spaces, as the pattern ``[^\\S\\n]+`` did: the
    list must hold every character ``str.isspace`` (the pattern's ``\\s``) names but the space
    and the newline that a control-free text can hold."""
    spaces = {chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()}
    kept = {char for char in spaces if text.strip_controls(char) == char} - {" ", "\n"}
    assert kept == set(text.OTHER_SPACES)
    assert text.collapse_whitespace("Markdown,\u00a0 and\u3000\u3000YAML") == "Markdown, and YAML"


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join), st.integers(1, 48))
def test_a_fragment_read_in_pieces_reads_as_the_whole(html: str, size: int) -> None:
    """A long fragment is read in pieces cut after a ``>``: they join back to it, and their
    texts to its text (or one of them is None when the whole is)."""
    pieces = list(text._pieces(html, size))
    assert "".join(pieces) == html
    parts = [text._piece_text(piece) for piece in pieces]
    assert (None if None in parts else "".join(p for p in parts if p is not None)) == (
        text._piece_text(html)
    )


def test_a_page_of_nothing_but_tags_is_read_in_bounded_memory() -> None:
    """The lists one split makes take some 35 bytes a character: 512 KB of empty spans read
    at once asked for about 18 MB; in pieces, a few."""
    import tracemalloc

    page = "<span></span>" * 40_000
    tracemalloc.start()
    try:
        assert text._simple_text(page) == ""
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20, peak
