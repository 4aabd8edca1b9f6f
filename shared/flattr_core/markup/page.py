"""One page's Flattr markup, the one door every host takes: its button, its head block, where.

``page_markup`` composes what each host used to compose itself (the button, then the payment
link, the ``flattr:id`` meta and the asset tags). ``into_page`` puts it into a whole written
page; ``ButtonMarker`` marks where the button goes in a page's content, for a host that
renders the page around that content later (MkDocs), with a marker no content can forge.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from markupsafe import Markup

from ..models import ButtonOptions, Endpoints, Position, Thing
from .buttons import LABEL, button
from .head import asset_tags, head_tags
from .insertion import (
    button_slot,
    has_button,
    insert_button,
    insert_head,
    is_redirect,
    place_button,
)


class Resolvable(Protocol):
    """What ``page_markup`` reads of a resolved page (``settings.Resolved`` is one)."""

    @property
    def thing(self) -> Thing: ...

    @property
    def button(self) -> ButtonOptions: ...


@dataclass(frozen=True)
class PageMarkup:
    """A page's button, the tags its ``<head>`` gets, and where its button goes."""

    button: Markup
    head: Markup
    position: Position

    def into_content(self, html: str) -> str:
        """The page's content (its body, not the whole page) with the button at its position."""
        return insert_button(html, self.button, self.position)

    def into_page(self, document: str) -> str:
        """A whole page with the head block before its ``</head>`` and the button in its
        content element (see ``insertion.place_button``), each left out if already there."""
        return place_button(insert_head(document, self.head), self.button, self.position)


def page_markup(
    resolved: Resolvable,
    endpoints: Endpoints,
    *,
    thing_id: int | None = None,
    assets_url: str | Callable[[str], str],
    label: str = LABEL,
) -> PageMarkup:
    """The markup of one resolved page: its button links to the thing page when ``thing_id``
    is known; ``assets_url`` says where the host serves the static files (see ``asset_tags``)."""
    thing, options = resolved.thing, resolved.button
    head = [head_tags(thing, endpoints), asset_tags(options.style, assets_url)]
    return PageMarkup(
        button=button(thing, options, endpoints, thing_id=thing_id, label=label),
        head=Markup("\n").join(tag for tag in head if tag),
        position=options.position,
    )


class ButtonMarker:
    """Marks where the button goes in a page's content, then swaps the marks for the button.

    The mark is an HTML comment (search indexes and feeds ignore it) naming a random token
    made for this marker, so a page's own Markdown or HTML cannot forge it: a page that writes
    the same comment gets neither an extra button nor one against ``position: none``. A second
    comment with the same token, the witness, follows every marked content whatever its
    position: a written page without it did not show its content (a landing page's empty
    content block, a redirect stub).
    """

    def __init__(self) -> None:
        token = secrets.token_hex(16)
        self.mark = f"<!-- {token} flattr-button -->"
        self.witness = f"<!-- {token} flattr-content -->"

    def marked(self, html: str, position: Position) -> str:
        """The content with a mark where each button goes (``none``: no mark)."""
        top = self.mark if position in ("top", "both") else ""
        bottom = self.mark if position in ("bottom", "both") else ""
        return f"{top}{html}{bottom}"

    def witnessed(self, html: str, position: Position) -> str:
        """``marked``, followed by the witness."""
        return self.marked(html, position) + self.witness

    def shows_content(self, document: str) -> bool:
        """True when the written page shows its marked content and redirects nowhere."""
        return self.witness in document and not is_redirect(document)

    def unmarked(self, document: str) -> str:
        return document.replace(self.mark, "").replace(self.witness, "")

    def placed(self, document: str, markup: Markup) -> str:
        """Each mark replaced by the button, unless the page already shows one (then none)."""
        document = document.replace(self.witness, "")
        if has_button(self.unmarked(document)):
            return self.unmarked(document)
        return document.replace(self.mark, button_slot(markup))
