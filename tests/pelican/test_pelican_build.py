"""Real Pelican runs: buttons and head links where they belong, nowhere else."""

from __future__ import annotations

import shutil
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest
from pelican_site import (
    ABOUT_PAGE,
    ARTICLE_PAGES,
    FLATTR,
    OPTED_OUT,
    SITE,
    SITEURL,
    buttons,
    head_payment_links,
    head_tags,
    html_pages,
    run_pelican,
    submitted,
)

from flattr_core import markup


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of the sample site with the default settings, shared by the read-only tests."""
    tmp = tmp_path_factory.mktemp("site")
    shutil.copytree(SITE, tmp / "content")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("FLATTR_TOKEN", raising=False)
        patch.setenv("FLATTR_CONFIG_DIR", str(tmp / "flattr-config"))
        return run_pelican(tmp)


def test_buttons_only_on_published_articles_and_translations(output: Path) -> None:
    counts = {name: len(buttons(html)) for name, html in html_pages(output).items()}
    assert {name for name, count in counts.items() if count} == ARTICLE_PAGES
    assert all(counts[name] == 1 for name in ARTICLE_PAGES)
    # listings, drafts, hidden articles, the opted-out article and the static page: none
    for name in (
        "index.html",
        "tag/python.html",
        "category/notes.html",
        "author/alice-example.html",
    ):
        assert counts[name] == 0
    assert counts["drafts/unfinished-thoughts.html"] == 0
    assert counts["the-secret-launch-party.html"] == 0
    assert counts[OPTED_OUT] == counts[ABOUT_PAGE] == 0


def test_index_shows_full_content_without_the_button(output: Path) -> None:
    # notmyidea shows the newest article in full on the index: its body, but not its button
    index = html_pages(output)["index.html"]
    assert "community gardens of the city" in index
    assert buttons(index) == []


def test_head_links_exactly_once_on_article_pages(output: Path) -> None:
    pages = html_pages(output)
    assert {*ARTICLE_PAGES, OPTED_OUT, ABOUT_PAGE, "index.html"} <= set(pages)
    for name, html in pages.items():
        links = head_payment_links(html)
        assert len(links) == (1 if name in ARTICLE_PAGES else 0), name
        stylesheet = f"{SITEURL}/theme/flattr/{markup.STYLESHEET}"
        expected = 1 if name in ARTICLE_PAGES else 0
        assert head_tags(html, "link", rel="stylesheet", href=stylesheet) == expected, name


def test_button_and_head_link_describe_the_article(output: Path) -> None:
    pages = html_pages(output)
    fields = {name: submitted(head_payment_links(pages[name])[0]) for name in ARTICLE_PAGES}
    for name, values in fields.items():
        assert values["url"] == f"{SITEURL}/{name}"
        assert buttons(pages[name]) == [head_payment_links(pages[name])[0]]  # not registered
    first = fields["first-steps-with-pelican.html"]
    assert (first["user_id"], first["fid"], first["language"]) == ("alice", "abc123", "en_GB")
    assert first["title"] == "First steps with Pelican"
    assert set(first["tags"].split(",")) == {"blog", "python", "pelican"}
    assert fields["first-steps-with-pelican-de.html"]["language"] == "de_DE"
    assert fields["field-notes-from-the-coast.html"]["user_id"] == "bob"  # first mapped author
    episode = fields["episode-one-the-pilot.html"]
    assert (episode["user_id"], episode["fid"], episode["category"]) == ("carol", "car0l1", "audio")
    assert (episode["language"], episode["hidden"]) == ("fr_FR", "1")
    assert {"podcast", "first episode", "audio", "pilot"} <= set(episode["tags"].split(","))
    guest = fields["a-guest-post-about-gardens.html"]
    assert (guest["user_id"], guest["category"]) == ("dave-gardens", "images")
    assert "fid" not in guest


def test_flattr_id_meta_follows_the_owner(output: Path) -> None:
    pages = html_pages(output)
    meta = {name: head_tags(pages[name], "meta", name="flattr:id") for name in ARTICLE_PAGES}
    assert meta["first-steps-with-pelican.html"] == 1
    assert meta["a-guest-post-about-gardens.html"] == 0  # dave-gardens has no flattr_id
    assert head_tags(pages["episode-one-the-pilot.html"], "meta", content="car0l1") == 1


def test_stylesheet_is_copied_into_the_output(output: Path) -> None:
    for name, source in markup.static_files().items():
        assert (output / "theme" / "flattr" / name).read_bytes() == source.read_bytes()


@pytest.mark.parametrize(("position", "count"), [("top", 1), ("bottom", 1), ("both", 2)])
def test_button_position(build, position: str, count: int) -> None:
    html = html_pages(build(FLATTR={**FLATTR, "position": position}))[
        "first-steps-with-pelican.html"
    ]
    assert len(buttons(html)) == count
    body = html.index("Pelican turns a folder")
    slots = [i for i in range(len(html)) if html.startswith('<div class="flattr-slot">', i)]
    assert (slots[0] < body) == (position in ("top", "both"))
    assert (slots[-1] > body) == (position in ("bottom", "both"))


def test_position_none_leaves_placement_to_the_theme(build) -> None:
    pages = html_pages(build(FLATTR={**FLATTR, "position": "none"}))
    assert all(buttons(html) == [] for html in pages.values())
    assert all(len(head_payment_links(pages[name])) == 1 for name in ARTICLE_PAGES)


def test_theme_places_button_and_head_tags_itself(build, site: Path) -> None:
    templates = site / "templates"
    templates.mkdir()
    (templates / "article.html").write_text(
        '{% extends "!theme/article.html" %}\n'
        "{% block head %}{{ super() }}{% if article.flattr %}{{ article.flattr.head }}"
        "{% endif %}{% endblock %}\n"
        '{% block content %}{{ super() }}<p class="mine">{{ article.flattr }}</p>'
        '<p data-url="{{ article.flattr.url|e }}"></p>{% endblock %}\n',
        encoding="utf-8",
    )
    output = build(
        FLATTR={**FLATTR, "position": "none"}, THEME_TEMPLATES_OVERRIDES=[str(templates)]
    )
    pages = html_pages(output)
    for name in ARTICLE_PAGES:
        [button] = buttons(pages[name])
        assert f'data-url="{escape(button)}"' in pages[name]
        assert len(head_payment_links(pages[name])) == 1  # the theme's, not a second one
        assert head_tags(pages[name], "meta", name="flattr:id") <= 1
    assert buttons(pages[OPTED_OUT]) == []  # article.flattr is None there, not "no"


def test_theme_prints_article_flattr_as_the_button(build, site: Path) -> None:
    """The documented ``{{ article.flattr }}``: Pelican does not autoescape, so Jinja
    prints ``str()`` of it, which must be the button (not the view's repr)."""
    templates = site / "templates"
    templates.mkdir()
    (templates / "article.html").write_text(
        '{% extends "!theme/article.html" %}\n'
        '{% block content %}{{ super() }}<p class="mine">{{ article.flattr }}</p>{% endblock %}\n',
        encoding="utf-8",
    )
    output = build(
        FLATTR={**FLATTR, "position": "none"}, THEME_TEMPLATES_OVERRIDES=[str(templates)]
    )
    html = html_pages(output)["first-steps-with-pelican.html"]
    mine = html.split('<p class="mine">', 1)[1].split("</p>", 1)[0]
    assert mine.startswith('<a class="flattr-button'), mine
    assert mine.endswith("</a>"), mine
    assert "FlattrView" not in html
    assert "Markup(" not in html


@pytest.mark.parametrize("relative", [True, False])
def test_stylesheet_is_linked_as_the_theme_links_its_own(build, relative: bool) -> None:
    pages = html_pages(build(RELATIVE_URLS=relative, FLATTR={**FLATTR, "pages": True}))
    site = "" if relative else SITEURL
    for name, up in (("first-steps-with-pelican.html", "."), (ABOUT_PAGE, "..")):
        base = f"{up}/theme" if relative else f"{site}/theme"
        assert head_tags(pages[name], "link", rel="stylesheet", href=f"{base}/css/main.css") == 1
        flattr_css = f"{base}/flattr/{markup.STYLESHEET}"
        assert head_tags(pages[name], "link", rel="stylesheet", href=flattr_css) == 1, name


def test_static_pages_with_pages_option(build) -> None:
    pages = html_pages(build(FLATTR={**FLATTR, "pages": True}))
    assert len(buttons(pages[ABOUT_PAGE])) == 1
    about = submitted(head_payment_links(pages[ABOUT_PAGE])[0])
    assert about["url"] == f"{SITEURL}/{ABOUT_PAGE}"


def test_existing_button_in_the_body_is_not_doubled(build, site: Path) -> None:
    button = '<a class="flattr-button" href="https://flattr.com/thing/1">Flattr</a>'
    source = site / "content" / "articles" / "first-steps.md"
    source.write_text(source.read_text(encoding="utf-8") + f"\n{button}\n", encoding="utf-8")
    pages = html_pages(build())
    assert buttons(pages["first-steps-with-pelican.html"]) == ["https://flattr.com/thing/1"]


def test_plugins_by_full_name(build) -> None:
    pages = html_pages(build(PLUGINS=["pelican.plugins.flattr"]))
    assert {name for name, html in pages.items() if buttons(html)} == ARTICLE_PAGES


def test_idle_without_the_flattr_setting(build) -> None:
    output = build(FLATTR=None)
    assert all(not buttons(h) and not head_payment_links(h) for h in html_pages(output).values())
    assert not (output / "theme" / "flattr").exists()


def test_idle_for_another_pelican_in_the_same_process(build, site: Path) -> None:
    build()  # connects the handlers
    output = run_pelican(site, OUTPUT_PATH=str(site / "other"), PLUGINS=[])
    assert all(not buttons(html) for html in html_pages(output).values())


def _installed_as_wheel() -> bool:
    from pelican.plugins._utils import get_namespace_plugins

    return "pelican.plugins.flattr" in get_namespace_plugins()


needs_wheel = pytest.mark.skipif(
    not _installed_as_wheel(),
    reason="Pelican's namespace scan cannot see an editable install; tox installs the wheel",
)


def _pelican_command(site: Path, plugins: str) -> None:
    """``pelican content`` in a fresh process, as a user runs it; buttons on every article."""
    conf = site / "pelicanconf.py"
    conf.write_text(
        f"SITEURL = {SITEURL!r}\nTIMEZONE = 'UTC'\nFLATTR = {{'username': 'alice', "
        f"'register': 'never'}}\n{plugins}",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "pelican", "content", "-s", str(conf), "-o", "output"]
    done = subprocess.run(command, cwd=site, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    pages = html_pages(site / "output")
    assert {name for name, html in pages.items() if buttons(html)} == ARTICLE_PAGES


@needs_wheel
@pytest.mark.parametrize("plugins", ["", "PLUGINS = ['flattr']\n"], ids=["unset", "short-name"])
def test_found_by_pelicans_namespace_scan(site: Path, plugins: str) -> None:
    _pelican_command(site, plugins)


def test_loaded_by_module_path_from_any_install(site: Path) -> None:
    """What docs/pelican.md tells editable installs to write (this test runs under both)."""
    _pelican_command(site, "PLUGINS = ['pelican.plugins.flattr']\n")
