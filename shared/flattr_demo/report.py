"""The summary, read back from the outputs: built pages, feeds, and the sandbox's things.

Nothing here is hard-coded per example: posts are the pages at a site's post paths, buttons are
the ``flattr-button`` links in its HTML, linked buttons those that go to a thing page, feeds the
Atom/RSS files with a payment link, and things what the sandbox holds under the site's URL.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path

from flattr_core.registration.wire import RemoteThing

ATOM_LINK = "{http://www.w3.org/2005/Atom}link"


@dataclass(frozen=True)
class SiteOutput:
    """Where one site was written, how to find its posts and feeds, and its public URL."""

    label: str
    url: str
    folder: Path
    posts: str  # glob of the post pages, relative to folder
    feeds: str  # glob of the feed files


@dataclass(frozen=True)
class Row:
    """One line of the summary table."""

    site: str
    url: str
    posts: int
    buttons: int
    linked: int
    head_links: int
    feeds: int
    things: int


class _PageScan(HTMLParser):
    """The hrefs of Flattr buttons, and the number of ``rel=payment`` links in the head."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.buttons: list[str] = []
        self.payment_links = 0
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "head":
            self._in_head = True
        elif tag == "a" and "flattr-button" in values.get("class", "").split():
            self.buttons.append(values.get("href", ""))
        elif tag == "link" and self._in_head and "payment" in values.get("rel", "").split():
            self.payment_links += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False


def scan_page(path: Path) -> _PageScan:
    """Read one HTML page."""
    scan = _PageScan()
    scan.feed(path.read_text(encoding="utf-8"))
    scan.close()
    return scan


def feed_has_payment_link(path: Path) -> bool:
    """True when an Atom or RSS file holds a ``rel="payment"`` link (Atom's own or atom:link)."""
    # the feeds the demo's own builds just wrote (expat never fetches an external DTD)
    root = ET.parse(path).getroot()  # noqa: S314
    return any(link.get("rel") == "payment" for link in root.iter(ATOM_LINK))


def site_row(site: SiteOutput, things: Iterable[RemoteThing], thing_page: str) -> Row:
    """Count what one site's output and the sandbox hold."""
    scans = [scan_page(page) for page in sorted(site.folder.rglob("*.html"))]
    buttons = [href for scan in scans for href in scan.buttons]
    linked = re.compile(re.escape(thing_page) + r"\d+$")
    return Row(
        site=site.label,
        url=site.url,
        posts=len(list(site.folder.glob(site.posts))),
        buttons=len(buttons),
        linked=sum(bool(linked.match(href)) for href in buttons),
        head_links=sum(scan.payment_links == 1 for scan in scans),
        feeds=sum(feed_has_payment_link(path) for path in site.folder.glob(site.feeds)),
        things=sum(remote.thing.url.startswith(site.url) for remote in things),
    )


COLUMNS = (
    ("site", "site"),
    ("posts", "posts"),
    ("buttons", "buttons"),
    ("linked", "→ thing"),
    ("head_links", "pay link"),
    ("feeds", "feeds"),
    ("things", "things"),
)


def table(rows: Sequence[Row]) -> str:
    """A plain-text table: one line per site, one column per count."""
    cells = [[title for _, title in COLUMNS]]
    cells += [[str(getattr(row, key)) for key, _ in COLUMNS] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(
            _pad(cell, w, i) for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _pad(cell: str, width: int, column: int) -> str:
    return cell.ljust(width) if column == 0 else cell.rjust(width)


LEGEND = (
    "posts: post pages built; buttons: Flattr buttons on all pages; → thing: buttons linking "
    'to a registered thing\'s page;\npay link: pages with exactly one <link rel="payment"> '
    "in the head; feeds: Atom/RSS files with payment links;\nthings: things the sandbox "
    "registered under the site's URL."
)


def write_json(rows: Sequence[Row], path: Path) -> None:
    """The summary as JSON (``OUT/summary.json``), for CI and the tests."""
    path.write_text(json.dumps([asdict(row) for row in rows], indent=2), encoding="utf-8")
