"""YAML scalars and one-line flow lists, as far as FUNDING.yml uses them.

``plain_or_quoted`` reads one value and what may follow it on its line (spaces, a comment);
``flow_list`` reads ``[a, 'b', "c"]``. Both raise ``Unparsable`` (what is allowed) for any
YAML feature FUNDING.yml does not need, rather than guess what it meant.
"""

from __future__ import annotations

import re

Scalar = str | None
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
# Characters that start YAML syntax other than a plain scalar (anchors, tags, blocks, ...).
_INDICATORS = frozenset("[]{}&*!|>%@`,")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/"}
_COMMENT = re.compile(r"[ \t]+#|^#")


class Unparsable(ValueError):
    """A value this reader refuses; ``allowed`` says what it reads."""

    def __init__(self, allowed: str) -> None:
        super().__init__(allowed)
        self.allowed = allowed


def plain_or_quoted(text: str) -> Scalar:
    """The scalar that fills ``text`` (None for an empty value or null); a comment may follow."""
    value, rest = _scalar(text.lstrip(" "), flow=False)
    _end_of_line(rest)
    return value


def flow_list(text: str) -> list[Scalar]:
    """The items of a one-line ``[a, 'b', "c"]`` (a trailing comma is allowed)."""
    rest, items = text[1:], []
    while True:
        rest = rest.lstrip(" ")
        if rest.startswith("]"):
            break
        if not rest:
            raise Unparsable("a list on one line: [a, b] (or - item lines)")
        value, rest = _scalar(rest, flow=True)
        items.append(value)
        rest = rest.lstrip(" ")
        if rest.startswith(","):
            rest = rest[1:]
        elif not rest.startswith("]"):
            raise Unparsable("items separated by commas: [a, b]")
    _end_of_line(rest[1:])
    return items


def _end_of_line(rest: str) -> None:
    if rest.strip(" ") and not _COMMENT.match(rest):
        raise Unparsable("one value per line, then only a comment")


def _scalar(text: str, *, flow: bool) -> tuple[Scalar, str]:
    """One scalar at the start of ``text`` and the text after it."""
    if text.startswith("'"):
        return _single_quoted(text)
    if text.startswith('"'):
        return _double_quoted(text)
    if text[:1] in _INDICATORS or text.startswith("- "):
        raise Unparsable("a plain or quoted string (no anchors, tags, nested lists or blocks)")
    return _plain(text, flow=flow)


def _plain(text: str, *, flow: bool) -> tuple[Scalar, str]:
    comment = _COMMENT.search(text)
    end = comment.start() if comment else len(text)
    if flow:
        end = min([end, *(at for at in (text.find(","), text.find("]")) if at >= 0)])
    word, rest = text[:end].rstrip(" "), text[end:]
    if ": " in word or word.endswith(":"):
        raise Unparsable("a plain string without ': ' (nested mappings are not FUNDING.yml)")
    return (None if word in NULLS else word), rest


def _single_quoted(text: str) -> tuple[Scalar, str]:
    at, parts = 1, list[str]()
    while True:
        end = text.find("'", at)
        if end < 0:
            raise Unparsable("a 'quoted' string closed on the same line")
        parts.append(text[at:end])
        if not text.startswith("''", end):
            return "'".join(parts), text[end + 1 :]
        at = end + 2


def _double_quoted(text: str) -> tuple[Scalar, str]:
    at, parts = 1, list[str]()
    while at < len(text):
        char = text[at]
        if char == '"':
            return "".join(parts), text[at + 1 :]
        if char == "\\":
            escaped = _ESCAPES.get(text[at + 1 : at + 2])
            if escaped is None:
                raise Unparsable('a "quoted" string whose only escapes are \\" \\\\ \\/')
            parts.append(escaped)
            at += 2
            continue
        parts.append(char)
        at += 1
    raise Unparsable('a "quoted" string closed on the same line')
