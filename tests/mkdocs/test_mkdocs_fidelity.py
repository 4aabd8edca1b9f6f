"""What real sites do that the project's own fixtures did not: drafts, redirects, landing pages
without content, the short form ``plugins: [flattr]``, the assets each style needs, minify_html,
and thing titles and descriptions as MkDocs renders pages (issue 11)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from mkdocs.__main__ import cli
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs_checks import flattr_of, submit_params
from mkdocs_sites import BLOG_PAGES, SITE_URL, build_site, flattr_options, require

from flattr_sandbox import Sandbox, SandboxUser

TOKEN = "tok-alice-0123456789"
MANIFEST = ".cache/plugin/flattr/flattr-manifest.json"
DRAFT = """
    ---
    date: 2024-03-04
    draft: true
    ---
    # A draft post

    Not published yet.
    """
FUTURE = """
    ---
    date: 2999-01-01
    ---
    # A post from the future

    Published one day.
    """
LANDING = "{% extends 'main.html' %}\n{% block content %}{% endblock %}\n"
REFRESH = (
    "{% extends 'main.html' %}\n{% block extrahead %}"
    '<meta http-equiv="refresh" content="0; url={{ page.meta.location }}">{% endblock %}\n'
)
SITE_PAGES = {
    "index.md": "---\ntemplate: landing.html\n---\n# Landing\n\nNever shown.\n",
    "moved.md": "---\ntemplate: redirect.html\nlocation: ../guide/\n---\n",
    "gone.md": "---\ntemplate: refresh.html\nlocation: ../guide/\n---\n# Gone\n\nMoved away.\n",
    "guide.md": "# The guide\n\nThe guide's own text.\n",
}


def manifest_urls(site) -> set[str]:
    manifest = json.loads((site.root / MANIFEST).read_text(encoding="utf-8"))
    return {thing["url"] for thing in manifest["things"]}


def offers(site, dest) -> tuple[int, int]:
    flattr = flattr_of(site.document(dest))
    return len(flattr.buttons), len(flattr.payment_links)


def material_site(site_factory, *, blog=None, flattr=None, pages=None, templates=True):
    """Material with overrides (a landing page, a meta-refresh page) and its blog."""
    site = site_factory(
        theme={"name": "material", "custom_dir": "overrides"},
        plugins=[{"blog": blog or {}}, {"flattr": flattr_options(**(flattr or {}))}],
        pages={**SITE_PAGES, **BLOG_PAGES, **(pages or {})},
    )
    if templates:
        (site.root / "overrides").mkdir()
        (site.root / "overrides" / "landing.html").write_text(LANDING, encoding="utf-8")
        (site.root / "overrides" / "refresh.html").write_text(REFRESH, encoding="utf-8")
    return site


@pytest.mark.parametrize("position", ["bottom", "none"])
def test_pages_that_do_not_show_their_content_get_nothing(site_factory, position):
    """A landing page's empty content block, Material's redirect.html, and a template that
    redirects with a meta refresh: no button, no payment link, no thing, whatever the position."""
    site = build_site(material_site(site_factory, flattr={"position": position}), strict=True)
    for dest in ("index.html", "moved/index.html", "gone/index.html"):
        assert offers(site, dest) == (0, 0), dest
    assert offers(site, "guide/index.html") == (1 if position == "bottom" else 0, 1)
    assert manifest_urls(site) == {
        SITE_URL + "guide/",
        SITE_URL + "blog/2024/01/02/first-post/",
        SITE_URL + "blog/2024/02/03/second-post/",
    }
    assert "flattr-button -->" not in site.html("index.html")


def test_a_rendered_blog_draft_gets_nothing(site_factory):
    """Material's blog renders drafts with ``draft: true`` (a preview build): still no thing."""
    site = material_site(site_factory, blog={"draft": True}, pages={"blog/posts/draft.md": DRAFT})
    build_site(site, strict=True)
    draft = "blog/2024/03/04/a-draft-post/index.html"
    assert "Not published yet." in site.html(draft)
    assert offers(site, draft) == (0, 0)
    assert offers(site, "blog/2024/01/02/first-post/index.html") == (1, 1)
    assert SITE_URL + "blog/2024/03/04/a-draft-post/" not in manifest_urls(site)


