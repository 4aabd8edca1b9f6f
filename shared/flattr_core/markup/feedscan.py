"""The scanning half of ``feeds``: one expat pass that finds the feed, its channel and items.

Each kept element records its byte offsets, its namespace scope and its link, so
``feeds`` can insert text without rewriting anything. A DOCTYPE is refused, so no entity
can be declared, let alone expanded; expat resolves nothing external.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol
from xml.parsers import expat

from ..errors import ContentError
from .podcast import PODCAST_NS

ATOM_NS = "http://www.w3.org/2005/Atom"
_ATOM_ENTRY = f"{ATOM_NS} entry"


@dataclass
class Element:
    """An element the scan keeps: the root, the channel (or Atom feed), and each item."""

    uri: str
    local: str
    prefix: str
    start: int
    scope: dict[str, str]
    holder: bool = False  # the channel or an item: its link children are read
    link: str = ""
    guid: str = ""
    has_payment: bool = False
    wallets: set[str] = field(default_factory=set)  # its rel="monetization" links' hrefs
    funding_urls: set[str] = field(default_factory=set)  # its podcast:funding urls
    first_item: int | None = None
    end: int | None = None
    text: list[str] | None = None


class Scanned(Protocol):
    """What the feed planners read of a scan (``Scan``, or a feed described before it is
    written: ``feedwrite``)."""

    @property
    def is_atom(self) -> bool: ...
    @property
    def prefixes(self) -> set[str]: ...
    @property
    def root(self) -> Element | None: ...
    @property
    def channel(self) -> Element | None: ...
    @property
    def items(self) -> list[Element]: ...


def _refuse_doctype(*_: object) -> None:
    raise ContentError("feed: documents with a DOCTYPE are refused (entities are not expanded)")


class Scan:
    """One expat pass that records the root, the channel and the items with their offsets.

    Only the root, the channel, the items and the link texts being read get an ``Element``;
    every other element is a ``None`` on the stack, and text is only delivered while a link
    is read, so a feed costs a few Python calls per item rather than several per element.
    """

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.stack: list[Element | None] = []  # None: an element nothing is read from
        self.pending: dict[str, str] = {}
        self.prefixes: set[str] = set()
        self.root: Element | None = None
        self.channel: Element | None = None
        self.items: list[Element] = []
        self.is_atom = False
        self.reading: Element | None = None  # the link or guid whose text is read
        parser = expat.ParserCreate("utf-8", namespace_separator=" ")
        parser.namespace_prefixes = True
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = _refuse_doctype
        parser.EntityDeclHandler = _refuse_doctype
        parser.StartNamespaceDeclHandler = self._namespace
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        self.parser = parser
        try:
            parser.Parse(raw, True)
        except expat.ExpatError as error:
            raise ContentError(f"feed: not well-formed XML ({error})") from None

    def _namespace(self, prefix: str | None, uri: str | None) -> None:
        self.pending[prefix or ""] = uri or ""
        self.prefixes.add(prefix or "")

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if not self.stack:
            self.stack.append(self._root(self._element(name, None)))
            return
        parent = self.stack[-1]
        if parent is None or not (parent.holder or parent is self.root):
            self.stack.append(self._skip())
        elif parent is self.root and not self.is_atom:
            self.stack.append(self._channel(name, parent))
        elif parent is self.channel and self._is_item(name):
            self.stack.append(self._item(name, parent))
        else:
            self.stack.append(self._child(parent, name, attrs))

    def _skip(self) -> Element | None:
        """An element nothing is read from (None on the stack): forget what it declared."""
        if self.pending:
            self.pending = {}
        return None

    def _channel(self, name: str, root: Element) -> Element | None:
        if split_name(name)[1] != "channel":
            return self._skip()
        element = self._element(name, root)
        self.channel = self.channel or element
        element.holder = True
        return element

    def _item(self, name: str, channel: Element) -> Element:
        element = self._element(name, channel)
        self.items.append(element)
        if channel.first_item is None:
            channel.first_item = element.start
        element.holder = True
        return element

    def _element(self, name: str, parent: Element | None) -> Element:
        scope = {**parent.scope, **self.pending} if parent else self.pending
        self.pending = {}
        return Element(*split_name(name), self.parser.CurrentByteIndex, scope)

    def _root(self, element: Element) -> Element:
        self.root = element
        if (element.uri, element.local) == (ATOM_NS, "feed"):
            self.channel, element.holder, self.is_atom = element, True, True
        elif (element.uri, element.local) != ("", "rss"):
            raise ContentError(f"feed: the root <{element.local}> is neither RSS 2.0 nor Atom")
        return element

    def _is_item(self, name: str) -> bool:
        if not self.is_atom:
            return name == "item"
        return name.startswith(_ATOM_ENTRY) and split_name(name)[:2] == (ATOM_NS, "entry")

    def _child(self, holder: Element, name: str, attrs: dict[str, str]) -> Element | None:
        """Read a holder's link children; only an RSS link or permalink guid gets an element."""
        if "link" not in name and "guid" not in name and "funding" not in name:
            return self._skip()  # most children: title, content, ...
        uri, local, _ = split_name(name)
        if (uri, local) == (ATOM_NS, "link"):
            self._atom_link(holder, attrs)
        elif (uri, local) == (PODCAST_NS, "funding"):
            holder.funding_urls.add(attrs.get("url", "").strip())
        elif not self.is_atom and uri == "" and local in ("link", "guid"):
            permalink = attrs.get("isPermaLink", "true").strip().lower() != "false"
            if local == "link" or permalink:
                return self._read_text(name)
        return self._skip()

    def _atom_link(self, holder: Element, attrs: dict[str, str]) -> None:
        rel = attrs.get("rel", "alternate").strip().lower()
        holder.has_payment |= rel == "payment"
        if rel == "monetization":
            holder.wallets.add(attrs.get("href", "").strip())
        if self.is_atom and rel == "alternate" and not holder.link:
            holder.link = attrs.get("href", "").strip()

    def _read_text(self, name: str) -> Element:
        self.reading = self._element(name, None)
        self.reading.text = []
        self.parser.CharacterDataHandler = self._text
        return self.reading

    def _text(self, data: str) -> None:
        reading = self.reading
        if reading is not None and reading.text is not None and self.stack[-1] is reading:
            reading.text.append(data)

    def _end(self, name: str) -> None:
        element = self.stack.pop()
        if element is None:
            return
        element.end = self.parser.CurrentByteIndex
        if element is self.reading:
            self.parser.CharacterDataHandler = None
            self.reading = None
            self._read(element)

    def _read(self, element: Element) -> None:
        value = "".join(element.text or ()).strip()
        holder = self.stack[-1]
        if holder is None:
            return
        if element.local == "link" and not holder.link:
            holder.link = value
        elif element.local == "guid" and not holder.guid:
            holder.guid = value


def split_name(name: str) -> tuple[str, str, str]:
    """expat's ``uri local prefix`` name as its three parts (missing ones empty)."""
    parts = name.split(" ")
    if len(parts) == 1:
        return "", parts[0], ""
    return parts[0], parts[1], parts[2] if len(parts) > 2 else ""
