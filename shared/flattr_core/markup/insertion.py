"""Putting markup into a page: the button into its body, tags into its head, never twice.

Every function reads the page with ``htmlscan``, so what a browser would not read as a tag
is not one here either: a ``</head>`` inside a script string is not the head's end, and a
commented-out ``<link rel="payment">`` or ``<a class="flattr-button">`` does not stand for
the plugin's own. Each reads the document once, in linear time, and changes nothing but
the place it inserts at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cached_property, lru_cache
from html import unescape

from markupsafe import Markup, escape

from ..models import Position
from .buttons import BUTTON_CLASSES
from .concat import joined
from .htmlscan import RAW_TEXT, Tag, tags
from .outline import Outline, content_holder
from .support import SUPPORT_CLASS

_SLOT_START, _SLOT_END = Markup('<div class="flattr-slot">'), Markup("</div>")
_HEAD_TAGS = frozenset({"link", "meta", "script"})
_HEAD_BOUNDS = frozenset({"head"})
# How far ``Head._links_likely`` looks when the document says no "</head".
_GUESS_LIMIT = 1 << 16
_HEAD_LINKS = _HEAD_BOUNDS | {"link"}  # what bounds a head, and its links
_HEAD_READ = _HEAD_TAGS | {"head", "noscript"}
_SUPPORT_CLASSES = frozenset({SUPPORT_CLASS})
BUTTON_NAMES = (*sorted(BUTTON_CLASSES), SUPPORT_CLASS)
# what an inserted tag stands for: ("payment", ""), ("flattr:id", "") or ("", its href or src)
Kind = tuple[str, str]


def has_button(html: str) -> bool:
    """True when ``html`` already holds a Flattr button (ours or a classic ``FlattrButton``)
    or a support block (with or without a Flattr button in it): it stands for the button."""
    # The substring test first: most pages hold none of the class names at all.
    if not mentions_button(html):
        return False
    return any(_is_button(tag) for tag in _start_tags(html))


def mentions_button(html: str, start: int = 0, end: int | None = None) -> bool:
    """True when ``html`` (or ``html[start:end]``, read in place: a page can be large) holds a
    button's or support block's class name anywhere (in a tag or not): ``has_button`` is false
    without one."""
    return any(html.find(name, start, end) >= 0 for name in BUTTON_NAMES)


def _is_button(tag: Tag) -> bool:
    return (tag.name == "a" and tag.has_class(BUTTON_CLASSES)) or tag.has_class(_SUPPORT_CLASSES)


def has_payment_link(html: str) -> bool:
    """True when ``html`` already has a ``<link rel="payment">``."""
    return _has_payment_link(_start_tags(html))


def _has_payment_link(tags: Iterable[Tag]) -> bool:
    return any(tag.name == "link" and "payment" in _rel(tag) for tag in tags)


def button_slot(markup: Markup) -> str:
    """The button in its wrapper, ``<div class="flattr-slot">``, as the functions below place it."""
    # one join, to a plain str: a support block is kilobytes, copied once (escaping a Markup
    # would copy it twice more, into a new Markup, to give back the same text)
    body = markup if type(markup) is Markup else escape(markup)
    return "".join((_SLOT_START, body, _SLOT_END))


def is_redirect(html: str) -> bool:
    """True when ``html``'s head sends the reader elsewhere (``<meta http-equiv="refresh">``
    with a URL, as redirect stubs have; a page that only reloads itself is no redirect).

    A refresh inside ``<noscript>`` counts too: redirect stubs send script-less readers on
    that way (the tokenizer reads ``<noscript>`` as text, as a browser with scripts on does).
    """
    return Head(html).redirects


def _refreshes_elsewhere(meta: Tag) -> bool:
    if not _may_hold(meta, "refresh"):  # most metas: no attribute read at all
        return False
    content = meta.attrs.get("content", "").lower().replace(" ", "")
    return meta.attrs.get("http-equiv", "").lower() == "refresh" and "url=" in content


def insert_button(html: str, markup: Markup, position: Position) -> str:
    """The content ``html`` with the button at its top, bottom or both; unchanged if it has one
    (or ``markup`` is empty: a page whose only funding is Web Monetization, all in the head)."""
    if position == "none" or not markup or has_button(html):
        return str(html)
    return _around(str(html), 0, len(html), button_slot(markup), position)


def place_button(document: str, markup: Markup, position: Position) -> str:
    """The page ``document`` with the button at the top, bottom or both of its content.

    The content is the element ``outline.content_holder`` finds: one marked
    ``data-flattr-slot``, else the element that holds the page's body. Unchanged when the page
    already has a button or has no ``<body>`` to hold one (or ``markup`` is empty).
    """
    if position == "none" or not markup or has_button(document):
        return document
    holder = content_holder(Outline(document))
    if holder is None or holder.close is None:
        return document
    return _around(document, holder.inner, holder.close, button_slot(markup), position)


def _around(text: str, start: int, end: int, slot: str, position: Position) -> str:
    # one join: each part is copied once into the page (concatenating copied each prefix again)
    top = (slot, "\n") if position in ("top", "both") else ()
    bottom = ("\n", slot) if position in ("bottom", "both") else ()
    return "".join((text[:start], *top, text[start:end], *bottom, text[end:]))


class HeadBlock(Markup):
    """Head tags made of blocks that are each whole tags (``blocks``): the pages of a site
    share most of them (the assets, the wallets), and ``insert_head`` reads each block's
    tags once, not once a page."""

    blocks: tuple[Markup, ...] = ()

    @classmethod
    def of(cls, blocks: Iterable[Markup]) -> HeadBlock:
        blocks = tuple(blocks)
        block = cls(joined(blocks, Markup("\n")))
        block.blocks = blocks
        return block


def insert_head(document: str, markup: Markup) -> str:
    """``document`` with ``markup``'s tags before ``</head>``, leaving out any its head has.

    Only the head is read (the whole document when it has no ``</head>``): a payment link,
    meta or asset belongs there, and a theme's navigation can make the body large. Without a
    ``</head>`` the tags go after ``<head>``, or at the very start of a fragment.
    """
    at, missing = Head(document).addition(markup)
    return _inserted(document, at, missing) if missing else document


def _inserted(text: str, at: int, addition: str) -> str:
    """``text[:at] + addition + text[at:]``, with ``text`` copied once, not three times (each
    slice, then each sum): a page is tens of kilobytes, written after its short head. When
    what starts at ``at`` (the head's end tag) is found nowhere before it, one replace of its
    first occurrence copies the page once."""
    anchor = text[at : at + 16]
    if text.find(anchor) == at:
        return text.replace(anchor, addition + anchor, 1)
    return "".join((text[:at], addition, text[at:]))


class Head:
    """Where a document's head starts (its start tag's end), where it ends (and where its end
    tag ends), its tags, and whether it redirects (see ``is_redirect``): one read of the head
    answers ``is_redirect`` and ``insert_head`` both.

    Its bounds are found first, passing over every other tag in C; its tags are read only
    when asked for (most pages: never, see ``_holding``). Its links are read in the same scan
    when the page is likely to need them (``_links_likely``), else on demand.

    A plain class, not a dataclass: made once a page, compared never, and a dataclass costs
    every build half a millisecond to create at import."""

    start: int
    end: int | None
    closed: int | None
    _links: list[Tag] | None

    def __init__(self, document: str) -> None:
        self.document = document
        self.start, self.end, self.closed = 0, None, None
        reading = self._links_likely()
        found: list[Tag] = []
        for tag in tags(document, _HEAD_LINKS if reading else _HEAD_BOUNDS):
            if tag.name == "head" and tag.closing:
                self.end, self.closed = tag.start, tag.end
                break
            if tag.name == "head" and not self.start:
                self.start = tag.end
            elif tag.name == "link" and not tag.closing:
                found.append(tag)
        self._links = found if reading else None

    def __repr__(self) -> str:
        return f"Head(start={self.start}, end={self.end}, closed={self.closed})"

    def _links_likely(self) -> bool:
        """A guess, before the head is bounded: whether "payment" is written before the first
        "</head" (both as most pages write them: searched in C, no pattern or case-folding).
        Either way the links read are the same; a wrong guess costs a scan of the head (a
        second one, or a slower first one), never another answer."""
        document = self.document
        end = document.find("</head", 0, _GUESS_LIMIT)
        return document.find("payment", 0, _GUESS_LIMIT if end < 0 else end) >= 0

    @property
    def links(self) -> list[Tag]:
        """The head's ``<link>`` start tags: a theme's head holds a dozen, and most heads say
        nothing a link of theirs could match (``_holding``)."""
        if self._links is None:
            self._links = [
                tag
                for tag in self._head_tags(_HEAD_LINKS)
                if tag.name == "link" and not tag.closing
            ]
        return self._links

    def _head_tags(self, names: frozenset[str]) -> Iterator[Tag]:
        """The document's tags of ``names`` up to the head's end tag."""
        for tag in tags(self.document, names):
            if tag.name == "head" and tag.closing:
                return
            yield tag

    @property
    def tags(self) -> list[Tag]:
        """The head's ``<link>``, ``<meta>`` and ``<script>`` start tags."""
        return self._read[0]

    @property
    def redirects(self) -> bool:
        # Most heads never say "refresh", nor hold a reference that could spell it: then no
        # meta in them (or in a noscript of theirs) redirects, and their tags need no reading.
        if not self._may_hold("refresh", lower=True):
            return False
        return self._read[1]

    @cached_property
    def _read(self) -> tuple[list[Tag], bool]:
        found: list[Tag] = []
        redirects, noscript = False, None
        for tag in self._head_tags(_HEAD_READ):
            if tag.name == "noscript" and not tag.closing:
                noscript = tag
            elif tag.name == "noscript" and noscript is not None and not redirects:
                redirects = is_redirect(self.document[noscript.end : tag.start])
            elif tag.name in _HEAD_TAGS and not tag.closing:
                found.append(tag)
                redirects |= tag.name == "meta" and _refreshes_elsewhere(tag)
        return found, redirects

    def addition(self, markup: Markup) -> tuple[int, str]:
        """Where ``markup``'s tags go, and those the head lacks ('' when it has them all)."""
        missing = [text for text, kind in _piece_kinds(markup) if not self._has(kind)]
        at = self.end if self.end is not None else self.start
        return at, "\n".join(missing) + "\n" if missing else ""

    def _has(self, kind: Kind) -> bool:
        """True when the head already holds the payment link, flattr:id meta or asset (its
        ``_kind_of``)."""
        what, reference = kind
        if what == "payment":
            return self._has_payment
        if what == "flattr:id":
            return self._has_flattr_id
        if not reference:
            return False
        holding = self._holding(reference, lower=False)
        return any(reference in (t.attrs.get("href"), t.attrs.get("src")) for t in holding)

    # Once per page, not once per inserted tag; and only the tags that can hold the value
    # have their attributes read: a theme's head holds many links.
    @cached_property
    def _has_payment(self) -> bool:
        return _has_payment_link(self._holding("payment", lower=True, links=True))

    @cached_property
    def _has_flattr_id(self) -> bool:
        tags = self._holding("flattr:id", lower=True)
        return any(t.attrs.get("name", "").lower() == "flattr:id" for t in tags)

    @cached_property
    def _head_text(self) -> str:
        return self.document[: self.end if self.end is not None else len(self.document)]

    @cached_property
    def _head_lowered(self) -> str:
        return self._head_text.lower()

    def _head(self, lower: bool) -> str:
        return self._head_lowered if lower else self._head_text

    def _holding(self, value: str, *, lower: bool, links: bool = False) -> list[Tag]:
        """The head's tags (its ``links`` alone, else all of ``tags``) whose text holds
        ``value`` (lowercased first if ``lower``), or a character reference, which may spell
        it: no other tag has an attribute of that value. Neither is read when the head
        cannot hold it (``_may_hold``)."""
        if not self._may_hold(value, lower=lower):
            return []
        tags = self.links if links else self.tags
        return [tag for tag in tags if self._holds(tag, value, lower)]

    def _may_hold(self, value: str, *, lower: bool) -> bool:
        """False when no tag of the head can hold ``value``: every tag's text is in the
        head's, which holds neither it nor a reference that may spell it."""
        return value in self._head(lower) or self._may_spell(value)

    def _holds(self, tag: Tag, value: str, lower: bool) -> bool:
        """True when ``tag``'s text holds ``value`` (lowercased first if ``lower``), or a
        reference that decodes to one of its characters (``_may_spell``, for one tag)."""
        head = self._head(lower)
        if len(head) == len(self._head_text):  # the same offsets: searched in place, no copy
            if head.find(value, tag.start, tag.end) >= 0:
                return True
        elif value in self.document[tag.start : tag.end].lower():  # a letter lowercased longer
            return True
        if self._head_text.find("&", tag.start, tag.end) < 0:
            return False
        return not _spelled(self._head_text, tag.start, tag.end).isdisjoint(value)

    def _may_spell(self, value: str) -> bool:
        """False when no character reference in the head can stand for part of ``value``: none
        decodes to one of its characters, as written or lowercased (escapes such as ``&amp;``
        and ``&#39;``, a title's ``&ndash;`` or ``&raquo;``, spell no tag's value)."""
        return "&" in self._head_text and not self._head_spells.isdisjoint(value)

    @cached_property
    def _head_spells(self) -> frozenset[str]:
        return _spelled(self._head_text, 0, len(self._head_text))


