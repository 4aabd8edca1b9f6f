"""Plain text for Flattr: HTML to text, the API's length limits, and tag cleaning.

Flattr wants titles of 5-100 characters and descriptions of 5-1000, with HTML
stripped except ``<br>`` (which becomes a newline), and tags without ``,`` or ``;``
(reference §2.3, §5.12, §5.13). Everything here is pure and total: any string in,
a usable string out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser
from itertools import compress, repeat
from operator import add
from typing import cast

TITLE_MIN, TITLE_MAX = 5, 100
DESCRIPTION_MIN, DESCRIPTION_MAX = 5, 1000
TAG_MAX = 50
ELLIPSIS = "…"
# Used when neither the title nor its fallback reaches Flattr's 5-character minimum.
UNTITLED = "Untitled"
JOINER = " \u2013 "  # an en dash between a short title and its fallback
CHUNK = 4096  # how much HTML a description's parser reads before checking it has enough text
READ_AT_ONCE = 1 << 16  # characters of plain HTML read by one split (``_simple_text``)

_BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption"}
    | {"figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main"}
    | {"nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"}
)
_HIDDEN = frozenset({"script", "style", "template", "noscript"})
_SPACE_RUNS = re.compile("  +")
_TAG_SPLIT = re.compile(r"[,;]")
# A page's leading heading: spaces and comments, then one <h1> element (h1 never nests).
_LEADING_H1 = re.compile(r"\s*(?:<!--.*?-->\s*)*<h1\b[^>]*>.*?</h1\s*>", re.IGNORECASE | re.DOTALL)
# A tag in its plainest form: a name, attributes with quoted values holding no < or >, or
# plain unquoted ones. In a fragment where every "<" opens such a tag, HTMLParser reads
# exactly these tags and unescapes the text between them, so ``_simple_text`` can too.
_SIMPLE_TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9-]*)"
    r"((?:[ \t\n]+[A-Za-z_:][A-Za-z0-9_:.-]*"
    r"""(?:[ \t\n]*=[ \t\n]*(?:"[^"<>]*"|'[^'<>]*'|[^ \t\n"'=<>`]+))?)*)"""
    r"[ \t\n]*(/?)>"
)
_SIMPLE_COMMENT = re.compile(r"<!--[^<>!-]*-->")
# Elements some Python's HTMLParser reads as raw text, and the hidden ones: never simple.
_NOT_SIMPLE = _HIDDEN | {"textarea", "title", "plaintext", "xmp", "iframe", "noembed"}
_NOT_SIMPLE |= {"noframes"}
# The newlines a plain tag adds to its text, by its form (``_simple_text``): a block's start
# and end tags one each (a self-closing one both), ``<br>`` one; any other tag none.
_BREAKS = dict.fromkeys(_BLOCKS, "\n") | {f"/{name}": "\n" for name in _BLOCKS}
_BREAKS |= {f"{name}/": "\n\n" for name in _BLOCKS} | {"br": "\n", "br/": "\n"}
# What strip_controls leaves of str.isspace()'s characters, but the space and the newline
# (the rest are controls, removed): each becomes a space (tests check the list is whole).
OTHER_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
OTHER_SPACES += "\u200a\u2028\u2029\u202f\u205f\u3000"
_OTHER_SPACE = re.compile(f"[{OTHER_SPACES}]")
# Unicode categories Cc (fixed by Unicode's stability policy) and Cs, bar the newline.
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class _TextCollector(HTMLParser):
    """Collects the visible text of an HTML fragment, with a newline at each block's end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0  # of the parts, so far
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden_depth += 1
        elif tag == "br" or tag in _BLOCKS:
            self._add("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden_depth = max(0, self._hidden_depth - 1)
        elif tag in _BLOCKS:
            self._add("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth:
            self._add(data)

    def _add(self, part: str) -> None:
        self.parts.append(part)
        self.length += len(part)


def _simple_text(html: str) -> str | None:
    """``_TextCollector``'s text of ``html`` (its parts joined), read without the parser
    when every tag of the fragment is a plain one (most summaries and short bodies) and every
    comment a plain one too; else None.

    A plain comment (``<!-- -->``, which Markdown writers put between lists) holds no ``-``,
    ``!``, ``<`` or ``>``: every Python's parser ends it at its ``-->`` and gives no text for
    it, so the texts around it are read apart. Where the parser would not see a comment (in
    a tag, in a script), the parts cut there hold a ``<`` that opens no plain tag: None.

    A long fragment is read in pieces cut after a ``>`` (``_pieces``): the lists one split
    makes take some 35 bytes a character, which a page of nothing but tags would otherwise
    ask for all at once.
    """
    if len(html) <= READ_AT_ONCE:
        return _piece_text(html)
    return _all_read(map(_piece_text, _pieces(html, READ_AT_ONCE)))


def _pieces(html: str, size: int) -> Iterator[str]:
    """``html`` in pieces of about ``size`` characters, each cut after a ``>`` (a longer one
    where ``size`` holds none). A plain tag or comment holds one ``>``, its last character,
    and a reference never reaches past one, so each piece reads as its part of the whole."""
    start = 0
    while len(html) - start > size:
        cut = html.rfind(">", start, start + size) + 1
        if cut <= start:
            cut = html.find(">", start + size) + 1 or len(html)
        yield html[start:cut]
        start = cut
    if start < len(html):
        yield html[start:]


def _piece_text(html: str) -> str | None:
    """``_simple_text`` of one piece: its comments found, the texts between them read."""
    if "<!--" not in html:
        return _plain_text(html)
    return _all_read(map(_plain_text, _SIMPLE_COMMENT.split(html)))


def _all_read(parts: Iterable[str | None]) -> str | None:
    """The parts' texts joined, or None when any part could not be read without the parser."""
    texts = list(parts)
    return None if None in texts else "".join(cast(list[str], texts))


