"""Changing a button in a page that is already written: after registration, a button gets its
thing's link. Another plugin may have rewritten the page since (a minifier drops quotes, decodes
entities, collapses space), so the button is found by what its start tag says, not how."""

from __future__ import annotations

from collections.abc import Iterator

from .htmlscan import Tag, tags


def replace_button(html: str, old: str, new: str) -> str | None:
    """``html`` with each copy of the button ``old`` replaced by ``new``; None if none is there.

    A copy is an ``<a>`` element whose start tag has ``old``'s attributes and values (their
    entities decoded, names in any case); the button holds no other link, so it ends at the
    next ``</a>``.
    """
    if old in html:
        return html.replace(old, new)
    wanted = next((tag.attrs for tag in _anchors(old) if not tag.closing), None)
    if wanted is None:
        return None
    pieces: list[str] = []
    position, opened = 0, None
    for tag in _anchors(html):
        if opened is None and not tag.closing and tag.attrs == wanted:
            opened = tag
        elif opened is not None and tag.closing:
            pieces += [html[position : opened.start], new]
            position, opened = tag.end, None
    return "".join(pieces) + html[position:] if pieces else None


def _anchors(html: str) -> Iterator[Tag]:
    return (tag for tag in tags(html) if tag.name == "a")
