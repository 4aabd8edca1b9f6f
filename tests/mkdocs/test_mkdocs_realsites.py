"""Real third-party sites, each built with and without the plugin and compared page by page.

Material for MkDocs' own documentation (its blog, a ``home.html`` landing page, a
``redirect.html`` stub, ``minify_html``) and MkDocs' own documentation (mkdocs-redirects,
mkdocstrings, literate-nav). See realsites/README.md for what was trimmed.
"""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import feedparser
import pytest
from mkdocs_checks import flattr_of, submit_params
from mkdocs_realsites import RealBuild, add_to_config, build_real_site, copy_site, stream
from mkdocs_sites import require

MATERIAL_URL = "https://squidfunk.github.io/mkdocs-material/"
MKDOCS_URL = "https://www.mkdocs.org/"
FLATTR = "  - flattr:\n      username: {}\n      register: never\n"
# Pages that must get nothing, and why (each a real case on these sites).
MATERIAL_NOTHING = {
    "index.html": "template: home.html renders no page content",
    "insiders/index.html": "template: redirect.html, a redirect stub",
    "404.html": "the not-found page",
}
MKDOCS_NOTHING = {
    "404.html": "the not-found page",
    # mkdocs-redirects writes these files itself: they are no pages
    "user-guide/plugins/index.html": "a redirect",
    "user-guide/custom-themes/index.html": "a redirect",
    "user-guide/styling-your-docs/index.html": "a redirect",
}
LISTING = re.compile(r"blog/(index|page/\d+/index)\.html|blog/(archive|category|author)/.+")
POST = re.compile(r"blog/\d{4}/\d{2}/\d{2}/[^/]+/index\.html")
DRAFT_SOURCE = "docs/blog/posts/sunsetting-gitter.md"
POSTS = 13
# The plugins and Markdown extensions each site's mkdocs.yml names, by module.
MATERIAL_NEEDS = ("material", "mkdocs_minify_plugin")
MKDOCS_NEEDS = (
    "mkdocs_redirects",
    "mkdocs_autorefs",
    "mkdocs_literate_nav",
    "mkdocstrings",
    "mkdocstrings_handlers.python",
    "markdown_callouts",
    "mdx_gh_links",
    "mkdocs_click",
)


def material_site(tmp: Path, name: str, *, flattr: bool, drafts: bool = False) -> RealBuild:
    """The vendored site; ``drafts``: one post is a draft, the blog renders drafts (as a
    preview build does), and mkdocs-rss-plugin writes feeds of the posts."""
    require(*MATERIAL_NEEDS, *(("mkdocs_rss_plugin",) if drafts else ()))
    root = copy_site("material", tmp / name)
    if drafts:
        add_to_config(root, "  - blog", "  - rss:\n" + RSS)
        draft = root / DRAFT_SOURCE
        draft.write_text(
            draft.read_text("utf-8").replace("---\n", "---\ndraft: true\n", 1), "utf-8"
        )
        config = root / "mkdocs.yml"
        config.write_text(
            config.read_text("utf-8").replace("  - blog\n", "  - blog:\n      draft: true\n"),
            "utf-8",
        )
    if flattr:
        add_to_config(root, "      minify_html: true", FLATTR.format("squidfunk"))
    return build_real_site(root, tmp / f"{name}-site", strict=True)


RSS = (
    "      match_path: blog/posts/.*\n"
    "      use_git: false\n"
    "      date_from_meta: {as_creation: date, default_time: '09:00'}\n"
)


@pytest.fixture(scope="module")
def material(tmp_path_factory) -> tuple[RealBuild, RealBuild]:
    tmp = tmp_path_factory.mktemp("material-docs")
    return material_site(tmp, "plain", flattr=False), material_site(tmp, "flattr", flattr=True)


@pytest.fixture(scope="module")
def material_drafts(tmp_path_factory) -> tuple[RealBuild, RealBuild]:
    tmp = tmp_path_factory.mktemp("material-drafts")
    return (
        material_site(tmp, "plain", flattr=False, drafts=True),
        material_site(tmp, "flattr", flattr=True, drafts=True),
    )


@pytest.fixture(scope="module")
def mkdocs_docs(tmp_path_factory) -> tuple[RealBuild, RealBuild]:
    require(*MKDOCS_NEEDS)
    tmp = tmp_path_factory.mktemp("mkdocs-docs")
    builds = []
    for name in ("plain", "flattr"):
        root = copy_site("mkdocs", tmp / name)
        if name == "flattr":
            add_to_config(
                root, "            show_signature_annotations: true", FLATTR.format("mkdocs")
            )
        builds.append(build_real_site(root, tmp / f"{name}-site", strict=True))
    return builds[0], builds[1]


def material_kind(dest: str, drafts: frozenset[str] = frozenset()) -> str:
    if dest in MATERIAL_NOTHING or dest in drafts or LISTING.fullmatch(dest):
        return "nothing"
    return "post" if POST.fullmatch(dest) else "page"


def page_problems(
    plain: RealBuild, flattr: RealBuild, dest: str, kind: str, site_url: str
) -> list[str]:
    """What is wrong with one page: the plugin's additions, and everything else unchanged."""
    before, after = plain.document(dest), flattr.document(dest)
    problems = []
    if stream(before) != stream(after):
        problems.append(f"{dest}: differs from the build without the plugin")
    found = flattr_of(after)
    wanted = 0 if kind == "nothing" else 1
    if (len(found.buttons), len(found.payment_links)) != (wanted, wanted):
        problems.append(f"{dest} ({kind}): {found.buttons} buttons, {found.payment_links} links")
    if wanted and len(found.payment_links) == 1:
        problems += thing_problems(dest, after, submit_params(found.payment_links[0]), site_url)
    return problems


