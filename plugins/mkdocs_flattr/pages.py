"""Where the button goes in a page, and how written pages are relinked after registration.

The button cannot be put into ``page.content`` directly: the search plugin indexes it (in
``on_page_context``) and mkdocs-rss-plugin may use it for descriptions. So the content gets the
core's ``ButtonMarker`` comment, which both ignore and no page can forge (its token is made
for each build), and ``on_post_page`` swaps the comment for the core's markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from markupsafe import Markup

from flattr_core import Endpoints, Funding, FundingOnly, Resolved, Thing, markup


class PageRecord:
    """One page with a thing or other funding: what it resolved to, where it is written, and
    which Flattr button it got (empty without a thing).

    A plain class with slots, not a dataclass: one lives for each page until the build ends,
    and a dataclass costs half a millisecond to create at import.
    """

    __slots__ = ("button", "dest_path", "page_url", "resolved")

    def __init__(self, resolved: Resolved | FundingOnly, dest_path: str, page_url: str) -> None:
        self.resolved = resolved
        self.dest_path = dest_path
        self.page_url = page_url
        self.button = Markup()

    @property
    def thing(self) -> Thing | None:
        return self.resolved.thing

    @property
    def funding(self) -> Funding:
        return self.resolved.funding

    @property
    def url(self) -> str:
        """How feeds name the page: its thing's URL, else its canonical URL."""
        return self.resolved.thing.url if self.resolved.thing else self.page_url


def place(
    written: markup.MarkedPage,
    record: PageRecord,
    endpoints: Endpoints,
    assets_url: str,
    thing_id: int | None,
) -> str:
    """The written page: the marks replaced by the button (or support block), head tags
    before ``</head>``.

    Insertion is idempotent: a page whose theme or Markdown already carries a Flattr button
    (or a support block) gets no second one (its marks are dropped), nor a second payment link.
    """
    page = markup.page_markup(record.resolved, endpoints, thing_id=thing_id, assets_url=assets_url)
    record.button = page.flattr_button  # inside the block, if any: what ``relink`` swaps
    return written.placed(page.button, page.head)


def relink(records: Mapping[str, PageRecord], ids: Mapping[str, int], endpoints: Endpoints) -> int:
    """Point the buttons of newly registered things at their thing pages; pages rewritten."""
    linked = 0
    for record in records.values():
        thing = record.thing
        thing_id = ids.get(thing.url) if thing is not None else None
        if thing is not None and thing_id is not None and record.button:
            button = markup.button(thing, record.resolved.button, endpoints, thing_id=thing_id)
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