def _plain_text(html: str) -> str | None:
    """``_simple_text`` of a fragment without comments. One split in C finds every tag, and
    the checks and the newlines run over the lists it gives in C too: no Python step per tag
    (a page of highlighted code has thousands)."""
    pieces = _SIMPLE_TAG.split(html)  # text, then each tag's four groups, then text, ...
    if len(pieces) == 1:
        return None if "<" in html else unescape(html)
    texts, ends, names = pieces[::5], pieces[1::5], pieces[2::5]
    # each plain tag holds one "<", its first character: any other opens no plain tag (a
    # comment, a doctype, stray text)
    if html.count("<") != len(names):
        return None
    lowered = list(map(str.lower, names))
    if not _NOT_SIMPLE.isdisjoint(lowered):
        return None  # a raw-text or hidden element
    slashes = pieces[4::5]
    if any(ends) and (any(compress(pieces[3::5], ends)) or any(compress(slashes, ends))):
        return None  # an end tag with attributes, or with a slash (``</p/>``)
    if "&" in html:
        texts = list(map(unescape, texts))
    # each tag's newlines, by its form: "p" a start tag, "/p" an end tag, "p/" self-closing
    forms = map(add, map(add, ends, lowered), slashes)
    out = [""] * (2 * len(texts) - 1)  # each text, then the newlines of the tag after it
    out[::2], out[1::2] = texts, map(_BREAKS.get, forms, repeat(""))
    return "".join(out)


def strip_controls(text: str) -> str:
    """Remove NULs, control characters, lone surrogates, U+FFFE/U+FFFF; tabs become spaces.

    Newlines are kept. Such characters are invalid in XML and meaningless in a title.
    """
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


