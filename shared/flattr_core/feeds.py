"""Payment links in an existing Atom or RSS 2.0 feed, added without rewriting anything else.

expat reads the document only to learn where the feed, its channel and its items start
and end; the links are then inserted as text at those offsets. So the XML declaration and
encoding, comments, CDATA, namespace prefixes and layout stay byte for byte. Items are
matched by their link (RSS ``<link>``, else a permalink ``<guid>``; Atom ``<link>`` with
``rel="alternate"`` or no rel). An item, entry or channel that already has a payment link
keeps it and gets no second one, so running twice changes nothing.

Safety: a document with a DOCTYPE is refused, so no entity can be declared, let alone
expanded (no billion laughs, no external entities); expat resolves nothing external.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass
from xml.parsers import expat

from . import render
from .errors import ContentError
from .models import Endpoints, Thing

ATOM_NS = "http://www.w3.org/2005/Atom"
_ATOM_ENTRY = f"{ATOM_NS} entry"
_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


@dataclass
class _Element:
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
    first_item: int | None = None
    end: int | None = None
    text: list[str] | None = None


def add_payment_links(
    document: str | bytes,
    *,
    endpoints: Endpoints,
    channel: Thing | None = None,
    items: Mapping[str, Thing],
) -> str:
    """``document`` with a payment link for the channel and for each item found in ``items``.

    ``items`` maps an item's link URL (exactly as in the feed) to its thing. Raises
    ContentError for malformed XML, a DOCTYPE, or a root that is neither RSS nor Atom.
    """
    raw = _decode(document).encode("utf-8", "surrogatepass")
    scan = _Scan(raw)
    edits = _Plan(scan, endpoints).edits(channel, items)
    return _insert(raw, edits).decode("utf-8")


def _insert(raw: bytes, edits: list[tuple[int, str]]) -> bytes:
    """``raw`` with each piece inserted at its offset, in one pass (pieces at one offset go
    in the reverse of their order in ``edits``)."""
    pieces, done = [], 0
    ordered = sorted(enumerate(edits), key=lambda edit: (edit[1][0], -edit[0]))
    for _, (at, piece) in ordered:
        pieces += [raw[done:at], piece.encode("utf-8")]
        done = at
    pieces.append(raw[done:])
    return b"".join(pieces)


def _decode(document: str | bytes) -> str:
    if isinstance(document, str):
        return document
    if document.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        declared = _ENCODING.match(document.removeprefix(codecs.BOM_UTF8))
        encoding = declared.group(1).decode("ascii") if declared else "utf-8-sig"
    try:
        return document.decode(encoding)
    except (LookupError, UnicodeDecodeError) as error:
        raise ContentError(f"feed: cannot be decoded as {encoding} ({error})") from None


def _refuse_doctype(*_: object) -> None:
    raise ContentError("feed: documents with a DOCTYPE are refused (entities are not expanded)")


class _Scan:
    """One expat pass that records the root, the channel and the items with their offsets.

    Only the root, the channel, the items and the link texts being read get an ``_Element``;
    every other element is a ``None`` on the stack, and text is only delivered while a link
    is read, so a feed costs a few Python calls per item rather than several per element.
    """

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.stack: list[_Element | None] = []  # None: an element nothing is read from
        self.pending: dict[str, str] = {}
        self.prefixes: set[str] = set()
        self.root: _Element | None = None
        self.channel: _Element | None = None
        self.items: list[_Element] = []
        self.is_atom = False
        self.reading: _Element | None = None  # the link or guid whose text is read
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

    def _skip(self) -> _Element | None:
        """An element nothing is read from (None on the stack): forget what it declared."""
        if self.pending:
            self.pending = {}
        return None

    def _channel(self, name: str, root: _Element) -> _Element | None:
        if _split(name)[1] != "channel":
            return self._skip()
        element = self._element(name, root)
        self.channel = self.channel or element
        element.holder = True
        return element

    def _item(self, name: str, channel: _Element) -> _Element:
        element = self._element(name, channel)
        self.items.append(element)
        if channel.first_item is None:
            channel.first_item = element.start
        element.holder = True
        return element

    def _element(self, name: str, parent: _Element | None) -> _Element:
        scope = {**parent.scope, **self.pending} if parent else self.pending
        self.pending = {}
        return _Element(*_split(name), self.parser.CurrentByteIndex, scope)

    def _root(self, element: _Element) -> _Element:
        self.root = element
        if (element.uri, element.local) == (ATOM_NS, "feed"):
            self.channel, element.holder, self.is_atom = element, True, True
        elif (element.uri, element.local) != ("", "rss"):
            raise ContentError(f"feed: the root <{element.local}> is neither RSS 2.0 nor Atom")
        return element

    def _is_item(self, name: str) -> bool:
        if not self.is_atom:
            return name == "item"
        return name.startswith(_ATOM_ENTRY) and _split(name)[:2] == (ATOM_NS, "entry")

    def _child(self, holder: _Element, name: str, attrs: dict[str, str]) -> _Element | None:
        """Read a holder's link children; only an RSS link or permalink guid gets an element."""
        if "link" not in name and "guid" not in name:  # most children: title, content, ...
            return self._skip()
        uri, local, _ = _split(name)
        if (uri, local) == (ATOM_NS, "link"):
            rel = attrs.get("rel", "alternate").strip().lower()
            holder.has_payment |= rel == "payment"
            if self.is_atom and rel == "alternate" and not holder.link:
                holder.link = attrs.get("href", "").strip()
        elif not self.is_atom and uri == "" and local in ("link", "guid"):
            permalink = attrs.get("isPermaLink", "true").strip().lower() != "false"
            if local == "link" or permalink:
                return self._read_text(name)
        return self._skip()

    def _read_text(self, name: str) -> _Element:
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

    def _read(self, element: _Element) -> None:
        value = "".join(element.text or ()).strip()
        holder = self.stack[-1]
        if holder is None:
            return
        if element.local == "link" and not holder.link:
            holder.link = value
        elif element.local == "guid" and not holder.guid:
            holder.guid = value


