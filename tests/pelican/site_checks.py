"""Page-by-page checks of a built site, shared by the real-site tests (assertions here are
rewritten by pytest: see conftest.py)."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import feedparser
import html5lib
from pelican_site import buttons, head_payment_links
from real_site import SITEURL, Built, without_additions

from flattr_core import markup

ATOM = "{http://www.w3.org/2005/Atom}"
ADDED_FILES = {"theme/flattr/flattr.css", "theme/flattr/flattr-widget.js"}
LISTING_KINDS = ("index", "index2", "archives", "category/", "tag/", "author/")


def url_of(built: Built, page: Path) -> str:
    return f"{SITEURL}/{page.relative_to(built.output).as_posix()}"


def check_pages(built: Built) -> None:
    """One button and one head payment link on each article page, none anywhere else (the
    listings, drafts, hidden articles and pages); no meta tag mentions Flattr; the
    stylesheet is linked the way the theme links its own."""
    pages = built.html()
    assert built.buttoned, "the build wrote no article page"
    assert built.buttoned <= set(pages)
    for page, html in pages.items():
        expected = 1 if page in built.buttoned else 0
        assert len(buttons(html)) == expected, page
        assert len(head_payment_links(html)) == expected, page
        assert (markup.LABEL in html) == bool(expected), page
        assert meta_mentioning_flattr(html) == [], page
        if expected:
            check_stylesheet(built, page, html)
    listings = {p.relative_to(built.output).as_posix() for p in pages} - {
        p.relative_to(built.output).as_posix() for p in built.buttoned | built.unlisted
    }
    for kind in LISTING_KINDS:
        assert any(name.startswith(kind) for name in listings), kind
    assert any("drafts" in p.parts for p in built.unlisted)
    assert any(p.name == "backstage.html" for p in built.unlisted)  # the hidden article


def meta_mentioning_flattr(html: str) -> list[dict[str, str]]:
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    return [
        dict(meta.attrib)
        for meta in tree.iter("meta")
        if meta.get("name") != "flattr:id" and "flattr" in meta.get("content", "").lower()
    ]


def check_stylesheet(built: Built, page: Path, html: str) -> None:
    """``flattr.css`` is relative to the page with ``RELATIVE_URLS`` (else absolute), starts
    as the theme's own stylesheets do (``./theme/``, ``../theme/``) and resolves to the file."""
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    sheets = [link.get("href", "") for link in tree.iter("link") if link.get("rel") == "stylesheet"]
    [ours] = [href for href in sheets if href.endswith("/flattr/flattr.css")]
    assert bool(urlsplit(ours).scheme) != built.relative_urls, (page, ours)
    for theirs in (href for href in sheets if "/theme/" in href and href != ours):
        assert ours.split("/theme/")[0] == theirs.split("/theme/")[0], (page, theirs)
    assert _normalized(urljoin(url_of(built, page), ours)) == f"{SITEURL}/theme/flattr/flattr.css"


def check_feeds(built: Built) -> None:
    """Every feed well-formed (an XML parser and feedparser), one payment link for the
    channel and one per entry: the one the entry's own page has in its head."""
    pages = built.html()
    expected = {url_of(built, p): head_payment_links(pages[p])[0] for p in built.buttoned}
    feeds = built.feeds()
    assert len(feeds) >= 10
    for path in feeds:
        data = path.read_bytes()
        root = ET.fromstring(data)
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert len(_payment(parsed.feed.links)) == 1, path
        assert parsed.entries, path
        for entry in parsed.entries:
            page_url = _normalized(entry.link)  # RELATIVE_URLS + i18n: ".../fr/../x.html"
            assert _payment(entry.links) == [expected[page_url]], (path, entry.link)
        assert _xml_payment_links(root) == len(parsed.entries) + 1, path


def _normalized(link: str) -> str:
    parts = urlsplit(link)
    return urlunsplit(parts._replace(path=posixpath.normpath(parts.path)))


def _payment(links: list[dict[str, str]]) -> list[str]:
    return [link["href"] for link in links if link.get("rel") == "payment"]


def _xml_payment_links(root: ET.Element) -> int:
    tags = {f"{ATOM}link", "link"}
    return sum(1 for e in root.iter() if e.tag in tags and e.get("rel") == "payment")


def check_same_apart_from_additions(plain: Built, flattr: Built) -> None:
    """Every file of the plain build is in the other, byte for byte once the plugin's own
    additions are taken out; the only new files are its stylesheet and widget script
    (both are copied whatever the button style)."""
    before, after = _files(plain.output), _files(flattr.output)
    assert {name for name in after if name not in before} == ADDED_FILES
    assert set(before) <= set(after)
    for name, data in before.items():
        assert without_additions(Path(name), after[name]) == data, name
    changed = {name for name in before if after[name] != before[name]}
    buttoned = {p.relative_to(flattr.output).as_posix() for p in flattr.buttoned}
    assert buttoned, "the build wrote no article page"
    assert buttoned <= changed  # each article page gained its button and head tags


def _files(output: Path) -> dict[str, bytes]:
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }
