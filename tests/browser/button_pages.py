"""Pages that show one Flattr button each, made with the core exactly as an adapter would.

The head has the core's head tags and asset tags (``markup.asset_tags``) for the files of
``markup.static_files()`` copied beside the page; the body is an article with the button put in
by ``markup.insert_button``. A site stylesheet (a file, so a strict CSP allows it) follows the
reader's colour scheme, as a real theme does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from browser_kit import StaticServer, solid_png
from markupsafe import Markup, escape
from playwright.sync_api import Locator, Page

from flattr_core import markup
from flattr_core.models import ButtonOptions, ButtonStyle, Creator, Endpoints, Thing

LABEL = markup.LABEL  # the accessible name of every style
ASSETS_DIR = "static"
LOADER_PATH = "/js/0.6/load.js"
BADGE_PATH = "/button/flattr-badge-large.png"
SITE_CSS = """\
:root { color-scheme: light dark; }
body { margin: 0; padding: 24px; background: Canvas; color: CanvasText;
       font: 18px/1.5 system-ui, sans-serif; }
article { max-width: 34rem; }
"""
# Flattr's load.js, as far as flattr-widget.js relies on it: a FlattrLoader with setup().
FAKE_LOADER = """\
window.FlattrLoader = {
  calls: 0,
  setup: function () {
    this.calls += 1;
    document.documentElement.setAttribute("data-flattr-setup", String(this.calls));
  }
};
"""
TEMPLATE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{title}</title>
<link rel="stylesheet" href="/site.css">
{head}
</head>
<body>
<main>
<article>
{article}
</article>
</main>
</body>
</html>
"""
ARTICLE = """\
<h1>{title}</h1>
<p>A short post about <a href="/about.html">writing things down</a>, with a Flattr button
below it for readers who want to say thanks.</p>"""

THING = Thing(
    url="https://blog.example.org/posts/hello-flattr/",
    title="Hello, Flattr",
    description="A post that readers can flattr.",
    owner=Creator("alice", flattr_id="ab12cd"),
    category="text",
    language="en_GB",
    tags=("flattr", "testing"),
)


def fake_flattr_assets(directory: Path) -> Path:
    """Flattr's third-party files (load.js, the badge image) as stand-ins, under ``directory``."""
    loader = directory / LOADER_PATH.lstrip("/")
    loader.parent.mkdir(parents=True, exist_ok=True)
    loader.write_text(FAKE_LOADER, encoding="utf-8")
    badge = directory / BADGE_PATH.lstrip("/")
    badge.parent.mkdir(parents=True, exist_ok=True)
    badge.write_bytes(solid_png(93, 20, (47, 107, 16)))
    return directory


def endpoints_for(web_url: str, api_url: str, assets_origin: str) -> Endpoints:
    """Every Flattr URL on loopback: web and API on one origin, load.js and badge on another."""
    return Endpoints(
        api_url=api_url,
        web_url=web_url,
        loader_url=assets_origin + LOADER_PATH,
        badge_url=assets_origin + BADGE_PATH,
    )


def write_button_page(
    root: Path,
    style: ButtonStyle,
    endpoints: Endpoints,
    *,
    thing: Thing = THING,
    thing_id: int | None = None,
    name: str | None = None,
) -> str:
    """Write ``<name or style>.html`` (and the shared assets) under ``root``; return its path."""
    copy_assets(root)
    head = markup.head_tags(thing, endpoints) + Markup("\n") + markup.asset_tags(style, "/static/")
    button = markup.button(thing, ButtonOptions(style=style), endpoints, thing_id=thing_id)
    title = escape(thing.title)
    article = markup.insert_button(ARTICLE.format(title=title), button, "bottom")
    html = TEMPLATE.format(title=title, head=head, article=article)
    path = f"{name or style}.html"
    (root / path).write_text(html, encoding="utf-8")
    return path


def copy_assets(root: Path) -> None:
    """The core's static files under ``root/static/``, the site's own stylesheet and icon."""
    (root / ASSETS_DIR).mkdir(parents=True, exist_ok=True)
    for file_name, source in markup.static_files().items():
        shutil.copyfile(source, root / ASSETS_DIR / file_name)
    (root / "site.css").write_text(SITE_CSS, encoding="utf-8")
    (root / "favicon.ico").write_bytes(solid_png(16, 16, (47, 107, 16)))  # no 404 in the console


def open_button(page: Page, site: StaticServer, path: str) -> Locator:
    """Open ``path`` of ``site``; the button, found as a reader's assistive technology would."""
    page.goto(site.url(path))
    return page.get_by_role("link", name=LABEL)
