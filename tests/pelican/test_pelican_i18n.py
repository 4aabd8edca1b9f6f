"""i18n_subsites (PyPI ``pelican-i18n-subsites``): one Pelican run per language, the later
ones inside the first one's run; each language's feeds list the other's articles."""

from __future__ import annotations

import copy
import logging
from pathlib import Path

import feedparser
import pytest
from pelican_site import (
    ARTICLE_PAGES,
    AUTHOR_TOKEN_ENV,
    FLATTR,
    SITEURL,
    head_payment_links,
    run_pelican,
)
from real_site import I18N, isolated

from flattr_sandbox import Sandbox

SUBSITES = {"de": {"SITENAME": "Beispielblog"}}
GERMAN = f"{SITEURL}/de/first-steps-with-pelican.html"  # the translation, on its own site


def _build(site: Path, i18n_path: Path, **overrides: object) -> Path:
    """A multilingual site says which language each article is in (without ``Lang`` an
    article is in every site's language, on every site)."""
    for source in (site / "content").rglob("*.md"):
        text = source.read_text(encoding="utf-8")
        if "\nLang:" not in text:
            source.write_text(f"Lang: en\n{text}", encoding="utf-8")
    with isolated():
        return run_pelican(
            site,
            PLUGINS=["pelican.plugins.flattr", I18N],
            PLUGIN_PATHS=[str(i18n_path)],
            I18N_SUBSITES=copy.deepcopy(SUBSITES),  # i18n_subsites writes into it
            **overrides,
        )


def _page_links(output: Path) -> dict[str, str]:
    """Each article page's URL -> its head payment link, in both languages' output."""
    found = {}
    for page in output.rglob("*.html"):
        links = head_payment_links(page.read_text(encoding="utf-8"))
        if links:
            found[f"{SITEURL}/{page.relative_to(output).as_posix()}"] = links[0]
    return found


def test_each_languages_feeds_link_the_others_articles(site: Path, i18n_path: Path) -> None:
    output = _build(site, i18n_path)
    pages = _page_links(output)
    assert {GERMAN, f"{SITEURL}/first-steps-with-pelican.html"} <= set(pages)
    assert len(pages) == len(ARTICLE_PAGES)  # the German one moved to /de/
    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        for language in (output, output / "de"):
            parsed = feedparser.parse((language / feed).read_bytes())
            assert not parsed.bozo
            links = {entry.link for entry in parsed.entries}
            assert links & {GERMAN, f"{SITEURL}/first-steps-with-pelican.html"}
            for entry in parsed.entries:
                payment = [x["href"] for x in entry.links if x.get("rel") == "payment"]
                wanted = [pages[entry.link]] if entry.link in pages else []
                assert payment == wanted, (language, feed, entry.link)
    english = feedparser.parse((output / "feeds" / "all.atom.xml").read_bytes())
    assert GERMAN in {entry.link for entry in english.entries}


@pytest.mark.parametrize("token", ["environment", "setting"])
def test_each_site_registers_its_own_things_and_says_so(
    site: Path,
    i18n_path: Path,
    sandbox: Sandbox,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    token: str,
) -> None:
    options = {**FLATTR, "register": "auto", "api_url": sandbox.api_url, "web_url": sandbox.url}
    if token == "environment":
        monkeypatch.setenv("FLATTR_TOKEN", "tok-alice")
    else:  # taken out of the settings as Pelican starts, before i18n_subsites copies them
        options["token"] = "tok-alice"
    for name, value in AUTHOR_TOKEN_ENV.items():  # each author's things with their own token
        monkeypatch.setenv(name, value)
    caplog.set_level(logging.INFO)
    _build(site, i18n_path, FLATTR=options)
    lines = [r.getMessage() for r in caplog.records if "Flattr registration" in r.getMessage()]
    assert len(lines) == 2, lines  # one per site, each naming it
    german, english = sorted(lines, key=lambda line: "/de/" not in line)
    assert german.startswith("Flattr registration: 1 thing: 1 created")
    assert german.endswith(f"site {SITEURL}/de/, one of 2 built together")
    assert english.startswith("Flattr registration: 4 things: 4 created")
    assert english.endswith(f"site {SITEURL}/, one of 2 built together")
    urls = sorted(thing["url"] for thing in sandbox.things())
    assert GERMAN in urls
    assert len(urls) == len(set(urls)) == len(ARTICLE_PAGES)  # no thing twice


def test_sites_whose_lines_would_read_the_same_still_log_one_each(
    site: Path, i18n_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    _build(site, i18n_path)  # register: never, so both sites have the same news
    lines = [r.getMessage() for r in caplog.records if "Flattr registration" in r.getMessage()]
    assert sorted(lines) == [
        f"Flattr registration is off (register: never); site {SITEURL}{path}, one of 2 built "
        "together"
        for path in ("/", "/de/")
    ]
