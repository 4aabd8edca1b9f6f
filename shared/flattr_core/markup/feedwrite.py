"""Payment links and funding written while a feed is written, for the feed classes of Django's
``feedgenerator`` (Pelican's ``Rss201rev2Feed`` and ``Atom1Feed``): nothing is read back.

``feeds.patch_feed_file`` reads a written feed, scans it with expat and inserts the elements at
the offsets it found. A feed of these classes is written by a known method (``write``: the
root's attributes, ``add_root_elements``, then each item's ``add_item_elements``), so its holders
are known before it is written: ``links_while_writing`` describes them as the scan would have
found them, asks the same ``FeedPlan`` for their elements, and makes the feed write each
element where the patcher would have inserted it: the channel's after the channel's own
elements (before the first item, or before ``</channel>`` without one), an item's as its last
children, the podcast namespace as the root's last attribute. Written on one line, as these
feeds are, the bytes are the patcher's.

Only the classes themselves qualify, never a subclass (it may write other elements): the host
checks that and patches the written file otherwise. ``FeedItemMemo`` keeps what each item got
across the feeds of one build (an article is in the site's feed, its category's, its author's,
each tag's), checked against the thing and funding it was made from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..models import Endpoints, Thing
from ..providers import Funding
from .feedplan import FeedPlan
from .feedscan import ATOM_NS, Element
from .podcast import PODCAST_NS

# What XML 1.0 forbids and the SAX writer writes as it is: a feed holding one cannot be read
# back, so the patcher would warn and leave it as the host wrote it; writing links into it
# must not either.
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\r")
_NONCHARACTERS = ("\ufffe".encode(), "\uffff".encode())


def is_xml_text(text: str) -> bool:
    """True when ``text`` holds no character XML 1.0 forbids: C0 controls but tab, newline
    and carriage return, lone surrogates, U+FFFE and U+FFFF.

    Read in C, several times faster than the pattern on the long texts a feed holds (each
    article's whole content): a lone surrogate fails to encode, the control characters are
    the bytes below 0x20 (no UTF-8 sequence holds one), U+FFFE and U+FFFF their encodings.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    if len(data.translate(None, _CONTROL_BYTES)) != len(data):
        return False
    return text.isascii() or not any(bad in data for bad in _NONCHARACTERS)


@dataclass(frozen=True, slots=True)
class _Made:
    """One item's elements and what they were made from: the thing, its funding, the
    channel's funding and the endpoints (frozen values: equal ones make the same elements)
    and the prefixes the feed had free.

    The four values are fields, not one tuple: a tuple holding a thing stays tracked by the
    cyclic collector, one more object on each of its passes for every item a build keeps."""

    thing: Thing | None
    funding: Funding | None
    channel: Funding
    endpoints: Endpoints
    prefixes: tuple[str, str]
    text: str
    atom_declared: bool
    podcast_declared: bool

    def made_from(self) -> tuple[Thing | None, Funding | None, Funding, Endpoints]:
        return (self.thing, self.funding, self.channel, self.endpoints)


@dataclass
class _KindMemo:
    """What the items of one kind of feed (Atom, or RSS) got, by the item's key (its link):
    by the string alone, not a (link, kind) tuple made and kept for each."""

    made: dict[str, _Made] = field(default_factory=dict)
    # each item's values when found readable, by its link
    checked: dict[object, Mapping[str, Any]] = field(default_factory=dict)


@dataclass
class FeedItemMemo:
    """What each item got in the feeds written so far in one build, by link and kind of feed."""

    atom: _KindMemo = field(default_factory=_KindMemo)
    rss: _KindMemo = field(default_factory=_KindMemo)
    readable: set[str] = field(default_factory=set)  # texts found to hold no forbidden character


@dataclass
class _Scan:
    """What ``FeedPlan`` reads of a scan, for a feed not written yet."""

    is_atom: bool
    prefixes: set[str]
    root: Element
    channel: Element
    items: list[Element]


def links_while_writing(
    feed: Any,
    *,
    atom: bool,
    endpoints: Endpoints,
    channel: Thing | None,
    items: Mapping[str, Thing],
    channel_funding: Funding,
    item_funding: Mapping[str, Funding],
    memo: FeedItemMemo | None = None,
) -> bool:
    """Make ``feed`` (a ``feedgenerator`` ``Atom1Feed`` if ``atom``, else ``Rss201rev2Feed``,
    not yet written) write its payment links and funding; False when it cannot be done so
    (then patch the written file instead)."""
    memo = memo if memo is not None else FeedItemMemo()
    if not _texts_readable(feed.feed.values(), memo.readable):
        return False
    scan = _scan(feed.items, atom)
    plan = FeedPlan(scan, endpoints, channel_funding)
    texts = _item_texts(plan, feed.items, items, item_funding, memo)
    if texts is None:  # the feed will hold a character XML forbids
        return False
    channel_text = "".join(plan.channel_elements(scan.channel, channel))
    if plan.needs_declaration:  # never for these classes: RSS binds atom, Atom is Atom
        return False
    _install(feed, channel_text, texts)
    if plan.funding.needs_declaration:
        feed.rss_attributes = _declaring(feed.rss_attributes, plan.funding.declare)
    return True


def _texts_readable(values: Iterable[object], readable: set[str]) -> bool:
    """True when every text among ``values`` is XML (else the written file is patched, which
    warns and leaves it as it is); a text found readable before is not read again."""
    for value in values:
        if type(value) is str:
            if value in readable:
                continue
            if not is_xml_text(value):
                return False
            readable.add(value)
        elif value is not None and not _texts_readable(_strings(value), readable):
            return False
    return True


def _strings(value: object) -> list[str]:
    """The strings in one of a feed's values: lists and tuples of them, an enclosure's."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [text for inner in value for text in _strings(inner)]
    if hasattr(value, "__dict__"):  # feedgenerator's Enclosure
        return [inner for inner in vars(value).values() if isinstance(inner, str)]
    return []


def _item_texts(
    plan: FeedPlan,
    entries: list[dict[str, Any]],
    items: Mapping[str, Thing],
    item_funding: Mapping[str, Funding],
    memo: FeedItemMemo,
) -> dict[int, str] | None:
    """Each entry's elements (by the entry's id), made once per build for each (link, kind of
    feed) from the same thing, funding, channel funding, endpoints and free prefixes; None
    when an entry holds a text XML forbids.

    One loop, no call per entry when it is known: an article is in a dozen feeds. An entry
    whose values equal those it had in an earlier feed of the same kind is not read again (RSS
    items hold no content, Atom's do).
    """
    atom, readable = plan.scan.is_atom, memo.readable
    kind = memo.atom if atom else memo.rss
    made, checked = kind.made, kind.checked
    prefixes = (plan.declare, plan.funding.declare)
    channel, endpoints = plan.funding.channel, plan.endpoints
    texts = {}
    for entry in entries:
        link = entry.get("link")
        if checked.get(link) != entry:  # in C: the same strings, mostly the same objects
            if not _texts_readable(entry.values(), readable):
                return None
            checked[link] = entry  # a feed's item dicts are not changed once added
        key = _key(entry, atom)
        made_from = (items.get(key), item_funding.get(key), channel, endpoints)
        known = made.get(key)
        # tuples compare in C, each pair by identity first: mostly the very same objects
        if known is None or known.prefixes != prefixes or known.made_from() != made_from:
            known = made[key] = _make(plan, _item((key, atom)), made_from, prefixes)
        plan.needs_declaration |= known.atom_declared
        plan.funding.needs_declaration |= known.podcast_declared
        texts[id(entry)] = known.text
    return texts


def _make(
    plan: FeedPlan,
    holder: Element,
    made_from: tuple[Thing | None, Funding | None, Funding, Endpoints],
    prefixes: tuple[str, str],
) -> _Made:
    """The item's elements, and which declarations they alone need."""
    thing, funding, channel, endpoints = made_from
    atom, podcast = plan.needs_declaration, plan.funding.needs_declaration
    plan.needs_declaration = plan.funding.needs_declaration = False
    text = "".join(plan.item_elements(holder, thing, funding))
    declared = plan.needs_declaration, plan.funding.needs_declaration
    made = _Made(thing, funding, channel, endpoints, prefixes, text, *declared)
    plan.needs_declaration, plan.funding.needs_declaration = atom, podcast
    return made


def _install(feed: Any, channel_text: str, texts: dict[int, str]) -> None:
    """Wrap the feed's own element writers: each writes ours after its own."""
    add_root, add_item = feed.add_root_elements, feed.add_item_elements

    def add_root_elements(handler: Any) -> None:
        add_root(handler)
        _write(handler, channel_text)

    def add_item_elements(handler: Any, item: dict[str, Any]) -> None:
        add_item(handler, item)
        _write(handler, texts.get(id(item), ""))

    feed.add_root_elements, feed.add_item_elements = add_root_elements, add_item_elements


def _write(handler: Any, text: str) -> None:
    """Write markup as it is: the SAX writer's ``ignorableWhitespace`` writes its text verbatim
    (after closing a pending start tag), which is what the patcher's insertion amounts to."""
    if text:
        handler.ignorableWhitespace(text)


def _declaring(
    attributes: Callable[[], dict[str, str]], prefix: str
) -> Callable[[], dict[str, str]]:
    """The root's attributes with the podcast namespace declared last (where the patcher puts
    it: the writer sorts attributes, and ``xmlns:podcast`` sorts after ``version`` and
    ``xmlns:atom``)."""

    def declared() -> dict[str, str]:
        return {**attributes(), f"xmlns:{prefix}": PODCAST_NS}

    return declared


def _scan(entries: list[dict[str, Any]], atom: bool) -> _Scan:
    """The feed's root and channel as ``feedscan.Scan`` finds them once written (its items:
    ``_item``, made only for an item not seen in an earlier feed)."""
    if atom:
        root = Element(ATOM_NS, "feed", "", 0, {"": ATOM_NS}, holder=True)
        channel, prefixes = root, {""}
    else:
        root = Element("", "rss", "", 0, {"atom": ATOM_NS})
        channel = Element("", "channel", "", 0, {"atom": ATOM_NS}, holder=True)
        # an item's dc:creator declares "dc" too: neither an atom* nor a podcast* prefix
        prefixes = {"atom"}
    channel.first_item = 0 if entries else None
    return _Scan(atom, prefixes, root, channel, [])


def _key(entry: Mapping[str, Any], atom: bool) -> str:
    """What the scan keys the written item by: Atom's alternate link, RSS's link, else its
    permalink guid."""
    if atom:
        return _href(entry["link"])
    return _text(entry["link"]) or _guid(entry)


def _item(key: tuple[str, bool]) -> Element:
    """An item as the scan finds it: keyed by ``key``, no payment link, funding or wallet."""
    link, atom = key
    if atom:
        return Element(ATOM_NS, "entry", "", 0, {"": ATOM_NS}, holder=True, link=link)
    return Element("", "item", "", 0, {"atom": ATOM_NS}, holder=True, link=link)


def _guid(entry: Mapping[str, Any]) -> str:
    """The guid the scan keys an RSS item by when it has no link: a permalink's text."""
    unique_id, permalink = entry.get("unique_id"), entry.get("unique_id_is_permalink")
    if unique_id is None or permalink is False:
        return ""
    return _text(unique_id)


def _text(value: object) -> str:
    """Text as expat gives it back (line ends normalized), stripped as the scan strips it."""
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _href(value: object) -> str:
    """An attribute as expat gives it back (the writer escapes line ends), stripped."""
    return "" if value is None else str(value).strip()
