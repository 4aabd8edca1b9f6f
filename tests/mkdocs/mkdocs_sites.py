"""Small real MkDocs sites for the tests: one per theme, a Material blog, and the rss plugin.

``write_site`` lays a site out in a directory; ``build_site`` runs a real build the way the
``mkdocs`` command does (``on_startup`` and ``on_shutdown`` included, which ``build()`` skips).
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import html5lib
import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

SITE_URL = "https://docs.example.org/"
THEMES = ("mkdocs", "readthedocs", "material")

PAGES: dict[str, str] = {
    "index.md": """
        # Welcome

        The home page of a small documentation site.
        """,
    "guide/install.md": """
        ---
        tags: [setup, python]
        author: Jane Doe
        description: How to install the tool on every platform.
        ---
        # Installing the tool

        Run `pip install tool` and you are done.
        """,
    "guide/usage.md": """
        ---
        flattr:
          category: software
          language: de_DE
          hidden: true
          tags: [cli]
          title: Using the tool, explained
        ---
        # Usage

        Call `tool --help` <em>first</em>.
        """,
    "private.md": """
        ---
        flattr: false
        ---
        # Private notes

        Nothing to flattr here.
        """,
    "drafts/wip.md": """
        # Work in progress

        Excluded by a glob.
        """,
    "guest.md": """
        ---
        flattr:
          username: guest_writer
        ---
        # A guest page

        Written & owned by a guest <writer>.
        """,
}

BLOG_PAGES: dict[str, str] = {
    "blog/index.md": "# Blog\n",
    "blog/.authors.yml": """
        authors:
          jane:
            name: Jane Doe
            description: Writer
            avatar: https://example.org/jane.png
        """,
    "blog/posts/first.md": """
        ---
        date: 2024-01-02
        authors: [jane]
        categories: [News]
        tags: [launch]
        ---
        # First post

        The excerpt of the first post.

        <!-- more -->

        The rest of the first post.
        """,
    "blog/posts/second.md": """
        ---
        date: 2024-02-03
        categories: [Notes]
        ---
        # Second post

        A short second post.

        <!-- more -->

        More of it.
        """,
}


@dataclass
class Site:
    """A laid-out site: its config file, and where it was built."""

    root: Path
    config_file: Path
    site_dir: Path
    pages: dict[str, str] = field(default_factory=dict)

    def html(self, dest: str) -> str:
        return (self.site_dir / dest).read_text(encoding="utf-8")

    def document(self, dest: str) -> Any:
        return html5lib.parse(self.html(dest), namespaceHTMLElements=False)

    def search_index(self) -> str:
        for candidate in ("search/search_index.json", "search_index.json"):
            path = self.site_dir / candidate
            if path.exists():
                return json.dumps(json.loads(path.read_text(encoding="utf-8")))
        raise AssertionError(f"no search index in {self.site_dir}")


def flattr_options(**overrides: Any) -> dict[str, Any]:
    """The plugin options most tests use: a creator, a tag, and one exclude glob."""
    options: dict[str, Any] = {
        "username": "site_owner",
        "tags": ["docs"],
        "exclude": ["drafts/*"],
        "authors": {"Jane Doe": "jane_flattr", "jane": "jane_flattr"},
        "register": "never",
    }
    options.update(overrides)
    return options


def rss_options(root: Path, **overrides: Any) -> dict[str, Any]:
    """mkdocs-rss-plugin without git (the test sites are not repositories)."""
    options: dict[str, Any] = {
        "use_git": False,
        "cache_dir": str(root / ".cache" / "rss"),
        "date_from_meta": {"as_creation": "date", "default_time": "09:00"},
    }
    options.update(overrides)
    return options


def write_site(
    root: Path,
    *,
    theme: str | dict[str, Any] = "mkdocs",
    flattr: dict[str, Any] | None = None,
    plugins: list[Any] | None = None,
    pages: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> Site:
    """Write mkdocs.yml and the docs folder; ``plugins`` defaults to search + flattr."""
    pages = dict(PAGES if pages is None else pages)
    for name, text in pages.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    if plugins is None:
        plugins = ["search", {"flattr": flattr_options(**(flattr or {}))}]
    config = {
        "site_name": "Example Docs",
        "site_url": SITE_URL,
        "theme": theme if isinstance(theme, dict) else {"name": theme},
        "plugins": plugins,
        **(extra or {}),
    }
    config = {key: value for key, value in config.items() if value is not None}
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return Site(root, config_file, root / "site", pages)


def build_site(
    site: Site, *, command: str = "build", strict: bool = False, dirty: bool = False
) -> Site:
    """A real build, with the startup and shutdown events the CLI sends."""
    config = load_config(str(site.config_file), site_dir=str(site.site_dir), strict=strict)
    config.plugins.on_startup(command=command, dirty=dirty)
    try:
        build(config, dirty=dirty)
    finally:
        config.plugins.on_shutdown()
    return site


def require(*modules: str) -> None:
    """Skip the test without these MkDocs plugins (beyond MkDocs and Material: the minify
    tests and the real sites use them); tox -e mkdocs installs every one."""
    for module in modules:
        pytest.importorskip(module, reason=f"needs {module}: tox -e mkdocs installs it")


def dest_of(source: str) -> str:
    """Where MkDocs writes a Markdown source with directory URLs."""
    stem = source.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return f"{stem.removesuffix('index')}index.html"
    return f"{stem}/index.html"


def url_of(source: str) -> str:
    return SITE_URL + dest_of(source).removesuffix("index.html")