def test_a_future_post_is_a_draft_when_the_blog_says_so(site_factory):
    """``draft_if_future_date``: Material takes a post dated later for a draft (and renders
    it while serving); so does the plugin."""
    blog = {"draft_if_future_date": True}
    site = material_site(site_factory, blog=blog, pages={"blog/posts/future.md": FUTURE})
    build_site(site, command="serve")
    future = "blog/2999/01/01/a-post-from-the-future/index.html"
    assert "Published one day." in site.html(future)
    assert offers(site, future) == (0, 0)
    assert offers(site, "blog/2024/02/03/second-post/index.html") == (1, 1)


def test_mkdocs_draft_docs_get_nothing_while_serving(site_factory):
    """MkDocs' own ``draft_docs`` are rendered by ``mkdocs serve`` only: no thing for them."""
    pages = {"index.md": "# Home page\n\nText.\n", "wip.md": "# Work in progress\n\nSoon.\n"}
    site = site_factory(pages=pages, extra={"draft_docs": "wip.md"})
    config = load_config(str(site.config_file), site_dir=str(site.site_dir))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config, serve_url="http://127.0.0.1:8000/")
    finally:
        config.plugins.on_shutdown()
    assert "Soon." in site.html("wip/index.html")
    assert offers(site, "wip/index.html") == (0, 0)
    assert offers(site, "index.html") == (1, 1)
    assert manifest_urls(site) == {SITE_URL}


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    monkeypatch.setenv("FLATTR_TOKEN", TOKEN)
    with Sandbox(tmp_path / "sandbox.sqlite", users=[SandboxUser("alice", TOKEN)]) as running:
        yield running


def test_drafts_redirects_and_empty_pages_are_never_registered(site_factory, sandbox):
    """Served with ``register: always`` (Material renders drafts while serving)."""
    flattr = {
        "username": "alice",
        "authors": {},
        "register": "always",
        "api_url": sandbox.api_url,
        "web_url": sandbox.url,
    }
    site = material_site(site_factory, flattr=flattr, pages={"blog/posts/draft.md": DRAFT})
    build_site(site, command="serve")
    assert "Not published yet." in site.html("blog/2024/03/04/a-draft-post/index.html")
    assert {thing["url"] for thing in sandbox.things()} == {
        SITE_URL + "guide/",
        SITE_URL + "blog/2024/01/02/first-post/",
        SITE_URL + "blog/2024/02/03/second-post/",
    }


# ---- the short form, and the options README lists for every host


def short_form_site(site_factory):
    site = site_factory(pages={"index.md": "# Home page\n\nText.\n"}, plugins=["search", "flattr"])
    assert "- flattr\n" in site.config_file.read_text(encoding="utf-8")
    return site


def run_cli(site):
    args = ["build", "-f", str(site.config_file), "-d", str(site.site_dir)]
    return CliRunner().invoke(cli, args)


def test_short_form_takes_the_username_from_the_environment(site_factory, monkeypatch):
    monkeypatch.setenv("FLATTR_USERNAME", "env_owner")
    site = short_form_site(site_factory)
    result = run_cli(site)
    assert result.exit_code == 0, result.output
    assert flattr_of(site.document("index.html")).params["user_id"] == "env_owner"


def test_short_form_without_a_username_says_what_to_add(site_factory, monkeypatch):
    monkeypatch.delenv("FLATTR_USERNAME", raising=False)
    result = run_cli(short_form_site(site_factory))
    assert result.exit_code == 1
    assert "option 'username'" in result.output
    assert "    - flattr:\n        username: your-flattr-username\n" in result.output
    assert "FLATTR_USERNAME" in result.output


def test_a_bad_username_from_the_environment_says_where_it_came_from(site_factory, monkeypatch):
    monkeypatch.setenv("FLATTR_USERNAME", "not a name!")
    result = run_cli(short_form_site(site_factory))
    assert result.exit_code == 1
    assert "'not a name!' is not allowed" in result.output
    assert "the username is FLATTR_USERNAME" in result.output


def test_loader_and_badge_urls_are_options(site_factory):
    loader = "https://cdn.example.org/flattr/load.js"
    badge = "https://cdn.example.org/flattr/badge.png"
    pages = {
        "index.md": "---\nflattr:\n  button: widget\n---\n# Widget page\n\nText.\n",
        "image.md": "---\nflattr:\n  button: image\n---\n# Image page\n\nText.\n",
    }
    site = build_site(site_factory(pages=pages, flattr={"loader_url": loader, "badge_url": badge}))
    widget = next(a for a in site.document("index.html").iter("a") if a.get("data-loader-src"))
    assert widget.get("data-loader-src").startswith(loader)
    images = [img.get("src") for img in site.document("image/index.html").iter("img")]
    assert badge in images


