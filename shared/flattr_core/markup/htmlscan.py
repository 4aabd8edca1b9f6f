"""The scanning half of ``insertion``: the tags a browser would see in a document, found linearly.

It reads HTML the way a browser's tokenizer does, as far as placing markup needs: comments,
the raw text of ``<script>``, ``<style>`` and their kin (and of ``<textarea>`` and ``<title>``,
whose text holds no tags either), attribute values holding ``>``, CDATA sections (inside
``<svg>``/``<math>``; elsewhere a bogus comment, as browsers read them), doctypes and
processing instructions. None of these holds a tag, so a ``</head>`` in a script string or a
``<link rel="payment">`` in a comment is not one.

Linear time: every step moves forward through the document, a search that fails consumes
the rest of it (an unclosed comment or quote runs to the end, as in a browser), and no pattern
backtracks over more than the name or spaces it just read. A script holding ``<!--`` and
``<script`` (the "double-escaped" state) ends at its first ``</script>`` here; browsers read on.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import cast

RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript"})
ESCAPABLE_RAW_TEXT = frozenset({"textarea", "title"})
FOREIGN = frozenset({"svg", "math"})
_TAG_NAME = re.compile(r"[A-Za-z][^\t\n\f\r />]*")
_GAP = re.compile(r"[\t\n\f\r /]*")  # between attributes; a stray "/" is ignored
_ATTR_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r />=]*")
_EQUALS = re.compile(r"[\t\n\f\r ]*=[\t\n\f\r ]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")
_COMMENT_END = re.compile(r"--!?>")
# A whole tag in one match when it ends before the document does: the same grammar as
# ``_tag_read`` (a quote opens a value only after "="; an unclosed one matches nothing), with
# possessive quantifiers, so a failed match never backtracks.
_ATTRIBUTES = (
    r"(?:[\t\n\f\r /]*+[^\t\n\f\r />][^\t\n\f\r />=]*+"
    r"(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:\"[^\"]*+\"|'[^']*+'|(?![\"'])[^\t\n\f\r >]*+)"
    r"|(?![\t\n\f\r ]*+=)))*+"
)
_WHOLE_TAG = re.compile(r"<(/?)([A-Za-z][^\t\n\f\r />]*+)" + _ATTRIBUTES + r"([\t\n\f\r /]*+)>")
_RAW_END = {
    name: re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE | re.ASCII)
    for name in RAW_TEXT | ESCAPABLE_RAW_TEXT
}


class Tag:
    """A start or end tag: ``document[start:end]`` is its text, ``<`` to ``>``.

    ``attrs`` (lowercase names, decoded values; the first of a name wins) is read on first
    use: most tags of a page are only counted, never asked about.
    """

    __slots__ = (
        "_attrs",
        "_document",
        "_names_at",
        "closing",
        "end",
        "name",
        "self_closing",
        "start",
    )

    def __init__(
        self,
        name: str,
        start: int,
        end: int,
        closing: bool,
        self_closing: bool,
        document: str,
        names_at: int,
        attrs: dict[str, str] | None = None,
    ) -> None:
        self.name, self.start, self.end = name, start, end
        self.closing, self.self_closing = closing, self_closing
        self._document, self._names_at, self._attrs = document, names_at, attrs

    @property
    def attrs(self) -> Mapping[str, str]:
        if self._attrs is None:
            self._attrs = {}
            at = self._names_at
            while (at := _past(_GAP, self._document, at)) < self.end - 1:
                at = _attribute(self._document, at, self._attrs)
        return self._attrs

    @property
    def text(self) -> str:
        """The tag as written, ``<`` to ``>``."""
        return self._document[self.start : self.end]

    def has_class(self, names: frozenset[str]) -> bool:
        return bool(names.intersection(self.attrs.get("class", "").split()))

    def has_attribute(self, name: str) -> bool:
        """True when the tag has attribute ``name`` (its text is searched before it is read)."""
        text = self._document[self._names_at : self.end]
        return name in (text if text.islower() else text.lower()) and name in self.attrs


class Text:
    """Character data a reader sees (not a script's or style's text).

    A plain slotted class, not a dataclass: a page holds hundreds of texts (a frozen
    dataclass took three times as long to make each, a NamedTuple nearly twice), and the
    class costs next to nothing to create at import, which every build pays."""

    __slots__ = ("end", "start")

    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end

    def __repr__(self) -> str:
        return f"Text({self.start}, {self.end})"


def tokens(document: str) -> Iterator[Tag | Text]:
    """The document's tags and text, in order; comments, doctypes and raw text yield no tag."""
    return _scan(document, texts=True)


