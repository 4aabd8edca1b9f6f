"""The core's doors as MkDocs uses them: a button marker no page can forge, detection that
ignores commented-out markup, one error policy for a feed the plugin cannot read."""

from __future__ import annotations

import pytest
from mkdocs_checks import flattr_of
from mkdocs_sites import SITE_URL, build_site, flattr_options, rss_options

FORGED = """
    # Forged markers

    <!-- flattr-button -->

    A page that writes the plugin's old marker comment, twice. <!-- flattr-button -->
    """


@pytest.mark.parametrize(("position", "count"), [("bottom", 1), ("both", 2), ("none", 0)])
def test_a_marker_written_in_markdown_adds_no_button(site_factory, position, count):
    site = build_site(site_factory(pages={"index.md": FORGED}, flattr={"position": position}))
    html = site.html("index.html")
    assert len(flattr_of(site.document("index.html")).buttons) == count
    assert html.count("<!-- flattr-button -->") == 2  # the page's own comments stay as written


def test_a_commented_out_button_does_not_stand_for_ours(site_factory):
    pages = {
        "index.md": """
            # Home

            Text. <!-- <a class="flattr-button" href="https://flattr.com/thing/1">old</a> -->
            """
    }
    site = build_site(site_factory(pages=pages))
    assert len(flattr_of(site.document("index.html")).buttons) == 1


def test_a_commented_out_payment_link_does_not_stand_for_ours(site_factory, tmp_path):
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}{% block extrahead %}'
        '<!-- <link rel="payment" href="https://flattr.com/submit/auto?user_id=old"> -->'
        "{% endblock %}",
        encoding="utf-8",
    )
    theme = {"name": "mkdocs", "custom_dir": str(overrides)}
    site = build_site(site_factory(theme=theme))
    [link] = flattr_of(site.document("guide/install/index.html")).payment_links
    assert "user_id=jane_flattr" in link  # the page's author, not the comment's "old"


def test_a_feed_it_cannot_read_warns_and_stays_as_written(site_factory, tmp_path, flattr_log):
    pages = {
        "index.md": "# Home\n\nText.\n",
        "notes.md": "# Notes\n\nA noncharacter \ufffe pasted from somewhere.\n",
    }
    plugins = [{"rss": rss_options(tmp_path)}, {"flattr": flattr_options()}]
    site = build_site(site_factory(pages=pages, plugins=plugins))
    feed = site.site_dir / "feed_rss_created.xml"
    written = feed.read_bytes()
    assert "\ufffe".encode() in written  # mkdocs-rss-plugin wrote a feed no XML parser reads
    assert b'rel="payment"' not in written
    [warning] = [r for r in flattr_log.records if "feed_rss_created.xml" in r.getMessage()]
    assert warning.levelname == "WARNING"
    assert "stays as it was" in warning.getMessage()
    assert SITE_URL in site.html("notes/index.html")
