"""A real third-party site: Pelican's own ``samples/`` (its ``pelican.conf.py`` sets
``RELATIVE_URLS``), with third-party themes, built with and without the plugin in one test
and compared page by page."""

from __future__ import annotations

from pathlib import Path

import feedparser
from real_site import BOOTSTRAP3, FLEX, SITEURL, Built, build
from site_checks import check_feeds, check_pages, check_same_apart_from_additions

I18N = {"also": ("pelican.plugins.i18n_subsites",), "I18N_SUBSITES": {"fr": {}}}


def _both(samples: Path, content: Path, tmp: Path, **overrides: object) -> tuple[Built, Built]:
    plain = build(samples, content, tmp / "plain", plugin=False, **overrides)
    flattr = build(samples, content, tmp / "flattr", plugin=True, **overrides)
    return plain, flattr


def test_samples_with_flex(samples: Path, samples_content: Path, tmp_path: Path) -> None:
    plain, flattr = _both(samples, samples_content, tmp_path, THEME=str(FLEX))
    check_pages(flattr)
    check_feeds(flattr)
    check_same_apart_from_additions(plain, flattr)
    assert flattr.warnings == plain.warnings  # the samples' own, and no new one


def test_samples_with_flex_and_i18n_subsites(
    samples: Path, samples_content: Path, tmp_path: Path
) -> None:
    plain, flattr = _both(samples, samples_content, tmp_path, THEME=str(FLEX), **I18N)
    assert (flattr.output / "fr" / "index.html").is_file()
    check_pages(flattr)
    check_feeds(flattr)  # each language's feeds list the other's articles too
    english = feedparser.parse((flattr.output / "feeds" / "all.atom.xml").read_bytes())
    assert f"{SITEURL}/fr/second-article.html" in {entry.link for entry in english.entries}
    check_same_apart_from_additions(plain, flattr)
    assert flattr.warnings == plain.warnings


def test_samples_with_bootstrap3(samples: Path, samples_content: Path, tmp_path: Path) -> None:
    """pelican-bootstrap3, the theme of the report, needs Jinja's i18n and i18n_subsites."""
    theme = {"THEME": str(BOOTSTRAP3), "JINJA_ENVIRONMENT": {"extensions": ["jinja2.ext.i18n"]}}
    i18n = {**I18N, "I18N_SUBSITES": {"fr": {"I18N_TEMPLATES_LANG": "fr"}}}  # untranslated
    plain, flattr = _both(samples, samples_content, tmp_path, **theme, **i18n)
    check_pages(flattr)
    check_feeds(flattr)
    check_same_apart_from_additions(plain, flattr)
    assert flattr.warnings == plain.warnings