def collapse_whitespace(text: str, *, keep_newlines: bool = True) -> str:
    """Collapse runs of spaces; keep single newlines between non-empty lines (or none)."""
    if not text.replace("\n", " ").isprintable():
        # Every whitespace but the newline becomes a space, then each run one space: what
        # the pattern ``[^\S\n]+`` does, but it matched every single space (no-break spaces
        # are common in text, and not printable).
        text = strip_controls(text)
        for space in set(_OTHER_SPACE.findall(text)):  # a text has few kinds: each in C
            text = text.replace(space, " ")
        text = _SPACE_RUNS.sub(" ", text)
    elif "  " in text:
        # Printable but for its newlines: no control to strip, and no whitespace but the
        # space and the newline, so only runs of two or more spaces change. The general
        # pattern matched every single space too (a page's description: four times slower).
        text = _SPACE_RUNS.sub(" ", text)
    elif "\n" not in text and text.strip(" ") == text:
        # No control, separator (but the space), newline or tab, and no run of spaces: the
        # text is its own collapsed form (most titles and tags are)
        return text
    # Else (as in most descriptions) its only spaces are single ones and its only other
    # whitespace is newlines, which neither pattern would change.
    lines = map(str.strip, text.split("\n"))  # in C: no Python step a line
    return ("\n" if keep_newlines else " ").join(filter(None, lines))


def html_to_text(html: str, *, keep_newlines: bool = True) -> str:
    """The readable text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed.

    ``<br>`` and the ends of block elements become newlines (or spaces when
    ``keep_newlines`` is false); ``<script>``, ``<style>`` and their contents are dropped.
    """
    if "<" not in html and "&" not in html:  # plain text: the parser would pass it through
        return collapse_whitespace(html, keep_newlines=keep_newlines)
    simple = _simple_text(html)
    if simple is not None:
        return collapse_whitespace(simple, keep_newlines=keep_newlines)
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return collapse_whitespace("".join(collector.parts), keep_newlines=keep_newlines)


def _text_beginning(html: str, enough: int, chunk: int = CHUNK) -> str:
    """``html_to_text(html)``, or a beginning of it longer than ``enough`` characters.

    Either way ``truncate(result, enough)`` equals ``truncate(html_to_text(html), enough)``,
    and the parser stops soon after the text a description needs: pages can be long.
    """
    if "<" not in html and "&" not in html:
        return collapse_whitespace(html)
    simple = _simple_beginning(html, enough, chunk)
    if simple is not None:
        return simple
    collector = _TextCollector()
    check_at = enough + 1  # the raw text is never shorter than its collapsed form
    for start in range(0, len(html), chunk):
        collector.feed(html[start : start + chunk])
        if collector.length >= check_at:
            beginning = collapse_whitespace("".join(collector.parts))
            if len(beginning) > enough:
                return beginning
            check_at = 2 * collector.length  # doubling keeps the checks linear in total
    collector.close()
    return collapse_whitespace("".join(collector.parts))


