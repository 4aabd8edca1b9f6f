"""Changing a button in a page that is already written: after registration, a button gets its
thing's link. Another plugin may have rewritten the page since (a minifier drops quotes, decodes
entities, collapses space), so the button is found by what its start tag says, not how."""

from __future__ import annotations

import re
from html import unescape

from .insertion import _attributes

_ANCHOR = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
_ANCHOR_END = re.compile(r"</a\s*>", re.IGNORECASE)


def replace_button(html: str, old: str, new: str) -> str | None:
    """``html`` with each copy of the button ``old`` replaced by ``new``; None if none is there.

    A copy is an ``<a>`` element whose start tag has ``old``'s attributes and values (their
    entities decoded, names in any case); the button holds no other link, so it ends at the
    next ``</a>``.
    """
    if old in html:
        return html.replace(old, new)
    start = _ANCHOR.match(old)
    if start is None:
        return None
    wanted = _decoded(start[0])
    pieces, position = [], 0
    for anchor in _ANCHOR.finditer(html):
        if anchor.start() < position or _decoded(anchor[0]) != wanted:
            continue
        end = _ANCHOR_END.search(html, anchor.end())
        if end is None:
            break
        pieces += [html[position : anchor.start()], new]
        position = end.end()
    return "".join(pieces) + html[position:] if pieces else None


def _decoded(tag: str) -> dict[str, str]:
    return {name: unescape(value) for name, value in _attributes(tag).items()}
