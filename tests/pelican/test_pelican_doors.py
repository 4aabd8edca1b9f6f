"""The core's doors as Pelican uses them: one error policy for a feed it cannot read, one rule
for the site's own thing, and detection that ignores commented-out markup."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pelican_site import FLATTR, SITE, buttons, run_pelican

ODD = """Title: Pasted notes
Date: 2024-07-01 09:00
Category: Notes

A noncharacter \ufffe pasted from somewhere: Pelican writes it into its feeds as it is.
"""


def feeds(output: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((output / "feeds").glob("*.xml"))}


def test_a_feed_it_cannot_read_warns_and_stays_as_pelican_wrote_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    outputs = {}
    without: dict[str, object] = {"FLATTR": None, "PLUGINS": []}
    for name, overrides in (("plain", without), ("flattr", {})):
        shutil.copytree(SITE, tmp_path / name / "content")
        (tmp_path / name / "content" / "articles" / "odd.md").write_text(ODD, encoding="utf-8")
        with caplog.at_level(logging.WARNING):
            outputs[name] = feeds(run_pelican(tmp_path / name, **overrides))
    broken = {n for n, content in outputs["plain"].items() if "\ufffe".encode() in content}
    assert broken >= {"all.atom.xml", "all.rss.xml", "notes.atom.xml"}
    for name in broken:
        assert outputs["flattr"][name] == outputs["plain"][name], name
    readable = set(outputs["plain"]) - broken
    assert readable
    assert all(b'rel="payment"' in outputs["flattr"][n] for n in readable)
    warned = [r.getMessage() for r in caplog.records if "stays as it was" in r.getMessage()]
    assert sorted(w.rsplit("/", 1)[-1].split(":")[0] for w in warned) == sorted(broken)


def test_a_site_with_flattr_switched_off_gives_feeds_no_channel_link(
    build: Callable[..., Path],
) -> None:
    output = build(FLATTR={**FLATTR, "enabled": False})
    written = feeds(output)
    assert len(written) > 5  # all, categories, tags, authors, translations
    for name, content in written.items():
        assert b"payment" not in content, name


def test_a_commented_out_button_does_not_stand_for_ours(
    build: Callable[..., Path], site: Path
) -> None:
    article = site / "content" / "articles" / "first-steps.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(
        text + '\n<!-- <a class="flattr-button" href="https://flattr.com/thing/1">old</a> -->\n',
        encoding="utf-8",
    )
    output = build()
    page = (output / "first-steps-with-pelican.html").read_text(encoding="utf-8")
    assert len(buttons(page)) == 1
