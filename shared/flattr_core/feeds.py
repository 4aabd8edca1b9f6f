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
    for at, piece in sorted(edits, key=lambda edit: edit[0], reverse=True):
        raw = raw[:at] + piece.encode("utf-8") + raw[at:]
    return raw.decode("utf-8")


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
    """One expat pass that records the root, the channel and the items with their offsets."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.stack: list[_Element] = []
        self.pending: dict[str, str] = {}
        self.prefixes: set[str] = set()
        self.root: _Element | None = None
        self.channel: _Element | None = None
        self.items: list[_Element] = []
        parser = expat.ParserCreate("utf-8", namespace_separator=" ")
        parser.namespace_prefixes = True
        parser.StartDoctypeDeclHandler = _refuse_doctype
        parser.EntityDeclHandler = _refuse_doctype
        parser.StartNamespaceDeclHandler = self._namespace
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        self.parser = parser
        try:
            parser.Parse(raw, True)
        except expat.ExpatError as error:
            raise ContentError(f"feed: not well-formed XML ({error})") from None

    @property
    def is_atom(self) -> bool:
        return self.root is not None and self.root.uri == ATOM_NS

    def _namespace(self, prefix: str | None, uri: str | None) -> None:
        self.pending[prefix or ""] = uri or ""
        self.prefixes.add(prefix or "")

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        parent = self.stack[-1] if self.stack else None
        scope = {**(parent.scope if parent else {}), **self.pending}
        element = _Element(*_split(name), self.parser.CurrentByteIndex, scope)
        self.pending = {}
        if parent is None:
            self._root(element)
        elif parent is self.root and not self.is_atom and element.local == "channel":
            self.channel = self.channel or element
            element.holder = True
        elif parent is self.channel and self._is_item(element):
            self.items.append(element)
            parent.first_item = element.start if parent.first_item is None else parent.first_item
            element.holder = True
        elif parent.holder:
            self._child(parent, element, attrs)
        self.stack.append(element)

    def _root(self, element: _Element) -> None:
        self.root = element
        if (element.uri, element.local) == (ATOM_NS, "feed"):
            self.channel, element.holder = element, True
        elif (element.uri, element.local) != ("", "rss"):
            raise ContentError(f"feed: the root <{element.local}> is neither RSS 2.0 nor Atom")

    def _is_item(self, element: _Element) -> bool:
        wanted = (ATOM_NS, "entry") if self.is_atom else ("", "item")
        return (element.uri, element.local) == wanted

    def _child(self, holder: _Element, child: _Element, attrs: dict[str, str]) -> None:
        rel = attrs.get("rel", "alternate").strip().lower()
        if (child.uri, child.local) == (ATOM_NS, "link"):
            holder.has_payment |= rel == "payment"
            if self.is_atom and rel == "alternate" and not holder.link:
                holder.link = attrs.get("href", "").strip()
        elif not self.is_atom and child.uri == "" and child.local in ("link", "guid"):
            permalink = attrs.get("isPermaLink", "true").strip().lower() != "false"
            if child.local == "link" or permalink:
                child.text = []

    def _text(self, data: str) -> None:
        if self.stack and self.stack[-1].text is not None:
            self.stack[-1].text.append(data)

    def _end(self, name: str) -> None:
        element = self.stack.pop()
        element.end = self.parser.CurrentByteIndex
        if element.text is not None:
            value = "".join(element.text).strip()
            holder = self.stack[-1]
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