def _split(name: str) -> tuple[str, str, str]:
    """expat's ``uri local prefix`` name as its three parts (missing ones empty)."""
    parts = name.split(" ")
    if len(parts) == 1:
        return "", parts[0], ""
    return parts[0], parts[1], parts[2] if len(parts) > 2 else ""


class _Plan:
    """Turns a scan into text insertions: the links and, for RSS, the namespace declaration."""

    def __init__(self, scan: _Scan, endpoints: Endpoints) -> None:
        self.scan = scan
        self.endpoints = endpoints
        self.declare = next(p for p in _candidates() if p not in scan.prefixes)
        self.needs_declaration = False

    def edits(self, channel: Thing | None, items: Mapping[str, Thing]) -> list[tuple[int, str]]:
        holder, root = self.scan.channel, self.scan.root
        if holder is None or root is None:
            raise ContentError("feed: the RSS document has no <channel>")
        edits: list[tuple[int, str]] = []
        for item in self.scan.items:
            thing = items.get(item.link or item.guid)
            if thing is not None and not item.has_payment:
                edits.append(self._inside(item, thing))
        if channel is not None and not holder.has_payment:
            edits.append(self._before_items(holder, channel))
        if self.needs_declaration:
            edits.append(self._declaration(root))
        return edits

    def _link(self, holder: _Element, thing: Thing) -> str:
        prefix = _atom_prefix(holder)
        if prefix is None:
            prefix, self.needs_declaration = self.declare, True
        return str(render.feed_link(thing, self.endpoints, prefix=prefix))

    def _inside(self, holder: _Element, thing: Thing) -> tuple[int, str]:
        """The link as the last child, indented one step deeper than the end tag."""
        at = _closing(self.scan.raw, holder)
        indent = _indent(self.scan.raw, at)
        if indent is None:
            return at, self._link(holder, thing)
        step = "\t" if "\t" in indent else "  "
        return at, f"{step}{self._link(holder, thing)}\n{indent}"

    def _before_items(self, holder: _Element, thing: Thing) -> tuple[int, str]:
        """The channel link before the first item, or as the last child when there is none."""
        if holder.first_item is None:
            return self._inside(holder, thing)
        at = holder.first_item
        indent = _indent(self.scan.raw, at)
        return at, self._link(holder, thing) + ("\n" + indent if indent is not None else "")

    def _declaration(self, root: _Element) -> tuple[int, str]:
        at = _start_tag_end(self.scan.raw, root.start)
        return at, f' xmlns:{self.declare}="{ATOM_NS}"'


def _candidates() -> list[str]:
    return ["atom", *(f"atom{n}" for n in range(1, 100))]


def _atom_prefix(holder: _Element) -> str | None:
    """The prefix that names Atom inside ``holder``: its own if it is Atom, else a bound one."""
    if holder.uri == ATOM_NS:
        return holder.prefix
    return next((p for p, uri in holder.scope.items() if uri == ATOM_NS and p), None)


def _closing(raw: bytes, element: _Element) -> int:
    at = element.end if element.end is not None else len(raw)
    if not raw.startswith(b"</", at):
        raise ContentError(f"feed: the empty <{element.local}/> cannot take a payment link")
    return at


def _indent(raw: bytes, at: int) -> str | None:
    """The whitespace that starts the line up to ``at``, or None if other text is there."""
    line = raw[raw.rfind(b"\n", 0, at) + 1 : at]
    return line.decode("utf-8") if not line.strip() else None


def _start_tag_end(raw: bytes, start: int) -> int:
    """The offset of the ``>`` (or ``/>``) that ends the start tag at ``start``."""
    quote = 0
    for at in range(start, len(raw)):
        byte = raw[at]
        if quote:
            quote = 0 if byte == quote else quote
        elif byte in b"\"'":
            quote = byte
        elif byte == ord(">"):
            return at - 1 if raw[at - 1] == ord("/") else at
    raise ContentError("feed: unterminated start tag")
