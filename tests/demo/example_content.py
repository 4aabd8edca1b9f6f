"""What the example sites hold, read from their sources: what the demo's summary must show."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import yaml

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return yaml.safe_load(match[1]) if match else {}


def pelican_metadata(path: Path) -> dict[str, str]:
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return {
        k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in head.splitlines())
    }


def mkdocs_expected() -> dict[str, int]:
    docs = EXAMPLES / "mkdocs" / "docs"
    posts = sorted((docs / "blog" / "posts").glob("*.md"))
    pages = [p for p in docs.rglob("*.md") if p != docs / "blog" / "index.md"]  # a listing
    shown = [p for p in pages if front_matter(p).get("flattr") is not False]
    # mkdocs-rss-plugin writes two RSS feeds: by creation and by update date
    return {"posts": len(posts), "buttons": len(shown), "feeds": 2}


def pelican_expected() -> dict[str, int]:
    articles = [
        pelican_metadata(p) for p in (EXAMPLES / "pelican" / "content" / "articles").glob("*.md")
    ]
    shown = [a for a in articles if a.get("flattr", "yes").lower() not in ("no", "false", "off")]
    # pelicanconf.py: all (Atom + RSS), one Atom feed per category, author and language
    feeds = 2 + sum(
        len({a.get(key, "en") for a in articles}) for key in ("category", "author", "lang")
    )
    return {"posts": len(articles), "buttons": len(shown), "feeds": feeds}


def wagtail_expected() -> dict[str, dict[str, int]]:
    data = runpy.run_path(str(EXAMPLES / "wagtail" / "blog" / "seed_data.py"))
    opted_out = {
        slug
        for slug, fields in data["PAGE_FLATTR"].items()
        if fields.get("flattr_enabled") is False
    }
    expected = {}
    for site in data["SITES"]:
        slugs = [post[0] for post in site["posts"]]
        shown = [slug for slug in slugs if slug not in opted_out]
        expected[site["site_name"]] = {"posts": len(slugs), "buttons": len(shown), "feeds": 2}
    return expected
