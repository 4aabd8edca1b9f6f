"""Real `mkdocs build` runs of a small site with each theme: buttons, head links, search index."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from mkdocs.__main__ import cli
from mkdocs_checks import SUBMIT_URL, flattr_of, submit_params
from mkdocs_sites import SITE_URL, THEMES, build_site, dest_of, url_of, write_site

# What each page of PAGES must offer (owner, title, tags, language, and more), or None.
EXPECTED = {
    "index.md": {"user_id": "site_owner", "title": "Welcome", "tags": "docs"},
    "guide/install.md": {
        "user_id": "jane_flattr",
        "title": "Installing the tool",
        "tags": "docs,setup,python",
        "description": "How to install the tool on every platform.",
        "category": "text",
    },
    "guide/usage.md": {
        "user_id": "site_owner",
        "title": "Using the tool, explained",
        "tags": "docs,cli",
        "language": "de_DE",
        "hidden": "1",
        "category": "software",
    },
    "guest.md": {"user_id": "guest_writer", "title": "A guest page", "language": "en_GB"},
    "private.md": None,
    "drafts/wip.md": None,
}


@pytest.fixture(scope="module", params=THEMES)
def built(request, tmp_path_factory):
    """One strict build per theme (a warning would abort it), shared by the read-only checks."""
    root = tmp_path_factory.mktemp(f"theme-{request.param}")
    return build_site(write_site(root, theme=request.param), strict=True)


@pytest.mark.parametrize("source", sorted(EXPECTED))
def test_each_page_has_exactly_one_button_and_payment_link(built, source):
    flattr = flattr_of(built.document(dest_of(source)))
    expected = EXPECTED[source]
    if expected is None:
        assert flattr.buttons == []
        assert flattr.payment_links == []
        return
    assert len(flattr.buttons) == 1
    params = flattr.params
    assert params["url"] == url_of(source)
    assert {key: params.get(key) for key in expected} == expected
    assert flattr.buttons[0] == flattr.payment_links[0]  # nothing registered: both auto-submit


def test_default_language_comes_from_the_theme(built):
    params = flattr_of(built.document("index.html")).params
    assert params["language"] == "en_GB"


def test_stylesheet_is_copied_and_linked_relative_to_each_page(built):
    css = built.site_dir / "assets" / "flattr" / "flattr.css"
    assert css.is_file()
    assert css.stat().st_size > 0
    assert (
        "../../assets/flattr/flattr.css"
        in flattr_of(built.document("guide/install/index.html")).stylesheets
    )
    assert "assets/flattr/flattr.css" in flattr_of(built.document("index.html")).stylesheets


def test_search_index_has_no_button_markup(built):
    index = built.search_index()
    assert "Installing the tool" in index  # the index is real and has the pages
    for trace in ("flattr-button", "Flattr this", "submit/auto", "flattr-slot"):
        assert trace not in index


def test_no_markers_are_left_in_any_page(built):
    pages = sorted(built.site_dir.rglob("*.html"))
    written = {page.relative_to(built.site_dir).as_posix() for page in pages}
    assert {dest_of(source) for source in EXPECTED if not source.startswith("drafts/")} <= written
    for page in pages:
        assert "flattr-button -->" not in page.read_text(encoding="utf-8"), page


def test_not_found_page_has_no_button(built):
    flattr = flattr_of(built.document("404.html"))
    assert flattr.buttons == []
    assert flattr.payment_links == []


def test_language_option_beats_the_theme(site_factory):
    site = site_factory(theme={"name": "material", "language": "de"}, flattr={"language": "fr"})
    build_site(site)
    assert flattr_of(site.document("index.html")).params["language"] == "fr_FR"
    assert flattr_of(site.document("guide/usage/index.html")).params["language"] == "de_DE"


def test_theme_language_is_the_default(site_factory):
    site = build_site(site_factory(theme={"name": "material", "language": "de"}))
    assert flattr_of(site.document("index.html")).params["language"] == "de_DE"


@pytest.mark.parametrize(("position", "count"), [("top", 1), ("both", 2), ("none", 0)])
def test_position(site_factory, position, count):
    site = build_site(site_factory(flattr={"position": position}))
    document = site.document("guide/install/index.html")
    flattr = flattr_of(document)
    assert len(flattr.buttons) == count
    assert len(flattr.payment_links) == 1
    if position == "top":
        html = site.html("guide/install/index.html")
        assert html.index("flattr-button") < html.index("pip install tool")


@pytest.mark.parametrize("style", ["static", "image", "text", "widget"])
def test_every_button_style_builds(site_factory, style):
    site = build_site(site_factory(flattr={"button": style}))
    flattr = flattr_of(site.document("guide/install/index.html"))
    assert len(flattr.buttons) == 1
    assert len(flattr.payment_links) == 1
    scripts = [s.get("src") for s in site.document("guide/install/index.html").iter("script")]
    assert ("../../assets/flattr/flattr-widget.js" in scripts) == (style == "widget")


def test_page_with_its_own_button_and_payment_link_gets_no_second(site_factory):
    own = f"{SUBMIT_URL}?user_id=someone&url=https%3A%2F%2Fdocs.example.org%2F"
    pages = {
        "index.md": f"""
            # Hand-made

            <a class="FlattrButton" href="{own}">Flattr me</a>
            <link rel="payment" href="{own}">
            """
    }
    site = build_site(site_factory(pages=pages))
    document = site.document("index.html")
    assert [a.get("href") for a in document.iter("a") if "FlattrButton" in a.get("class", "")] == [
        own
    ]
    assert flattr_of(document).buttons == []


def test_theme_with_its_own_payment_link_gets_no_second(site_factory, tmp_path):
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}{% block extrahead %}'
        f'<link rel="payment" href="{SUBMIT_URL}?user_id=theme_owner&amp;url=x">'
        "{% endblock %}",
        encoding="utf-8",
    )
    site = build_site(site_factory(theme={"name": "mkdocs", "custom_dir": str(overrides)}))
    flattr = flattr_of(site.document("guide/install/index.html"))
    assert len(flattr.payment_links) == 1
    assert submit_params(flattr.payment_links[0])["user_id"] == "theme_owner"
    assert len(flattr.buttons) == 1


def test_cli_build_strict_passes(site_factory):
    site = site_factory(theme="readthedocs")
    result = CliRunner().invoke(
        cli, ["build", "--strict", "-f", str(site.config_file), "-d", str(site.site_dir)]
    )
    assert result.exit_code == 0, result.output
    assert len(flattr_of(site.document("guide/install/index.html")).buttons) == 1


def test_missing_site_url_warns_and_strict_fails(site_factory):
    site = site_factory(extra={"site_url": None})
    result = CliRunner().invoke(
        cli, ["build", "--strict", "-f", str(site.config_file), "-d", str(site.site_dir)]
    )
    assert result.exit_code == 1
    assert "site_url is not set" in result.output


def test_missing_site_url_builds_without_buttons(site_factory, flattr_log):
    site = build_site(site_factory(extra={"site_url": None}))
    flattr = flattr_of(site.document("guide/install/index.html"))
    assert flattr.buttons == []
    assert flattr.payment_links == []
    assert any("site_url is not set" in r.getMessage() for r in flattr_log.records)


def test_use_directory_urls_false(site_factory):
    site = build_site(site_factory(extra={"use_directory_urls": False}))
    flattr = flattr_of(site.document("guide/install.html"))
    assert flattr.params["url"] == f"{SITE_URL}guide/install.html"
    assert "../assets/flattr/flattr.css" in flattr.stylesheets


def test_flattr_true_brings_back_an_excluded_page(site_factory):
    pages = {
        "index.md": "# Home page\n",
        "drafts/ready.md": "---\nflattr: true\n---\n# Ready now\n",
    }
    site = build_site(site_factory(pages=pages))
    assert flattr_of(site.document("drafts/ready/index.html")).params["title"] == "Ready now"


def test_sections_apply_to_matching_source_paths(site_factory):
    site = build_site(site_factory(flattr={"sections": {"guide/*": {"category": "software"}}}))
    assert flattr_of(site.document("guide/install/index.html")).params["category"] == "software"
    assert flattr_of(site.document("index.html")).params["category"] == "text"


def test_flattr_id_gives_one_meta_tag_and_fid(site_factory):
    site = build_site(site_factory(flattr={"flattr_id": "abc123"}))
    document = site.document("index.html")
    metas = [m.get("content") for m in document.iter("meta") if m.get("name") == "flattr:id"]
    assert metas == ["abc123"]
    assert flattr_of(document).params["fid"] == "abc123"
