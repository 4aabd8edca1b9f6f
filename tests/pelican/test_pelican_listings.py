"""No listing page and no meta tag of any theme carries a button, whatever the summary and
URL settings: Pelican's own samples (short articles without ``Summary`` among them) under
the built-in and two third-party themes."""

from __future__ import annotations

from pathlib import Path

import pytest
from real_site import BOOTSTRAP3, FLEX, I18N, build
from site_checks import check_pages

THEMES: dict[str, dict[str, object]] = {
    "notmyidea": {},
    "simple": {"THEME": "simple"},
    "flex": {"THEME": str(FLEX)},
    "bootstrap3": {
        "THEME": str(BOOTSTRAP3),
        "JINJA_ENVIRONMENT": {"extensions": ["jinja2.ext.i18n"]},
        "also": (I18N,),
        # the samples' French translations need their site; its templates stay untranslated
        "I18N_SUBSITES": {"fr": {"I18N_TEMPLATES_LANG": "fr"}},
    },
}
SUMMARIES: dict[str, dict[str, object]] = {
    "default": {},
    "whole-body": {"SUMMARY_MAX_LENGTH": None},
    "first-paragraph": {"SUMMARY_MAX_PARAGRAPHS": 1},
}
CASES = [(theme, relative, "default") for theme in THEMES for relative in (True, False)] + [
    (theme, True, summary)
    for theme in ("notmyidea", "flex")
    for summary in SUMMARIES
    if summary != "default"
]


@pytest.mark.parametrize(("theme", "relative", "summary"), CASES)
def test_buttons_only_on_article_pages(
    samples: Path,
    samples_content: Path,
    i18n_path: Path,
    tmp_path: Path,
    theme: str,
    relative: bool,
    summary: str,
) -> None:
    settings = {**THEMES[theme], **SUMMARIES[summary], "RELATIVE_URLS": relative}
    settings["PLUGIN_PATHS"] = [str(i18n_path)]
    check_pages(build(samples, samples_content, tmp_path / "output", plugin=True, **settings))


def test_the_body_stand_in_calls_pelican_s_memoized_body_or_whatever_replaced_it() -> None:
    """The stand-in keeps Pelican's one memoized ``get_content`` for all articles (not a
    partial per article, and one bound method for them all), and keeps as it is a body
    another plugin put in its place."""
    from pelican.contents import Article
    from pelican.plugins.flattr.output import _unbound

    article = Article("<p>Body</p>", metadata={"title": "T"})
    memoized = article.get_content
    shared: dict[object, object] = {}
    kept = _unbound(memoized, article, shared)
    assert kept == memoized.func  # the memoized object's own __call__, the same for all
    assert kept(article, "") == memoized("") == "<p>Body</p>"
    other = Article("<p>Other</p>", metadata={"title": "O"})
    assert _unbound(other.get_content, other, shared) is kept  # the very same object
    assert _unbound(other.get_summary, other, shared) is not kept  # the summary's own

    def theirs(siteurl: str) -> str:
        return "theirs " + siteurl

    assert _unbound(theirs, article, shared)(article, "x") == "theirs x"
    assert _unbound(other.get_content, article, shared)(article, "") == "<p>Other</p>"


def test_the_stand_ins_answer_from_pelican_s_memo_and_ask_anything_else_every_time() -> None:
    """Pelican's memoized body and summary are worked out once per site URL and then read
    from its memo; a body or summary another plugin put in their place, which may answer
    differently each time, is asked every time and never answered from a memo."""
    from pelican.contents import Article
    from pelican.plugins.flattr.output import ButtonedContent
    from pelican.plugins.flattr.state import Run

    article = Article("<p>Body</p>", metadata={"title": "T", "summary": "<p>Short</p>"})
    worked_out: list[str] = []
    original = article._update_content

    def update(content: str, siteurl: str) -> str:
        worked_out.append(siteurl)
        return original(content, siteurl)

    article._update_content = update  # what Pelican's memoized get_content calls
    stand_in = ButtonedContent(article, None, Run())  # type: ignore[arg-type]  # not writing
    answers = [stand_in(url) for url in ("", "..", "", "..", "")]
    assert answers == ["<p>Body</p>"] * 5
    assert worked_out == ["", ".."]  # once per site URL, as without the plugin
    assert [stand_in.summary(url) for url in ("", "..", "")] == ["<p>Short</p>"] * 3

    other = Article("<p>Other</p>", metadata={"title": "O"})
    calls = iter(range(100))
    other.get_content = lambda siteurl: f"<p>body {next(calls)} {siteurl}</p>"
    other.get_summary = lambda siteurl: f"summary {next(calls)}"
    theirs = ButtonedContent(other, None, Run())  # type: ignore[arg-type]
    assert [theirs("a"), theirs("a"), theirs.summary("a"), theirs.summary("a")] == [
        "<p>body 0 a</p>",
        "<p>body 1 a</p>",
        "summary 2",
        "summary 3",
    ]
