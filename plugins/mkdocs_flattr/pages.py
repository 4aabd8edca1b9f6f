"""Where the button goes in a page, and how written pages are relinked after registration.

The button cannot be put into ``page.content`` directly: the search plugin indexes it (in
``on_page_context``) and mkdocs-rss-plugin may use it for descriptions. So the content gets an
HTML comment, which both ignore, and ``on_post_page`` swaps the comment for the core's markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from flattr_core import markup
from flattr_core.models import Endpoints, Thing
from flattr_core.settings import Resolved

MARKER = "<!-- flattr-button -->"


@dataclass
class PageRecord:
    """One page with a thing: what it resolved to, where it is written, which button it got."""

    resolved: Resolved
    dest_path: str
    button: Markup = field(default_factory=Markup)

    @property
    def thing(self) -> Thing:
        return self.resolved.thing


def mark(html: str, position: str) -> str:
    """The page content with a marker where each button goes.

    ``none`` gets one too, which ``place`` drops: a marker in the written page is how the
    plugin knows that the template rendered the content at all (``shows_content``).
    """
    top = MARKER if position in ("top", "both") else ""
    bottom = MARKER if position != "top" else ""
    return f"{top}{html}{bottom}"


def shows_content(output: str) -> bool:
    """True when the written page shows its content: a marker is in it and it redirects nowhere.

    A template that leaves ``page.content`` out (a landing page's empty content block, a
    redirect stub) drops the markers with it.
    """
    return MARKER in output and not markup.is_redirect(output)


def place(
    output: str, record: PageRecord, endpoints: Endpoints, assets_url: str, thing_id: int | None
) -> str:
    """The written page: markers replaced by the button, head tags before ``</head>``.

    Insertion is idempotent: a page whose theme or Markdown already carries a Flattr button
    gets no second one (its markers are dropped), nor a second payment link.
    """
    thing, options = record.resolved.thing, record.resolved.button
    record.button = markup.button(thing, options, endpoints, thing_id=thing_id)
    output = (
        output.replace(MARKER, _slot(record.button))
        if options.position != "none" and _no_button(output)
        else strip_markers(output)
    )
    head = markup.head_tags(thing, endpoints) + markup.asset_tags(options.style, assets_url)
    return markup.insert_head(output, head)


def _no_button(output: str) -> bool:
    """True unless the theme or the Markdown already put a Flattr button into the page."""
    return not markup.has_button(strip_markers(output))


def _slot(button: Markup) -> str:
    """The button in the core's wrapper, exactly as ``insert_button`` would place it."""
    return markup.insert_button("", button, "top").strip()


def strip_markers(output: str) -> str:
    return output.replace(MARKER, "")


def relink(records: Mapping[str, PageRecord], ids: Mapping[str, int], endpoints: Endpoints) -> int:
    """Point the buttons of newly registered things at their thing pages; pages rewritten."""
    linked = 0
    for record in records.values():
        thing_id = ids.get(record.thing.url)
        if thing_id is not None and record.button:
            button = markup.button(
                record.thing, record.resolved.button, endpoints, thing_id=thing_id
            )
            linked += _rewrite(record, button)
    return linked


def _rewrite(record: PageRecord, button: Markup) -> bool:
    """Swap exactly the markup this build wrote (absent if another plugin changed it later)."""
    path = Path(record.dest_path)
    page = path.read_text(encoding="utf-8")
    # found even when a minifier rewrote it (minify_html runs after the plugin's on_post_page)
    updated = (
        None if button == record.button else markup.replace_button(page, record.button, button)
    )
    if updated is None:
        return False
    path.write_text(updated, encoding="utf-8")
    record.button = button
    return True
