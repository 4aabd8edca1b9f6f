"""One page's markup, the one door every host takes: its button or support block, its head block.

``page_markup`` composes what each host used to compose itself (the button, then the payment
link, the ``flattr:id`` meta and the asset tags) and, for a page with other ways of support,
the support block around the Flattr button and the head's Web Monetization links.
``into_page`` puts it into a whole written page; ``ButtonMarker`` marks where the button goes
in a page's content, for a host that renders the page around that content later (MkDocs),
with a marker no content can forge.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from pathlib import Path
from typing import Protocol

from markupsafe import Markup

from ..models import ButtonOptions, ButtonStyle, Endpoints, Position, Thing
from ..providers import Funding
from .assets import files_for, files_of
from .buttons import LABEL, button
from .head import file_tags, head_tags
from .insertion import (
    BUTTON_NAMES,
    Head,
    HeadBlock,
    button_slot,
    has_button,
    insert_button,
    insert_head,
    is_redirect,
    mentions_button,
    place_button,
)
from .monetization import monetization_links
from .support import support_block


class Resolvable(Protocol):
    """What ``page_markup`` reads of a resolved page (``settings.Resolved`` is one, and
    ``settings.FundingOnly``, whose ``thing`` is None)."""

    @property
    def thing(self) -> Thing | None: ...

    @property
    def button(self) -> ButtonOptions: ...

    @property
    def funding(self) -> Funding: ...


@dataclass(frozen=True)
class PageMarkup:
    """A page's button (or support block), the tags its ``<head>`` gets, and where it goes.

    ``flattr_button`` is the Flattr button inside ``button`` (empty when the page has no
    thing): what a host relinks once the thing is registered (``replace_button``).
    """

    button: Markup
    head: Markup
    position: Position
    flattr_button: Markup = field(default_factory=Markup)

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
    options = resolved.button
    flattr = _flattr_button(resolved, endpoints, thing_id, label)
    return PageMarkup(
        button=_body(flattr, resolved.funding, options.style),
        head=page_head(resolved, endpoints, assets_url=assets_url),
        position=options.position,
        flattr_button=flattr,
    )


def page_head(
    resolved: Resolvable, endpoints: Endpoints, *, assets_url: str | Callable[[str], str]
) -> Markup:
    """``page_markup(...).head`` alone (the payment link, flattr:id meta, monetization links
    and asset tags), for a host that asks for the head apart (Pelican)."""
    thing, funding = resolved.thing, resolved.funding
    blocks = (
        head_tags(thing, endpoints) if thing is not None else Markup(""),
        monetization_links(funding),
        file_tags(page_files(resolved), assets_url),
    )
    return HeadBlock.of(filter(None, blocks))


def page_button(
    resolved: Resolvable, endpoints: Endpoints, *, thing_id: int | None = None, label: str = LABEL
) -> Markup:
    """``page_markup(...).button`` alone, for a host that asks for the head apart (Pelican)."""
    flattr = _flattr_button(resolved, endpoints, thing_id, label)
    return _body(flattr, resolved.funding, resolved.button.style)


def _flattr_button(
    resolved: Resolvable, endpoints: Endpoints, thing_id: int | None, label: str
) -> Markup:
    if resolved.thing is None:
        return Markup("")
    return button(resolved.thing, resolved.button, endpoints, thing_id=thing_id, label=label)


def _body(flattr_button: Markup, funding: Funding, style: ButtonStyle) -> Markup:
    """What the body gets: the support block holding the Flattr button and a button per other
    account, or the Flattr button alone when there is no other account (as it always was).
    Web Monetization wallets get no button (they are the head's)."""
    if not funding.buttons:
        return flattr_button
    return support_block(funding, flattr_button=flattr_button, widgets=style == "widget")


def page_files(resolved: Resolvable) -> tuple[str, ...]:
    """The static files the page links: its Flattr button's, and its support block's."""
    has_block = bool(resolved.funding.buttons)
    return files_for(resolved.button.style, flattr=resolved.thing is not None, funding=has_block)


def site_static_files(pages: Iterable[Resolvable]) -> dict[str, Path]:
    """The files a host copies for these pages (name -> path): each page's, once."""
    return files_of(name for page in pages for name in page_files(page))


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
        self._prefix = f"<!-- {token} flattr-"  # both comments start so

    def read(self, document: str) -> MarkedPage:
        """The written page read once, for ``shows_content``, ``unmarked`` and ``placed`` at
        once (a theme's navigation can make every page large)."""
        return MarkedPage(self, document, self.comments(document))

    def split(self, document: str) -> list[str]:
        """The texts between the comments, and each comment between them (as ``re.split`` with
        the comments as a group gives them)."""
        pieces: list[str] = []
        at = 0
        for found, mark in self.comments(document):
            pieces += (document[at:found], mark)
            at = found + len(mark)
        pieces.append(document[at:])
        return pieces

    def comments(self, document: str) -> list[tuple[int, str]]:
        """Where each of the two comments is in ``document``, in order, and which; found with
        ``str.find``, several times faster on the large pages a full navigation makes than the
        pattern."""
        found: list[tuple[int, str]] = []
        search = 0
        while (at := document.find(self._prefix, search)) >= 0:
            mark = self.mark if document.startswith(self.mark, at) else None
            if mark is None and document.startswith(self.witness, at):
                mark = self.witness
            if mark is None:  # the token, but not one of the two comments
                search = at + 1
                continue
            found.append((at, mark))
            search = at + len(mark)
        return found

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
        """Each mark replaced by the button, unless the page already shows one (then none) or
        there is no button (a page whose only funding is Web Monetization)."""
        document = document.replace(self.witness, "")
        if not markup or has_button(self.unmarked(document)):
            return self.unmarked(document)
        return document.replace(self.mark, button_slot(markup))


class MarkedPage:
    """A written page and where the marker's comments are in it: ``ButtonMarker``'s answers
    for it from that one read and one read of its head, then one join.

    The texts between the comments are spans of the page, not copies: a page a full
    navigation makes large (hundreds of kilobytes a page) is copied once, into what is
    written, and each copy that large costs its memory's page faults as well.

    When the head does not end before the first comment (no ``</head>``, or a mark in the
    head), the marker's own methods answer, which read the page as a whole.
    """

    def __init__(
        self, marker: ButtonMarker, document: str, comments: list[tuple[int, str]]
    ) -> None:
        self.marker, self.document = marker, document
        self.marks = [mark for _, mark in comments]
        starts = [0, *(at + len(mark) for at, mark in comments)]
        ends = [*(at for at, _ in comments), len(document)]
        self.spans = list(zip(starts, ends, strict=True))  # the texts between the comments

    @cached_property
    def _head(self) -> Head | None:
        """The head, if it ends before the first comment (so it reads the same marked or not)."""
        head = Head(self.document)
        first_end = self.spans[0][1]
        closed = head.closed is not None and (not self.marks or head.closed <= first_end)
        return head if closed else None

    @property
    def shows_content(self) -> bool:
        """``ButtonMarker.shows_content`` of the page."""
        if self._head is None:
            return self.marker.shows_content(self.document)
        return self.marker.witness in self.marks and not self._head.redirects

    def unmarked(self) -> str:
        if not self.marks:
            return self.document
        return "".join([self.document[start:end] for start, end in self.spans])

    def placed(self, button: Markup, head: Markup) -> str:
        """``insert_head(marker.placed(document, button), head)``, in one join."""
        if self._head is None:
            return insert_head(self.marker.placed(self.document, button), head)
        document = self.document
        slot = button_slot(button) if button and not self._has_button() else ""
        at, missing = self._head.addition(head)
        (_, first_end), *rest = self.spans
        out = [document[:at], missing, document[at:first_end]]
        for mark, (start, end) in zip(self.marks, rest, strict=True):
            out += (slot if mark == self.marker.mark else "", document[start:end])
        return "".join(out)

    def _has_button(self) -> bool:
        """``has_button`` of the unmarked page; the class names looked for in each text and
        around each cut first (a name may run across one), so a page without them is not
        joined to be read again."""
        document, width = self.document, max(map(len, BUTTON_NAMES))
        texts = (mentions_button(document, start, end) for start, end in self.spans)
        cuts = accumulate(end - start for start, end in self.spans[:-1])  # in the unmarked page
        around = (mentions_button(self._unmarked(cut - width, cut + width)) for cut in cuts)
        return (any(texts) or any(around)) and has_button(self.unmarked())

    def _unmarked(self, low: int, high: int) -> str:
        """``self.unmarked()[low:high]``, copying those characters alone."""
        pieces, offset = [], 0
        for start, end in self.spans:
            length = end - start
            if offset < high and offset + length > low:
                first, last = max(low - offset, 0), min(high - offset, length)
                pieces.append(self.document[start + first : start + last])
            offset += length
        return "".join(pieces)