def thing_problems(dest: str, document, params: dict[str, str], site_url: str) -> list[str]:
    """The thing's URL is the page's; its description does not begin with the page's heading."""
    url = site_url + dest.removesuffix("index.html")
    problems = [f"{dest}: the thing's URL is {params['url']}"] if params["url"] != url else []
    first_line = params["description"].split("\n", 1)[0].casefold()
    headings = {params["title"].casefold(), *(h.casefold() for h in h1_texts(document)[:1])}
    if {first_line, first_line.removesuffix("\u00b6")} & headings:
        problems.append(f"{dest}: the description begins with the heading: {first_line!r}")
    return problems


def h1_texts(document) -> list[str]:
    return [" ".join("".join(h1.itertext()).split()) for h1 in document.iter("h1")]


def compare_sites(
    plain: RealBuild, flattr: RealBuild, kind_of, site_url: str
) -> tuple[list[str], set[str]]:
    """Every page's problems, and the URLs that must have things."""
    pages = plain.html_pages()
    assert set(flattr.html_pages()) == set(pages)
    problems, things = [], set()
    for dest in sorted(pages):
        kind = kind_of(dest)
        problems += page_problems(plain, flattr, dest, kind, site_url)
        if kind != "nothing":
            things.add(site_url + dest.removesuffix("index.html"))
    return problems, things


def test_material_docs_page_by_page(material):
    plain, flattr = material
    problems, things = compare_sites(plain, flattr, material_kind, MATERIAL_URL)
    assert not problems, "\n".join(problems)
    assert len([url for url in things if "/blog/20" in url]) == POSTS  # every post ...
    assert len(things) == POSTS + 15  # ... and every normal page
    assert flattr.manifest_urls() == things  # what registration would send, and nothing else


def test_material_docs_warn_of_nothing_new(material):
    """Both builds are strict (a warning would have stopped them); and none was logged."""
    plain, flattr = material
    assert plain.warnings == []
    assert flattr.warnings == []


def test_material_docs_other_files_are_unchanged(material):
    """The plugin adds its stylesheet (the site's buttons are static: no widget script), and
    leaves every other file as it was: the search index, the sitemap, the theme's assets."""
    plain, flattr = material
    assert flattr.files() - plain.files() == {"assets/flattr/flattr.css"}
    assert plain.files() - flattr.files() == set()
    others = [name for name in sorted(plain.files()) if not name.endswith(".html")]
    assert "search/search_index.json" in others
    for name in others:
        assert content(flattr.site_dir / name) == content(plain.site_dir / name), name


def content(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data  # the gzip header has a time


def test_material_docs_pages_went_through_the_minifier(material):
    """minify_html (mkdocs-minify-plugin) leaves a minified page as it is: so every page the
    plugin changed, its additions included, was minified after the plugin had written."""
    _, flattr = material
    minify = flattr.config.plugins["minify"]
    pages = flattr.html_pages()
    assert any("flattr-button" in path.read_text("utf-8") for path in pages.values())
    for dest, path in pages.items():
        html = path.read_text(encoding="utf-8")
        assert minify.on_post_page(html, page=None, config=flattr.config) == html, dest


def test_material_drafts_get_nothing(material_drafts):
    plain, flattr = material_drafts
    [draft] = [dest for dest in plain.html_pages() if "sunsetting-gitter" in dest]
    assert "md-draft" in (plain.site_dir / "blog/index.html").read_text("utf-8")  # listed as one
    kind_of = lambda dest: material_kind(dest, frozenset({draft}))  # noqa: E731
    problems, things = compare_sites(plain, flattr, kind_of, MATERIAL_URL)
    assert not problems, "\n".join(problems)
    assert flattr.manifest_urls() == things
    assert not [url for url in things if "sunsetting-gitter" in url]
    assert flattr.warnings == plain.warnings == []


def test_material_feed_has_one_payment_link_per_post(material_drafts):
    _, flattr = material_drafts
    names = ("feed_rss_created.xml", "feed_rss_updated.xml")
    for name in names:
        data = (flattr.site_dir / name).read_bytes()
        ElementTree.fromstring(data)  # well-formed XML
        parsed = feedparser.parse(data)
        assert not parsed.bozo, parsed.get("bozo_exception")
        # mkdocs-rss-plugin leaves out drafts too (draft: true): every entry has its link
        assert len(parsed.entries) == POSTS - 1
        assert len(payment_links(parsed.feed.links)) == 1
        for entry in parsed.entries:
            links = payment_links(entry.links)
            assert len(links) == 1, entry.link
            assert submit_params(links[0])["url"] == entry.link


def payment_links(links) -> list[str]:
    return [link["href"] for link in links if link.get("rel") == "payment"]


def test_mkdocs_docs_page_by_page(mkdocs_docs):
    plain, flattr = mkdocs_docs
    kind_of = lambda dest: "nothing" if dest in MKDOCS_NOTHING else "page"  # noqa: E731
    problems, things = compare_sites(plain, flattr, kind_of, MKDOCS_URL)
    assert not problems, "\n".join(problems)
    assert flattr.manifest_urls() == things
    assert len(things) == 19
    assert flattr.warnings == plain.warnings == []


def test_mkdocs_docs_home_thing_is_titled_with_the_site_name(mkdocs_docs):
    """The nav calls the home page "Home": too short for Flattr, so the site's name completes
    it (not its URL's host and path)."""
    _, flattr = mkdocs_docs
    params = flattr_of(flattr.document("index.html")).params
    assert params["title"] == "Home \u2013 MkDocs"
    assert params["description"].startswith("Project documentation with Markdown.")