# What ``html.unescape`` reads as a reference (its own pattern): the tokenizer decodes attribute
# values with it, so no reference decodes to more than unescape makes of it.
_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")


def _spelled(text: str, start: int, end: int) -> frozenset[str]:
    """Every character a reference in ``text[start:end]`` decodes to, and its lowercase."""
    references = set(_REFERENCE.findall(text, start, end))
    return frozenset().union(*map(_decoded, references))


@lru_cache(maxsize=1024)  # a site's heads share their few references
def _decoded(reference: str) -> frozenset[str]:
    """The characters ``reference`` may stand for: none when it stands for itself (an ``&``
    that starts no reference, as a font URL's ``&family=``: text the head's search sees)."""
    text = unescape(reference)
    return frozenset() if text == reference else frozenset(text + text.lower())


def _piece_kinds(markup: Markup) -> list[tuple[str, Kind]]:
    """Each piece of ``markup`` (``_pieces``) and what it stands for (``_kind_of``)."""
    blocks = markup.blocks if isinstance(markup, HeadBlock) else None
    if blocks is None or str(markup) != "\n".join(blocks):  # changed since: read it all
        return [(text, _kind_of(tag)) for tag, text in _pieces(str(markup))]
    return [piece for block in blocks for piece in _block_pieces(str(block))]


