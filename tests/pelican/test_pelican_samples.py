"""A real third-party site: Pelican's own ``samples/`` (its ``pelican.conf.py`` sets
``RELATIVE_URLS``), with third-party themes, built with and without the plugin in one test
and compared page by page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest
from real_site import BOOTSTRAP3, FLEX, I18N, SITEURL, Built, build
from site_checks import check_feeds, check_pages, check_same_apart_from_additions

Both = Callable[..., tuple[Built, Built]]
I18N_FR = {"also": (I18N,), "I18N_SUBSITES": {"fr": {}}}


@pytest.fixture
def both(samples: Path, samples_content: Path, i18n_path: Path, tmp_path: Path) -> Both:
    """Build the samples without the plugin, then with it, with the same settings."""

    def build_both(**overrides: object) -> tuple[Built, Built]:
        overrides["PLUGIN_PATHS"] = [str(i18n_path)]
        plain = build(samples, samples_content, tmp_path / "plain", plugin=False, **overrides)
        flattr = build(samples, samples_content, tmp_path / "flattr", plugin=True, **overrides)
        return plain, flattr

    return build_both


def test_samples_with_flex(both: Both) -> None:
    plain, flattr = both(THEME=str(FLEX))
    check_pages(flattr)
    check_feeds(flattr)
    check_same_apart_from_additions(plain, flattr)
    assert flattr.warnings == plain.warnings  # the samples' own, and no new one


def test_samples_with_flex_and_i18n_subsites(both: Both) -> None:
    plain, flattr = both(THEME=str(FLEX), **I18N_FR)
    assert (flattr.output / "fr" / "index.html").is_file()
    check_pages(flattr)
    check_feeds(flattr)  # each language's feeds list the other's articles too
    english = feedparser.parse((flattr.output / "feeds" / "all.atom.xml").read_bytes())
    assert f"{SITEURL}/fr/second-article.html" in {entry.link for entry in english.entries}
    check_same_apart_from_additions(plain, flattr)
    assert flattr.warnings == plain.warnings


def test_samples_with_bootstrap3(both: Both) -> None:
    """pelican-bootstrap3, the theme of the report, needs Jinja's i18n and i18n_subsites."""
    theme = {"THEME": str(BOOTSTRAP3), "JINJA_ENVIRONMENT": {"extensions": ["jinja2.ext.i18n"]}}
    i18n = {**I18N_FR, "I18N_SUBSITES": {"fr": {"I18N_TEMPLATES_LANG": "fr"}}}  # untranslated
    plain, flattr = both(**theme, **i18n)
    check_pages(flattr)
    check_feeds(flattr)
    check_same_apart_from_additions(plain, flattr)
    assert flattr.warnings == plain.warnings