# ---- assets: what the styles in use need, and no more


@pytest.mark.parametrize(
    ("site_style", "page_style", "expected"),
    [
        ("static", None, {"flattr.css"}),
        ("text", None, set()),
        ("widget", None, {"flattr.css", "flattr-widget.js"}),
        ("text", "widget", {"flattr.css", "flattr-widget.js"}),  # one page's own choice
        ("static", "text", {"flattr.css"}),
    ],
)
def test_only_the_assets_the_buttons_use_are_copied(site_factory, site_style, page_style, expected):
    front = f"---\nflattr:\n  button: {page_style}\n---\n" if page_style else ""
    pages = {"index.md": "# Home page\n\nText.\n", "other.md": f"{front}# Other page\n\nText.\n"}
    site = build_site(site_factory(pages=pages, flattr={"button": site_style}))
    folder = site.site_dir / "assets" / "flattr"
    copied = {path.name for path in folder.iterdir()} if folder.exists() else set()
    assert copied == expected


def test_a_section_choosing_the_widget_gets_its_script(site_factory):
    pages = {"index.md": "# Home page\n\nText.\n", "api/call.md": "# An API call\n\nText.\n"}
    sections = {"api/*": {"button": "widget"}}
    site = build_site(site_factory(pages=pages, flattr={"sections": sections}))
    assert (site.site_dir / "assets/flattr/flattr-widget.js").is_file()
    page = site.html("api/call/index.html")
    assert "flattr-widget.js" in page
    assert "flattr-widget.js" not in site.html("index.html")


# ---- minify_html


def minify_site(site_factory, **flattr):
    require("mkdocs_minify_plugin")
    plugins = ["search", {"minify": {"minify_html": True}}, {"flattr": flattr_options(**flattr)}]
    pages = {"index.md": "# Home page\n\nText.\n", "guide.md": "# The guide\n\nText.\n"}
    return site_factory(plugins=plugins, pages=pages)


def test_the_plugins_markup_is_minified_too(site_factory):
    site = build_site(minify_site(site_factory), strict=True)
    html = site.html("guide/index.html")
    assert "<link rel=payment href=" in html  # as htmlmin writes a tag: our head tags too
    assert "<div class=flattr-slot>" in html
    assert " />" not in html
    assert offers(site, "guide/index.html") == (1, 1)


def test_registered_buttons_are_relinked_on_a_minified_site(site_factory, sandbox):
    options = {"username": "alice", "authors": {}, "register": "auto"}
    options.update(api_url=sandbox.api_url, web_url=sandbox.url)
    site = build_site(minify_site(site_factory, **options))
    ids = {thing["url"]: thing["id"] for thing in sandbox.things()}
    for dest, url in (("index.html", SITE_URL), ("guide/index.html", SITE_URL + "guide/")):
        flattr = flattr_of(site.document(dest))
        assert flattr.buttons == [f"{sandbox.url}/thing/{ids[url]}"], dest
        assert submit_params(flattr.payment_links[0], f"{sandbox.url}/submit/auto")["url"] == url


# ---- thing titles and descriptions


def test_a_short_title_is_completed_by_the_site_name(site_factory):
    pages = {"index.md": "# Home page\n\nText.\n", "faq.md": "# FAQ\n\nAnswers to questions.\n"}
    site = build_site(site_factory(pages=pages))
    assert flattr_of(site.document("faq/index.html")).params["title"] == "FAQ \u2013 Example Docs"


def test_the_description_does_not_repeat_the_heading(site_factory):
    """MkDocs keeps the page's ``# Heading`` in the content, with the toc permalink."""
    pages = {"index.md": "# Installing the tool\n\nRun pip and you are done.\n"}
    extra = {"markdown_extensions": [{"toc": {"permalink": True}}]}
    site = build_site(site_factory(pages=pages, extra=extra))
    params = flattr_of(site.document("index.html")).params
    assert params["title"] == "Installing the tool"
    assert params["description"] == "Run pip and you are done."
