"""Real third-party sites (vendored under realsites/, see its README) built as their owners do.

``copy_site`` copies one to a temporary folder, ``add_to_config`` edits its mkdocs.yml as a
user would (text inserted at a line that must be there), ``build_real_site`` runs a real build
in the site's folder, recording every warning MkDocs logs. ``stream`` reads a page back as a
list of tokens without the plugin's additions, so two builds can be compared page by page.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import html5lib
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

REALSITES = Path(__file__).with_name("realsites")
MANIFEST = Path(".cache", "plugin", "flattr", "flattr-manifest.json")
ASSETS = "assets/flattr/"


@dataclass
class RealBuild:
    """One finished build: where it went, its config and the warnings it logged."""

    root: Path
    site_dir: Path
    config: MkDocsConfig
    warnings: list[str]

    def html_pages(self) -> dict[str, Path]:
        return {p.relative_to(self.site_dir).as_posix(): p for p in self.site_dir.rglob("*.html")}

    def files(self) -> set[str]:
        return {
            p.relative_to(self.site_dir).as_posix() for p in self.site_dir.rglob("*") if p.is_file()
        }

    def document(self, dest: str) -> Any:
        html = (self.site_dir / dest).read_text(encoding="utf-8")
        return html5lib.parse(html, namespaceHTMLElements=False)

    def manifest_urls(self) -> set[str]:
        manifest = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
        return {thing["url"] for thing in manifest["things"]}


def copy_site(name: str, target: Path) -> Path:
    return Path(shutil.copytree(REALSITES / name, target))


def add_to_config(root: Path, after: str, text: str) -> None:
    """Insert ``text`` into the site's mkdocs.yml right after the line ``after``."""
    config = root / "mkdocs.yml"
    source = config.read_text(encoding="utf-8")
    assert source.count(after + "\n") == 1, f"{after!r} is not one line of {config}"
    config.write_text(source.replace(after + "\n", after + "\n" + text, 1), encoding="utf-8")


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_real_site(
    root: Path, site_dir: Path, *, strict: bool = True, command: str = "build"
) -> RealBuild:
    """``mkdocs build`` in the site's folder (its snippets and hooks use paths relative to it)."""
    handler = _Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        with contextlib.chdir(root):
            config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=strict)
            config.plugins.on_startup(command=command, dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
    finally:
        logger.removeHandler(handler)
    return RealBuild(root, site_dir, config, handler.messages)


def is_flattr_addition(element: Any) -> bool:
    """The plugin's own elements: head tags, asset tags and the button's slot."""
    tag, attrs = element.tag, element.attrib
    if not isinstance(tag, str):
        return False
    rel = attrs.get("rel", "").split()
    return (
        (tag == "link" and "payment" in rel)
        or (tag == "link" and "stylesheet" in rel and ASSETS in attrs.get("href", ""))
        or (tag == "script" and ASSETS in attrs.get("src", ""))
        or (tag == "meta" and attrs.get("name") == "flattr:id")
        or (tag == "div" and "flattr-slot" in attrs.get("class", "").split())
    )


def stream(document: Any) -> list[tuple[str, ...]]:
    """The page as start tags, texts and end tags, whitespace collapsed, the plugin's left out."""
    tokens: list[tuple[str, ...]] = []
    for token in _tokens(document):
        if token[0] == "text" and tokens and tokens[-1][0] == "text":
            tokens[-1] = ("text", tokens[-1][1] + token[1])
        else:
            tokens.append(token)
    collapsed = [
        (kind, " ".join(value.split()) if kind == "text" else value) for kind, value in tokens
    ]
    return [token for token in collapsed if token != ("text", "")]


def _tokens(element: Any) -> Iterator[tuple[str, str]]:
    if is_flattr_addition(element):
        return
    if isinstance(element.tag, str):
        yield ("start", f"{element.tag} {sorted(element.attrib.items())}")
        yield ("text", element.text or "")
        for child in element:
            yield from _tokens(child)
            yield ("text", child.tail or "")
        yield ("end", element.tag)
