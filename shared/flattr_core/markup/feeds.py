"""Payment links in an existing Atom or RSS 2.0 feed, added without rewriting anything else.

Beside them, the other ways of support (``feedfunding``): Web Monetization links at channel
and item level, and ``<podcast:funding>`` in RSS.

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
import os
import re
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from ..errors import ContentError
from ..models import Endpoints, Thing
from ..providers import Funding
from .feedplan import FeedPlan, feed_link, feed_link_element
from .feedscan import Element, Scan

__all__ = ["add_payment_links", "feed_link", "feed_link_element", "patch_feed_file"]

NO_FUNDING: Mapping[str, Funding] = MappingProxyType({})
NO_SITE_FUNDING = Funding()

_XML_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def add_payment_links(
    document: str | bytes,
    *,
    endpoints: Endpoints,
    channel: Thing | None = None,
    items: Mapping[str, Thing],
    channel_funding: Funding = NO_SITE_FUNDING,
    item_funding: Mapping[str, Funding] = NO_FUNDING,
) -> str:
    """``document`` with a payment link for the channel and for each item found in ``items``.

    ``items`` maps an item's link URL (exactly as in the feed) to its thing; ``item_funding``
    maps it to its page's other ways of support, ``channel_funding`` is the site's (see
    ``feedfunding``). Raises ContentError for malformed XML, a DOCTYPE, or a root that is
    neither RSS nor Atom.
    """
    text = document if isinstance(document, str) else _decode(document)[0]
    if "\x00" in text:  # never in XML; UTF-16 or UTF-32 read as UTF-8 is full of them
        raise ContentError("feed: holds NUL characters, so it is not XML (or not in its encoding)")
    raw = text.encode("utf-8", "surrogatepass")
    scan = Scan(raw)
    plan = FeedPlan(scan, endpoints, channel_funding)
    return _insert(raw, _edits(scan, plan, channel, items, item_funding)).decode("utf-8")


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


def patch_feed_file(
    path: str | os.PathLike[str],
    *,
    endpoints: Endpoints,
    channel: Thing | None = None,
    items: Mapping[str, Thing],
    channel_funding: Funding = NO_SITE_FUNDING,
    item_funding: Mapping[str, Funding] = NO_FUNDING,
) -> bool:
    """Add payment links (and funding, see ``add_payment_links``) to the feed file at
    ``path``, in its own encoding; True if it changed.

    The one way every host patches a feed it has written. A feed that cannot be read as RSS
    or Atom is a ContentError naming the file, and the file stays exactly as it was; the new
    content replaces the old in one step (a temporary file renamed over it), so a reader or
    a crash never sees half a feed.
    """
    target = Path(path)
    document = target.read_bytes()
    try:
        text, codec, bom = _decode(document)
        updated = add_payment_links(
            text,
            endpoints=endpoints,
            channel=channel,
            items=items,
            channel_funding=channel_funding,
            item_funding=item_funding,
        )
        encoded = bom + updated.encode(codec)
    except ContentError as error:
        raise ContentError(f"{target}: {error}") from None
    except UnicodeEncodeError as error:  # unreachable for our ASCII links; never half-write
        raise ContentError(f"{target}: cannot be written as {codec} ({error})") from None
    if encoded == document:
        return False
    replace_file(target, encoded)
    return True


def replace_file(target: Path, content: bytes) -> None:
    """Write ``content`` over ``target`` in one step (a temporary file renamed over it), with
    the file's mode: a reader or a crash sees the old file or the new, never half of one."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


# Byte order marks, then XML 1.0 appendix F's patterns for "<?" without one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UNMARKED = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x00<\x00?", "utf-16-be"),
)


def _decode(document: bytes) -> tuple[str, str, bytes]:
    """The text of ``document``, the codec to write it back with, and its byte order mark."""
    bom, codec = next(((b, c) for b, c in _BOMS if document.startswith(b)), (b"", ""))
    codec = codec or next((c for start, c in _UNMARKED if document.startswith(start)), "")
    if not codec:
        declared = _ENCODING.match(document)
        codec = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return document[len(bom) :].decode(codec), codec, bom
    except (LookupError, UnicodeDecodeError) as error:
        raise ContentError(f"feed: cannot be decoded as {codec} ({error})") from None


def _edits(
    scan: Scan,
    plan: FeedPlan,
    channel: Thing | None,
    items: Mapping[str, Thing],
    funding: Mapping[str, Funding],
) -> list[tuple[int, str]]:
    """The plan's elements as text insertions at the offsets the scan found."""
    holder, root = scan.channel, scan.root
    if holder is None or root is None:
        raise ContentError("feed: the RSS document has no <channel>")
    edits: list[tuple[int, str]] = []
    for item in scan.items:
        key = item.link or item.guid
        elements = plan.item_elements(item, items.get(key), funding.get(key))
        if elements:
            edits.append(_inside(scan.raw, item, elements))
    elements = plan.channel_elements(holder, channel)
    if elements:
        edits.append(_before_items(scan.raw, holder, elements))
    at = _start_tag_end(scan.raw, root.start)
    edits += [(at, declaration) for declaration in plan.declarations()]
    return edits


def _inside(raw: bytes, holder: Element, elements: list[str]) -> tuple[int, str]:
    """The elements as the last children, indented one step deeper than the end tag."""
    at = _closing(raw, holder)
    indent = _indent(raw, at)
    if indent is None:
        return at, "".join(elements)
    step = "\t" if "\t" in indent else "  "
    return at, "".join(f"{step}{element}\n{indent}" for element in elements)


def _before_items(raw: bytes, holder: Element, elements: list[str]) -> tuple[int, str]:
    """The channel's elements before the first item, or as the last children without one."""
    if holder.first_item is None:
        return _inside(raw, holder, elements)
    at = holder.first_item
    indent = _indent(raw, at)
    if indent is None:
        return at, "".join(elements)
    return at, "".join(f"{element}\n{indent}" for element in elements)


def _closing(raw: bytes, element: Element) -> int:
    at = element.end if element.end is not None else len(raw)
    if not raw.startswith(b"</", at):
        raise ContentError(f"feed: the empty <{element.local}/> cannot take a payment link")
    return at


def _indent(raw: bytes, at: int) -> str | None:
    """The whitespace that starts the line up to ``at``, or None if other text is there.

    Read backwards from ``at`` over the whitespace only: a feed written on one line (Pelican's,
    Django's) would otherwise be copied up to each item, quadratic in the feed's size.
    """
    start = at
    while start and raw[start - 1] in _LINE_SPACE:
        start -= 1
    if start and raw[start - 1] != _NEWLINE:
        return None
    return raw[start:at].decode("utf-8")


_LINE_SPACE = frozenset(b" \t\r\x0b\x0c")  # what bytes.strip() strips, bar the newline
_NEWLINE = ord("\n")


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