def _block_pieces(block: str) -> tuple[tuple[str, Kind], ...]:
    """``_piece_kinds`` of one block: a page's own payment link and ``flattr:id`` meta (new on
    every page) are known by their form; the blocks pages share are read once."""
    lines = block.split("\n")
    if all(_OWN_TAG.fullmatch(line) for line in lines):
        return tuple((line, _OWN_KINDS[line[1]]) for line in lines)
    return _read_block_pieces(block)


# The payment link and flattr:id meta as head.py writes them (values escaped, so no quote or
# angle bracket inside one): each is exactly one tag of that kind, as the tokenizer reads it.
_OWN_TAG = re.compile(
    r'<link rel="payment" href="[^<>"]*" type="text/html" />'
    r'|<meta name="flattr:id" content="[^<>"]*" />'
)
_OWN_KINDS: dict[str, Kind] = {"l": ("payment", ""), "m": ("flattr:id", "")}


# The head blocks of a site's pages share most of their tags (the assets, the wallets).
@lru_cache(maxsize=512)
def _read_block_pieces(block: str) -> tuple[tuple[str, Kind], ...]:
    return tuple((text, _kind_of(tag)) for tag, text in _pieces(block))


def _kind_of(tag: Tag) -> Kind:
    """``("payment", "")``, ``("flattr:id", "")`` or ``("", href or src)`` (maybe empty)."""
    if "payment" in _rel(tag):
        return "payment", ""
    if tag.attrs.get("name") == "flattr:id":
        return "flattr:id", ""
    return "", tag.attrs.get("href") or tag.attrs.get("src") or ""


def _may_hold(tag: Tag, value: str) -> bool:
    """False when no attribute of ``tag`` can be ``value`` (lowercase): its text, lowercased,
    lacks it and has no character reference that could spell it."""
    text = tag.text
    return "&" in text or value in text.lower()


def _pieces(markup: str) -> list[tuple[Tag, str]]:
    """Each top-level tag of ``markup`` and its text (a script's runs to its end tag)."""
    pieces: list[tuple[Tag, str]] = []
    opened: Tag | None = None
    for tag in tags(markup):
        if opened is not None and tag.closing and tag.name == opened.name:
            pieces.append((opened, markup[opened.start : tag.end]))
            opened = None
        elif opened is None and not tag.closing:
            if tag.name in RAW_TEXT:
                opened = tag
            else:
                pieces.append((tag, markup[tag.start : tag.end]))
    return pieces


def _rel(tag: Tag) -> list[str]:
    return tag.attrs.get("rel", "").lower().split()


def _start_tags(html: str) -> Iterable[Tag]:
    return (tag for tag in tags(html) if not tag.closing)