def tags(document: str, only: frozenset[str] | None = None) -> Iterator[Tag]:
    """The document's tags alone, in order: ``tokens`` without the texts (not even made).

    With ``only`` (lowercase names), just the tags of those names: the others are passed over
    inside one pattern match, without a Python step each (a page's head holds dozens).
    """
    if only is None:
        return cast(Iterator[Tag], _scan(document, texts=False))
    return cast(Iterator[Tag], _scan(document, texts=False, only=only))


@lru_cache(maxsize=16)
def _passing(names: frozenset[str]) -> re.Pattern[str]:
    """A run of text, comments, doctypes and whole tags that change nothing for the scan and
    are not ``names``.

    Left to the scan: other ``<!`` and ``<?`` constructs (CDATA means something else inside
    ``<svg>``), ``</`` without a name, a comment or tag the document ends inside (the pattern
    matches only whole ones), tags of ``names``, start tags that change how what follows is
    read (raw text, ``<svg>``, ``<math>``) and the end tags of ``<svg>`` and ``<math>``.
    IGNORECASE matches the one other character whose lowercase is an ASCII letter (U+212A,
    KELVIN SIGN, lowercase ``k``), as the scan's ``name.lower()`` does.

    Raw text is left to the scan too: passing a ``<title>`` and its text in the pattern saved
    less a page (a tenth of a head's scan) than the larger pattern cost to compile in a build.
    """
    starts = _names_pattern(names | RAW_TEXT | ESCAPABLE_RAW_TEXT | FOREIGN | {"plaintext"})
    ends = _names_pattern(names | FOREIGN)
    passed_tag = (
        rf"<(?!{starts}|/{ends})/?[A-Za-z][^\t\n\f\r />]*+" + _ATTRIBUTES + r"[\t\n\f\r /]*+>"
    )
    return re.compile(rf"(?:[^<]++|<(?![A-Za-z/!?])|{_PASSED_COMMENT}|{passed_tag})*+")


# As ``_skip_non_tag`` reads them, inside ``<svg>`` too: ``<!-->`` and ``<!--->`` end at once,
# any other comment at its first ``-->`` or ``--!>``; a doctype (a bogus comment) at its ``>``.
_PASSED_COMMENT = r"<!---?>|<!--(?!-?>)(?:[^-]++|-(?!-!?>))*+--!?>|<!(?i:doctype)[^>]*+>"


def _names_pattern(names: frozenset[str]) -> str:
    """Any of ``names`` in any case, as a whole tag name."""
    return rf"(?i:{'|'.join(map(re.escape, sorted(names)))})[\t\n\f\r />]"


# What ends a run of passed tags and needs more than its own end: the depth in <svg>/<math>,
# or the raw text after it.
_SPECIAL = FOREIGN | RAW_TEXT | ESCAPABLE_RAW_TEXT | {"plaintext"}


def _scan(
    document: str, *, texts: bool, only: frozenset[str] | None = None
) -> Iterator[Tag | Text]:
    """Tags (with ``only``, those of these names, the others passed in one pattern match) and,
    with ``texts``, the texts between them."""
    at = text_from = foreign = 0
    passing = None if only is None else _passing(only)
    while True:
        if passing is not None:
            passed = passing.match(document, at)  # matches, maybe nothing
            at = passed.end() if passed else at
        if (lt := document.find("<", at)) < 0:
            break
        tag = _tag_at(document, lt)
        if tag is None:
            at, cdata = _skip_non_tag(document, lt, foreign)
            if at == lt + 1:  # a "<" that opens nothing is text
                continue
            if texts and lt > text_from:
                yield Text(text_from, lt)
            if texts and cdata is not None:
                yield cdata
            text_from = at
            continue
        if texts and lt > text_from:
            yield Text(text_from, lt)
        if tag.end < 0:  # the document ends inside the tag: a browser drops it
            return
        if only is None or tag.name in only:
            yield tag
        if tag.name not in _SPECIAL:  # most tags: the scan goes on after it
            at = text_from = tag.end
            continue
        foreign = _foreign_depth(foreign, tag)
        at, raw = _after_tag(document, tag, foreign)
        if texts and raw is not None:
            yield raw
        text_from = at
    if texts and text_from < len(document):
        yield Text(text_from, len(document))


