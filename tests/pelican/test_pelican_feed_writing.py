"""Pelican's own feed classes write the payment links and funding as they write the feed: the
bytes are the ones the feed patcher gives when it reads the written file back, and no feed is
read back."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from pelican_funding_site import METADATA, SITE_FUNDING, build, funding_settings
from pelican_site import FLATTR

from flattr_core import markup
from flattr_core.models import Endpoints
from flattr_core.providers import Funding

SETTINGS: dict[str, tuple[dict[str, Any], dict[str, list[str]], dict[str, Any]]] = {
    "every provider": (funding_settings(), METADATA, {}),
    "no site account": ({"funding": SITE_FUNDING, "register": "never"}, {}, {}),
    "flattr only, feed ref": (FLATTR, {}, {"FEED_APPEND_REF": True}),
}


def feeds(output: Path) -> dict[str, bytes]:
    found = {p.name: p.read_bytes() for p in sorted((output / "feeds").glob("*.xml"))}
    assert len(found) > 10  # all, categories, tags, authors, translations; Atom and RSS
    return found


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[object]]:
    """What each build asked of the core's two feed doors."""
    seen: dict[str, list[object]] = {"written": [], "patched": []}

    def spy(name: str, record: Callable[..., object]) -> None:
        real = getattr(markup, name)

        def spying(*args: Any, **kwargs: Any) -> object:
            result = real(*args, **kwargs)
            seen[record.__name__].append(record(args, result))
            return result

        monkeypatch.setattr(markup, name, spying)

    def written(args: tuple[Any, ...], result: object) -> object:
        return result

    def patched(args: tuple[Any, ...], result: object) -> object:
        return args[0]

    spy("links_while_writing", written)
    spy("patch_feed_file", patched)
    return seen


@pytest.mark.parametrize("name", SETTINGS)
def test_feeds_written_with_their_links_equal_the_patched_ones(
    name: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    calls: dict[str, list[object]],
) -> None:
    flattr, metadata, pelican = SETTINGS[name]
    written = feeds(build(tmp_path / "written", flattr, metadata, **pelican))
    assert calls["written"]
    assert all(done is True for done in calls["written"])
    assert calls["patched"] == []  # nothing was read back
    assert all(b'rel="payment"' in c or b'rel="monetization"' in c for c in written.values())

    monkeypatch.setattr(markup, "links_while_writing", lambda *args, **kwargs: False)
    patched = feeds(build(tmp_path / "patched", flattr, metadata, **pelican))
    assert len(calls["patched"]) == len(patched)
    assert written == patched


def test_an_item_read_in_an_earlier_feed_is_read_again_when_its_text_changed() -> None:
    """The XML check of an item is skipped only for the values it had in an earlier feed of the
    build: the same link with a character XML forbids in its text is still found."""

    def feed(kind: type[Any], description: str) -> Any:
        made = kind(title="Site", link="https://blog.example/", description="All")
        made.add_item(title="A", link="https://blog.example/a.html", description=description)
        return made

    memo = markup.FeedItemMemo()

    def written(made: Any) -> bool:
        return markup.links_while_writing(
            made, atom=isinstance(made, Atom1Feed), endpoints=Endpoints(), channel=None,
            items={}, channel_funding=Funding(), item_funding={}, memo=memo,
        )  # fmt: skip

    assert written(feed(Rss201rev2Feed, "Plain text."))
    assert written(feed(Atom1Feed, "Plain text."))  # the same values: not read again
    assert not written(feed(Rss201rev2Feed, "Pasted \ufffe text."))
    assert written(feed(Atom1Feed, "Plain text."))


@pytest.mark.parametrize(
    "values",
    [
        {"categories": ["fine", "tab\x0bbed"]},
        {"author_name": "Ann \ufffe"},
        {"enclosures": [Enclosure("https://blog.example/a.mp3", "1", "audio/mpeg\x01")]},
        {"description": "half a pair \ud83d", "categories": ["\ude00 other half"]},
    ],
)
def test_a_character_xml_forbids_in_any_value_of_an_item_is_found(values: dict[str, Any]) -> None:
    """Lists, enclosures and each text alone: a feed that cannot be read back once written is
    left to the patcher (which warns and leaves it as it is), never written with links."""
    made = Rss201rev2Feed(title="Site", link="https://blog.example/", description="All")
    fields = {"title": "A", "link": "https://blog.example/a.html", "description": "Fine."}
    made.add_item(**{**fields, "pubdate": datetime.datetime(2024, 1, 1), **values})
    assert not markup.links_while_writing(
        made, atom=False, endpoints=Endpoints(), channel=None,
        items={}, channel_funding=Funding(), item_funding={},
    )  # fmt: skip
