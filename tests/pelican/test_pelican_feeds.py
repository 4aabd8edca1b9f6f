"""Every Atom and RSS feed Pelican writes carries the right payment links and stays valid."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import pytest
from pelican_site import (
    ARTICLE_PAGES,
    FEEDS,
    OPTED_OUT,
    SITE,
    SITEURL,
    buttons,
    head_payment_links,
    html_pages,
    run_pelican,
    submitted,
)

FEED_FILES = 36  # 3 all + 4 authors + 3 categories + 8 tags, Atom and RSS


def _build(tmp: Path, **overrides: object) -> Path:
    shutil.copytree(SITE, tmp / "content")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("FLATTR_TOKEN", raising=False)
        patch.setenv("FLATTR_CONFIG_DIR", str(tmp / "flattr-config"))
        return run_pelican(tmp, **overrides)


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("feeds"))


def _payment(links: list[dict[str, str]]) -> list[str]:
    return [link["href"] for link in links if link.get("rel") == "payment"]


def _expected(output: Path) -> dict[str, str]:
    """Article URL -> its page's head payment link (the feed's must be the same)."""
    pages = html_pages(output)
    return {f"{SITEURL}/{name}": head_payment_links(pages[name])[0] for name in ARTICLE_PAGES}


def _feeds(output: Path) -> list[Path]:
    return sorted((output / "feeds").glob("*.xml"))


def test_every_kind_of_feed_is_written(output: Path) -> None:
    names = {path.name for path in _feeds(output)}
    for kind in ("all", "all-de", "tutorials", "tag-python", "author-carol-writer"):
        assert {f"{kind}.atom.xml", f"{kind}.rss.xml"} <= names
    assert len(names) == FEED_FILES


def test_every_entry_has_its_articles_payment_link(output: Path) -> None:
    expected = _expected(output)
    seen = set()
    for path in _feeds(output):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path.name, parsed.get("bozo_exception"))
        assert parsed.entries, path.name
        for entry in parsed.entries:
            wanted = [expected[entry.link]] if entry.link in expected else []
            assert _payment(entry.links) == wanted, (path.name, entry.link)
            seen.add(entry.link)
    assert f"{SITEURL}/{OPTED_OUT}" in seen  # listed in feeds, without a payment link
    assert set(expected) <= seen


def test_every_feed_has_the_sites_payment_link(output: Path) -> None:
    feeds = _feeds(output)
    assert len(feeds) == FEED_FILES
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        [channel] = _payment(parsed.feed.links)
        fields = submitted(channel)
        assert (fields["user_id"], fields["url"]) == ("alice", f"{SITEURL}/")
        assert fields["title"] == "Example blog"


def test_feed_entries_carry_no_button(output: Path) -> None:
    feeds = _feeds(output)
    assert len(feeds) == FEED_FILES
    for path in feeds:
        entries = feedparser.parse(path.read_bytes()).entries
        assert entries, path.name
        for entry in entries:
            bodies = [c.value for c in entry.get("content", [])] + [entry.get("summary", "")]
            assert all(buttons(f"<html><body>{body}</body></html>") == [] for body in bodies)


def test_rss_declares_the_atom_namespace_once(output: Path) -> None:
    text = (output / "feeds" / "all.rss.xml").read_text(encoding="utf-8")
    assert text.count('xmlns:atom="http://www.w3.org/2005/Atom"') == 1
    assert text.count('<atom:link rel="payment"') == len(ARTICLE_PAGES) + 1


def test_links_with_feed_ref_still_match(tmp_path: Path) -> None:
    output = _build(tmp_path, FEED_APPEND_REF=True)
    expected = _expected(output)
    parsed = feedparser.parse((output / "feeds" / "all.atom.xml").read_bytes())
    matched = 0
    for entry in parsed.entries:
        assert entry.link.endswith("?ref=feed")
        canonical = entry.link.removesuffix("?ref=feed")
        assert _payment(entry.links) == ([expected[canonical]] if canonical in expected else [])
        matched += canonical in expected
    assert matched == len(expected)  # the "all" feed lists translations too


def test_feeds_without_the_plugin_have_no_payment_links(tmp_path: Path) -> None:
    output = _build(tmp_path, FLATTR=None)
    for name in FEEDS.values():
        written = sorted((output / name.rsplit("/", 1)[0]).glob("*.xml"))
        assert written, name
        for path in written:
            assert "payment" not in path.read_text(encoding="utf-8")