def _simple_beginning(html: str, enough: int, chunk: int) -> str | None:
    """``_text_beginning`` read without the parser while every tag so far is a plain one
    (``_simple_text``): the text of ever longer beginnings of ``html``, each cut after a
    ``>``, until one is longer than ``enough`` (or all of ``html`` is read). None at the first
    tag that is not plain: then the parser reads it all.

    A beginning of plain tags cut after a ``>`` is read as the whole is read up to there: no
    tag, reference or comment is open at that point (none is plain), so its text is the start
    of the whole's, and so is its collapsed form (``_text_beginning``'s doubling, in C).
    """
    size = chunk
    while size < len(html):
        cut = html.rfind(">", 0, size) + 1
        simple = _simple_text(html[:cut]) if cut else ""
        if simple is None:
            return None
        beginning = collapse_whitespace(simple)
        if len(beginning) > enough:
            return beginning
        size *= 2
    simple = _simple_text(html)
    return None if simple is None else collapse_whitespace(simple)


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters on a word boundary, ending in an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    boundary = max(cut.rfind(" "), cut.rfind("\n"))
    # Cut inside a very long word only when breaking at a space would lose most of the text.
    if boundary > limit // 2:
        cut = cut[:boundary]
    tidy = cut.rstrip(" \n,;:.-\u2013\u2014")
    # A run of punctuation must not eat the text: then keep the hard cut.
    return (tidy if len(tidy) > limit // 2 else cut.rstrip()) + ELLIPSIS


def make_title(title: str, fallback: str = "", *, site_name: str = "") -> str:
    """A title Flattr accepts (5-100 characters, plain text, one line).

    A title shorter than 5 characters is joined with an en dash to the site's name
    (``Home`` becomes ``Home - Example Docs``): a reader knows a site by its name, not by
    its host. Without a site name, or when the name is the title itself, it is joined to
    ``fallback`` (``Hi - example.org/hi``); if that is still too short, ``Untitled`` is
    added. HTML in ``title`` is stripped.
    """
    cleaned = html_to_text(title, keep_newlines=False)
    if len(cleaned) < TITLE_MIN:
        context = collapse_whitespace(site_name, keep_newlines=False)
        if not context or context.casefold() == cleaned.casefold():
            context = collapse_whitespace(fallback, keep_newlines=False)
        parts = [p for p in (cleaned, context) if p]
        cleaned = JOINER.join(parts)
        if len(cleaned) < TITLE_MIN:
            cleaned = JOINER.join([*parts, UNTITLED])
    return truncate(cleaned, TITLE_MAX)


def make_description(*candidates: str, fallback: str, title: str = "") -> str:
    """The first candidate (HTML) whose text reaches 5 characters, cut to 1000 on a word boundary.

    A description says what the title does not: a candidate's leading ``<h1>`` (the page's
    own heading, which MkDocs keeps in the content) is left out, and so is a first line that
    is ``title`` itself. Else ``fallback``, plain text: pass the title from ``make_title``,
    which always fits.
    """
    heading = html_to_text(title, keep_newlines=False).casefold()
    for candidate in candidates:
        beginning = _text_beginning(_without_heading(candidate), DESCRIPTION_MAX + len(heading) + 1)
        text = _without_first_line(beginning, heading)
        if len(text) >= DESCRIPTION_MIN:
            return truncate(text, DESCRIPTION_MAX)
    return truncate(collapse_whitespace(fallback), DESCRIPTION_MAX)


def _without_heading(html: str) -> str:
    """``html`` without a leading ``<h1>`` element (comments and spaces before it allowed)."""
    chunk = html[:CHUNK]
    # The cheap test: most candidates have none. No other character lowercases to any of
    # "<h1", so this is ``"<h1" in chunk.lower()`` without lowering the chunk.
    if "<h1" not in chunk and "<H1" not in chunk:
        return html
    match = _LEADING_H1.match(html)
    return html[match.end() :] if match else html


def _without_first_line(text: str, line: str) -> str:
    """``text`` without its first line when that line is ``line`` (already casefolded)."""
    first, _, rest = text.partition("\n")
    # casefold never shortens a text: a longer first line is not ``line``, unfolded
    return rest if line and len(first) <= len(line) and first.casefold() == line else text


def split_tags(value: str | Iterable[str]) -> list[str]:
    """Tags from a comma (or semicolon) separated string or a list; not yet cleaned."""
    items = [value] if isinstance(value, str) else list(value)
    return [
        part
        for item in items
        for part in (_TAG_SPLIT.split(item) if "," in item or ";" in item else (item,))
    ]


def clean_tags(*groups: str | Iterable[str]) -> tuple[str, ...]:
    """Tags Flattr accepts: no ``,`` or ``;``, trimmed, at most 50 characters, no empties.

    Duplicates are dropped case-insensitively; the first spelling wins, in order.
    """
    seen: set[str] = set()
    cleaned: list[str] = []
    for group in groups:
        for tag in split_tags(group):
            tag, folded = _clean_tag(tag)
            if tag and folded not in seen:
                seen.add(folded)
                cleaned.append(tag)
    return tuple(cleaned)


# A site's pages share a few dozen tags: each is cleaned once, not once a page.
@lru_cache(maxsize=1024)
def _clean_tag(tag: str) -> tuple[str, str]:
    """The tag as Flattr takes it, and its casefolded form (what duplicates compare by)."""
    cleaned = truncate(collapse_whitespace(tag, keep_newlines=False), TAG_MAX)
    return cleaned, cleaned.casefold()


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 thing``, ``2 things``, ``0 things``: a count with its noun in the form it needs."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
