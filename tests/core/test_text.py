"""HTML to text, Flattr's length limits and tag cleaning."""

import pytest
from hypothesis import given
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
