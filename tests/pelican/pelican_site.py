"""Real Pelican runs over the sample site in tests/pelican/site, and readers of their output."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import html5lib
import pelican.plugins.flattr as flattr_plugin
from pelican import Pelican
from pelican.settings import read_settings

SITE = Path(__file__).parent / "site" / "content"
SITEURL = "https://blog.example"
FEEDS = {
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "FEED_ALL_RSS": "feeds/all.rss.xml",
    "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml",
    "CATEGORY_FEED_RSS": "feeds/{slug}.rss.xml",
    "TAG_FEED_ATOM": "feeds/tag-{slug}.atom.xml",
    "TAG_FEED_RSS": "feeds/tag-{slug}.rss.xml",
    "AUTHOR_FEED_ATOM": "feeds/author-{slug}.atom.xml",
    "AUTHOR_FEED_RSS": "feeds/author-{slug}.rss.xml",
    "TRANSLATION_FEED_ATOM": "feeds/all-{lang}.atom.xml",
    "TRANSLATION_FEED_RSS": "feeds/all-{lang}.rss.xml",
}
FLATTR = {
    "username": "alice",
    "flattr_id": "abc123",
    "authors": {"Bob Builder": "bob", "Carol Writer": {"username": "carol", "flattr_id": "car0l1"}},
    "categories": {"Podcast": "audio"},
    "tags": ["blog"],
    "register": "never",
}


def pelican_settings(tmp: Path, **overrides: Any) -> dict[str, Any]:
    """Settings as ``pelicanconf.py`` would give them, with the plugin passed as a module."""
    values: dict[str, Any] = {
        "PATH": str(tmp / "content"),
        "OUTPUT_PATH": str(tmp / "output"),
        "CACHE_PATH": str(tmp / "cache"),
        "SITEURL": SITEURL,
        "SITENAME": "Example blog",
        "TIMEZONE": "UTC",
        "DEFAULT_LANG": "en",
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "PLUGINS": [flattr_plugin],
        "FLATTR": FLATTR,
        **FEEDS,
    }
    values.update(overrides)
    return read_settings(override=values)


def run_pelican(tmp: Path, **overrides: Any) -> Path:
    """One real ``Pelican(settings).run()``; returns the output folder."""
    settings = pelican_settings(tmp, **overrides)
    Pelican(settings=settings).run()
    return Path(settings["OUTPUT_PATH"])


# The published articles and translations: the only pages with a button and a payment link.
# Every account the sample site names has a token of its own (alice's is the site's): a thing
# is only ever registered with its owner's token, so each of them is needed.
ACCOUNT_TOKENS = {
    "alice": "tok-alice",
    "bob": "tok-bob",
    "carol": "tok-carol",
    "dave-gardens": "tok-dave-gardens",
}
AUTHOR_TOKEN_ENV = {
    "FLATTR_TOKEN_BOB": "tok-bob",
    "FLATTR_TOKEN_CAROL": "tok-carol",
    "FLATTR_TOKEN_DAVE_GARDENS": "tok-dave-gardens",
}

ARTICLE_PAGES = {
    "first-steps-with-pelican.html",
    "first-steps-with-pelican-de.html",
    "field-notes-from-the-coast.html",
    "episode-one-the-pilot.html",
    "a-guest-post-about-gardens.html",
}
OPTED_OUT = "why-i-write-in-plain-text.html"
ABOUT_PAGE = "pages/about-this-blog.html"


def html_pages(output: Path) -> dict[str, str]:
    """Every written HTML file, by path relative to the output folder."""
    return {
        path.relative_to(output).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(output.rglob("*.html"))
    }


def all_files(output: Path) -> dict[str, bytes]:
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def _tree(html: str) -> Any:
    return html5lib.parse(html, namespaceHTMLElements=False)


def buttons(html: str) -> list[str]:
    """The href of every Flattr button (an ``a`` with the class ``flattr-button``)."""
    return [
        a.get("href", "")
        for a in _tree(html).iter("a")
        if "flattr-button" in a.get("class", "").split()
    ]


def head_payment_links(html: str) -> list[str]:
    """The href of every ``<link rel="payment">`` in the document's head."""
    head = _tree(html).find("head")
    return [
        link.get("href", "")
        for link in head.iter("link")
        if "payment" in link.get("rel", "").split()
    ]


def head_tags(html: str, tag: str, **attrs: str) -> int:
    """How many ``tag`` elements with these attributes the head holds."""
    head = _tree(html).find("head")
    return sum(all(e.get(k) == v for k, v in attrs.items()) for e in head.iter(tag))


def submitted(url: str) -> dict[str, str]:
    """The fields of an auto-submit URL."""
    assert url.startswith("https://flattr.com/submit/auto?"), url
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
