"""FLATTR is validated when Pelican starts; bad values end the run naming them."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from pelican import Pelican
from pelican_site import (
    ABOUT_PAGE,
    ARTICLE_PAGES,
    FLATTR,
    SITEURL,
    buttons,
    html_pages,
    pelican_settings,
)

from flattr_core.errors import ConfigError


def _start(site: Path, flattr: object) -> None:
    Pelican(settings=pelican_settings(site, FLATTR=flattr))


def test_every_bad_value_is_named_at_once(site: Path) -> None:
    bad = {
        **FLATTR,
        "button": "huge",
        "pages": "sometimes",
        "categories": {"Podcast": "radio"},
        "colour": "red",
    }
    with pytest.raises(ConfigError) as raised:
        _start(site, bad)
    message = str(raised.value)
    assert "the FLATTR setting has 4 problems" in message
    assert "button: 'huge' is not allowed; expected one of static, image, text, widget" in message
    assert "pages: 'sometimes' is not allowed; expected true or false" in message
    assert "categories.Podcast: 'radio' is not allowed; expected one of" in message
    assert "colour: <a str, not shown>" in message  # an unknown key's value may be a secret


@pytest.mark.parametrize(
    ("flattr", "named"),
    [
        ("alice", "FLATTR: 'alice' is not allowed; expected a dict of options"),
        ({**FLATTR, "categories": ["Podcast"]}, "categories: ['Podcast'] is not allowed"),
        ({**FLATTR, "api_url": "http://api.example"}, "api_url: 'http://api.example'"),
        ({**FLATTR, "sections": {"notes/*": {"hidden": "maybe"}}}, "sections.notes/*.hidden"),
    ],
)
def test_bad_shapes_are_named(site: Path, flattr: object, named: str) -> None:
    with pytest.raises(ConfigError, match="FLATTR setting") as raised:
        _start(site, flattr)
    assert named in str(raised.value)


def test_a_bad_token_value_is_named_without_showing_it(site: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        _start(site, {**FLATTR, "token": 12345})
    assert "token" in str(raised.value)
    assert "12345" not in str(raised.value)


def test_the_pelican_command_ends_with_the_message(site: Path) -> None:
    conf = site / "pelicanconf.py"
    conf.write_text(
        f"SITEURL = {SITEURL!r}\nTIMEZONE = 'UTC'\nPLUGINS = ['pelican.plugins.flattr']\n"
        "FLATTR = {'username': 'alice', 'position': 'sideways'}\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "pelican", "content", "-s", str(conf), "-o", "output"]
    done = subprocess.run(command, cwd=site, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    shown = " ".join((done.stdout + done.stderr).split())  # rich wraps long lines
    assert "position: 'sideways' is not allowed" in shown
    assert not (site / "output" / "index.html").exists()


def test_categories_map_pelican_categories(build) -> None:
    pages = html_pages(
        build(FLATTR={**FLATTR, "categories": {"Notes": "rest", "Podcast": "audio"}})
    )
    field_notes = buttons(pages["field-notes-from-the-coast.html"])[0]
    assert "category=rest" in field_notes
    assert "category=audio" in buttons(pages["episode-one-the-pilot.html"])[0]
    assert "category=text" in buttons(pages["first-steps-with-pelican.html"])[0]


def test_exclude_globs_match_source_paths(build) -> None:
    pages = html_pages(build(FLATTR={**FLATTR, "exclude": ["articles/first-steps*"]}))
    with_button = {name for name, html in pages.items() if buttons(html)}
    assert with_button == ARTICLE_PAGES - {
        "first-steps-with-pelican.html",
        "first-steps-with-pelican-de.html",
    }


def test_empty_siteurl_turns_the_plugin_off_with_a_warning(build, caplog) -> None:
    with caplog.at_level(logging.WARNING):
        output = build(SITEURL="")
    assert all(not buttons(html) for html in html_pages(output).values())
    assert any("Flattr is off for this build" in r.getMessage() for r in caplog.records)
    assert any("SITEURL" in r.getMessage() for r in caplog.records)


def test_bad_article_metadata_is_a_warning_naming_file_and_field(build, site, caplog) -> None:
    source = site / "content" / "articles" / "guest-post.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("Flattr_category: images", "Flattr_category: x"),
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING):
        pages = html_pages(build())
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(
        "articles/guest-post.md" in m and "flattr_category: 'x' is not allowed" in m
        for m in messages
    ), messages
    assert buttons(pages["a-guest-post-about-gardens.html"]) == []
    assert len(buttons(pages["first-steps-with-pelican.html"])) == 1


def test_bad_article_metadata_ends_the_run_when_strict(build, site) -> None:
    source = site / "content" / "articles" / "opinion.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("Flattr: no", "Flattr: perhaps"),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"articles/opinion.md[\s\S]*flattr: 'perhaps'"):
        build(FLATTR={**FLATTR, "strict": True})


def test_a_site_without_any_creator_warns_per_article(build, caplog) -> None:
    flattr = {"register": "never", "authors": {"Bob Builder": "bob"}}
    with caplog.at_level(logging.WARNING):
        pages = html_pages(build(FLATTR=flattr))
    assert {name for name, html in pages.items() if buttons(html)} == {
        "field-notes-from-the-coast.html",  # Bob's account
        "a-guest-post-about-gardens.html",  # its own Flattr_username
    }
    warned = [r.getMessage() for r in caplog.records if "flattr_username: None" in r.getMessage()]
    assert len(warned) == 3  # Alice's two articles and Carol's episode


def test_the_token_is_taken_out_of_the_settings(site: Path) -> None:
    pelican = Pelican(settings=pelican_settings(site, FLATTR={**FLATTR, "token": "tok-secret-1"}))
    assert "token" not in pelican.settings["FLATTR"]
    assert "tok-secret-1" not in repr(pelican.settings)
    assert FLATTR.get("token") is None  # the caller's dict is left alone


def test_fatal_warnings_turn_our_warnings_into_a_failure(site: Path) -> None:
    source = site / "content" / "articles" / "guest-post.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Flattr_category: images", "Flattr_category: x"), "utf-8")
    conf = site / "pelicanconf.py"
    conf.write_text(
        f"SITEURL = {SITEURL!r}\nTIMEZONE = 'UTC'\nPLUGINS = ['pelican.plugins.flattr']\n"
        "FLATTR = {'username': 'alice', 'register': 'never'}\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "pelican", "content", "-s", str(conf), "-o", "output"]
    relaxed = subprocess.run(command, cwd=site, capture_output=True, text=True, timeout=120)
    assert relaxed.returncode == 0, relaxed.stdout + relaxed.stderr
    fatal = subprocess.run(
        [*command, "--fatal", "warnings"], cwd=site, capture_output=True, text=True, timeout=120
    )
    assert fatal.returncode != 0
    shown = " ".join((fatal.stdout + fatal.stderr).split())
    assert "flattr_category: 'x' is not allowed" in shown


@pytest.mark.parametrize("word", ["yes", "On", "1"])
def test_pages_is_a_switch_read_as_every_boolean_is(build, word: str) -> None:
    """``"pages": "yes"`` was refused (a real bool only), unlike every other switch."""
    pages = html_pages(build(FLATTR={**FLATTR, "pages": word}))
    assert len(buttons(pages[ABOUT_PAGE])) == 1
