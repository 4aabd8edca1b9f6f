"""Two real MkDocs sites with every provider: one with Flattr (Material, blog, rss with JSON
feeds, funding.json), one without a Flattr username at all (its FUNDING.yml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs_sites import SITE_URL, Site, build_site, rss_options, write_site

SITE_FUNDING = {
    "github": ["octocat", "mona"],
    "liberapay": "docs-team",
    "open_collective": "tool",
    "custom": "https://docs.example.org/give/",
    "web_monetization": "https://wallet.example/docs",
}
AUTHORS = {
    "jane": {
        "username": "jane_flattr",
        "funding": {
            "ko_fi": {"username": "jane", "widget_id": "J4N3J4N3"},
            "web_monetization": "https://wallet.example/jane",
        },
    },
    "guest": {"funding": {"buy_me_a_coffee": "guest", "liberapay": False}},
}
SECTIONS = {"guide/*": {"funding": {"patreon": {"username": "tooldev", "user_id": "12345"}}}}
FUNDING_JSON: dict[str, Any] = {
    "entity": {
        "type": "group",
        "role": "maintainer",
        "name": "The tool's team",
        "email": "team@docs.example.org",
        "description": "We write the tool and its documentation.",
    },
    "projects": [
        {
            "guid": "tool",
            "name": "The tool",
            "description": "A small command-line tool and its documentation.",
            "repositoryUrl": {
                "url": "https://github.com/example/tool",
                "wellKnown": "https://github.com/example/tool/blob/main/.well-known/funding-manifest-urls",
            },
            "licenses": ["spdx:MIT"],
            "tags": ["cli", "documentation"],
        }
    ],
    "plans": [
        {
            "guid": "coffee",
            "name": "A coffee",
            "amount": 5,
            "currency": "EUR",
            "frequency": "one-time",
        }
    ],
    "manifest_urls": ["https://github.com/example/tool/raw/main/funding.json"],
}
PAGES = {
    "index.md": "# Welcome\n\nThe home page.\n",
    "guide/install.md": "---\nauthor: jane\n---\n# Installing\n\nRun `pip install tool`.\n",
    "private.md": "---\nflattr: false\n---\n# Private\n\nNo support block here.\n",
    "blog/index.md": "# Blog\n",
    "blog/.authors.yml": (
        "authors:\n  jane:\n    name: Jane Doe\n    description: Writer\n"
        "    avatar: https://example.org/jane.png\n"
        "  guest:\n    name: A Guest\n    description: Guest\n"
        "    avatar: https://example.org/guest.png\n"
    ),
    "blog/posts/first.md": (
        "---\ndate: 2024-01-02\nauthors: [jane]\n---\n# First post\n\n"
        "The excerpt of the first post.\n\n<!-- more -->\n\nThe rest.\n"
    ),
    "blog/posts/second.md": (
        "---\ndate: 2024-02-03\nfunding:\n  polar: second\n  github: false\n---\n"
        "# Second post\n\nA short second post.\n\n<!-- more -->\n\nMore of it.\n"
    ),
    "blog/posts/third.md": (
        "---\ndate: 2024-03-04\nauthors: [guest]\nflattr:\n  button: widget\n---\n"
        "# Third post\n\nA guest's post.\n\n<!-- more -->\n\nMore.\n"
    ),
}
POSTS = {
    "first": "blog/2024/01/02/first-post/",
    "second": "blog/2024/02/03/second-post/",
    "third": "blog/2024/03/04/third-post/",
}
LISTINGS = ("blog/index.html", "blog/archive/2024/index.html")


def build_material(root: Path, **overrides: Any) -> Site:
    """Site A: Flattr for the site and Jane, funding at every layer, feeds, funding.json."""
    flattr = {
        "username": "site_owner",
        "register": "never",
        "funding": SITE_FUNDING,
        "authors": AUTHORS,
        "sections": SECTIONS,
        "funding_json": FUNDING_JSON,
        **overrides,
    }
    plugins = [
        "search",
        {"blog": {"post_url_format": "{date}/{slug}"}},
        {"rss": rss_options(root, match_path="blog/posts/.*")},
        {"flattr": flattr},
    ]
    theme = {"name": "material", "features": ["navigation.instant"]}
    site = write_site(root, theme=theme, plugins=plugins, pages=PAGES)
    return build_site(site, strict=True)


FUNDING_YML = "github: [octocat]\nliberapay: tool-team\ntidelift: pypi/tool\n"
PLAIN_PAGES = {
    "index.md": "# Welcome\n\nNo Flattr here.\n",
    "guide.md": "---\nauthor: Jane Doe\n---\n# Guide\n\nJane's page, with her Flattr.\n",
    "quiet.md": "---\nfunding: false\n---\n# Quiet\n\nNothing at all.\n",
    "wallet.md": (
        "---\nfunding:\n  github: false\n  liberapay: false\n"
        "  web_monetization: https://wallet.example/tool\n---\n# Wallet only\n\nText.\n"
    ),
}


def build_without_flattr(root: Path, **overrides: Any) -> Site:
    """Site B: no Flattr username for the site; FUNDING.yml beside mkdocs.yml; one author."""
    (root / ".github").mkdir(parents=True)
    (root / ".github" / "FUNDING.yml").write_text(FUNDING_YML, encoding="utf-8")
    flattr = {
        "register": "never",
        "funding": ".github/FUNDING.yml",
        "authors": {"Jane Doe": "jane_flattr"},
        **overrides,
    }
    site = write_site(root, plugins=[{"flattr": flattr}], pages=PLAIN_PAGES)
    return build_site(site, strict=True)


def url(path: str) -> str:
    return SITE_URL + path