def _after_tag(document: str, tag: Tag, foreign: int) -> tuple[int, Text | None]:
    """Where tags may start again after ``tag``, and the text of a title or textarea."""
    if foreign or tag.closing or (tag.name not in _RAW_END and tag.name != "plaintext"):
        return tag.end, None
    if tag.name == "plaintext":  # the rest of the document is text
        return len(document), Text(tag.end, len(document))
    found = _RAW_END[tag.name].search(document, tag.end)
    end = found.start() if found else len(document)
    text = Text(tag.end, end) if tag.name in ESCAPABLE_RAW_TEXT and end > tag.end else None
    return end, text


def _foreign_depth(depth: int, tag: Tag) -> int:
    """How deep in ``<svg>``/``<math>`` the scan is after ``tag`` (raw text does not apply)."""
    if tag.name not in FOREIGN or tag.self_closing:
        return depth
    return max(depth - 1, 0) if tag.closing else depth + 1


def _tag_at(document: str, lt: int) -> Tag | None:
    """The tag starting at ``lt`` (``end`` -1 when the document ends inside it), or None."""
    whole = _WHOLE_TAG.match(document, lt)
    if whole is None:
        return _tag_read(document, lt)
    closing, self_closing = whole.group(1) == "/", whole.group(3).endswith("/")
    return Tag(
        whole.group(2).lower(), lt, whole.end(), closing, self_closing, document, whole.end(2)
    )


def _tag_read(document: str, lt: int) -> Tag | None:
    """``_tag_at`` step by step, for what ``_WHOLE_TAG`` does not match: no tag at all, or a
    tag the document ends inside (an unclosed quote or no ``>``)."""
    closing = document.startswith("</", lt)
    name = _TAG_NAME.match(document, lt + 2 if closing else lt + 1)
    if name is None:
        return None
    attrs: dict[str, str] = {}
    at, size = name.end(), len(document)
    while True:
        gap = at
        at = _past(_GAP, document, at)
        if at >= size:
            return Tag(name.group().lower(), lt, -1, closing, False, document, name.end(), attrs)
        if document[at] == ">":
            self_closing = at > gap and document[at - 1] == "/"
            end = at + 1
            return Tag(
                name.group().lower(), lt, end, closing, self_closing, document, name.end(), attrs
            )
        at = _attribute(document, at, attrs)
        if at < 0:
            return Tag(name.group().lower(), lt, -1, closing, False, document, name.end(), attrs)


def _attribute(document: str, at: int, attrs: dict[str, str]) -> int:
    """Read one attribute into ``attrs``; where it ends (-1: at the end of the document)."""
    end = _past(_ATTR_NAME, document, at)  # ``at`` is neither a space, "/" nor ">"
    key, at, value = document[at:end].lower(), end, ""
    equals = _EQUALS.match(document, at)
    if equals:
        at = equals.end()
        quote = document[at : at + 1]
        if quote in ('"', "'"):
            close = document.find(quote, at + 1)
            if close < 0:
                return -1
            value, at = document[at + 1 : close], close + 1
        else:
            end = _past(_UNQUOTED, document, at)
            value, at = document[at:end], end
    if key not in attrs:
        attrs[key] = html.unescape(value) if "&" in value else value
    return at


def _past(pattern: re.Pattern[str], document: str, at: int) -> int:
    """Where a run of ``pattern`` (which may match nothing) that starts at ``at`` ends."""
    found = pattern.match(document, at)
    return found.end() if found else at


def _skip_non_tag(document: str, lt: int, foreign: int) -> tuple[int, Text | None]:
    """Where the scan resumes after a ``<`` that opens no tag (``lt + 1``: it is text), and
    the text of a CDATA section in SVG or MathML.

    Comments end at ``-->`` (or ``--!>``; ``<!-->`` is empty); doctypes, ``<?...>``, ``</1>`` and
    other bogus comments (CDATA in HTML too) at the first ``>``.
    """
    size = len(document)
    if document.startswith("<!--", lt):
        if document.startswith((">", "->"), lt + 4):
            return document.index(">", lt + 4) + 1, None
        end = _COMMENT_END.search(document, lt + 4)
        return (end.end() if end else size), None
    if foreign and document.startswith("<![CDATA[", lt):
        close = document.find("]]>", lt + 9)
        close = close if close >= 0 else size
        return min(close + 3, size), Text(lt + 9, close)
    if document.startswith("</>", lt):
        return lt + 3, None
    if document.startswith(("<!", "<?", "</"), lt) and lt + 2 < size:
        close = document.find(">", lt + 2)
        return (close + 1 if close >= 0 else size), None
    return lt + 1, None
