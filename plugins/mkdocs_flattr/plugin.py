"""The MkDocs plugin: ``plugins: [flattr]`` puts a Flattr button and payment link on every page,
and with ``funding`` every other way to support the site (docs/funding.md).

Each hook reads the settings, calls the core, and hands the result back to MkDocs. Per-build
state lives in ``on_config``; ``on_startup`` only records the command (``serve`` registers
nothing unless ``register: always``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from mkdocs.config.base import ConfigErrors, ConfigWarnings
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

import flattr_core
from flattr_core import ConfigError, FlattrError, SiteConfig, Thing, channel_thing, markup

from . import config as options
from . import pages, rss, sitefiles
from .items import content_item, theme_language

log = get_plugin_logger("flattr")  # logger mkdocs.plugins.flattr, lines prefixed "flattr: "
ASSET_DIR = "assets/flattr"


class FlattrPlugin(BasePlugin[options.FlattrPluginConfig]):  # type: ignore[no-untyped-call]
    """Buttons, head links, feed links, and registration at the end of the build."""

    def __init__(self) -> None:
        self.command = "build"  # build() called directly (as in tests) behaves like `mkdocs build`
        self.dirty = False
        self.site = SiteConfig()
        self.records: dict[str, pages.PageRecord] = {}
        self.known_ids: dict[str, int] = {}
        self.marker = markup.ButtonMarker()
        self.site_files: dict[str, str] = {}

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def load_config(
        self, options_in: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[ConfigErrors, ConfigWarnings]:
        """MkDocs' type checks, plus unknown options and the core's checks as errors."""
        raw = dict(options_in)
        errors, warnings = super().load_config(options_in, config_file_path)
        warnings = [w for w in warnings if not str(w[1]).startswith("Unrecognised")]
        errors = options.describe_errors(errors, raw) + options.unknown_option_errors(raw)
        reported = {key for key, _ in errors}
        base = options.config_dir(config_file_path)
        try:
            SiteConfig.from_mapping(raw, host_keys=options.HOST_KEYS + tuple(reported), base=base)
        except ConfigError as error:
            errors += options.core_problem_errors(error.problems, reported)
        return errors, warnings

    def on_config(self, config: MkDocsConfig) -> None:
        mapping = options.core_mapping(self.config, theme_language(config), os.environ)
        source, base = config.config_file_path or "", options.config_dir(config.config_file_path)
        try:
            self.site = SiteConfig.from_mapping(mapping, source=source, base=base)
        except ConfigError as error:
            raise PluginError(options.with_username_source(error, self.config)) from None
        self.records = {}
        self.known_ids = {}
        self.marker = markup.ButtonMarker()  # a new token for each build
        if not config.site_url:
            log.warning(
                "site_url is not set: pages get no Flattr button (links need absolute URLs)"
            )
        self.site_files = sitefiles.site_files(self.site, config.site_url)

    @event_priority(-100)  # after search, rss and blog have read the content
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        item = content_item(page, html, config)
        try:
            resolved = self.site.resolve_support(item) if item else None
        except FlattrError as error:
            raise PluginError(options.page_problem(page.file.src_uri, error, self.site)) from None
        if item is None or resolved is None:
            return html
        record = pages.PageRecord(resolved, page.file.abs_dest_path, item.url)
        self.records[page.file.src_uri] = record
        return self.marker.witnessed(html, resolved.button.position)

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> None:
        things = [record.thing for record in self.records.values() if record.thing]
        self.known_ids = flattr_core.known_ids(self.cache_dir(config), things)
        self._add_assets(config, files)

    def _add_assets(self, config: MkDocsConfig, files: Files) -> None:
        """The stylesheet and scripts the pages' buttons and support blocks link, and no others.

        Here, not in ``on_files``: a page's front matter may choose its own style, and every
        page has been read by now; static files are copied right after this event.
        """
        resolved = [record.resolved for record in self.records.values()]
        for name, path in markup.site_static_files(resolved).items():
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", abs_src_path=str(path)))

    @event_priority(50)  # before minify and other rewriters of the page, so they see ours too
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        record = self.records.get(page.file.src_uri)
        written = self.marker.read(output)  # the page read once for all of the below
        if record is not None and not written.shows_content:
            del self.records[page.file.src_uri]  # a redirect or content-less template: no thing
            record = None
        if record is None:
            return written.unmarked()
        assets_url = get_relative_url(f"{ASSET_DIR}/", page.url)
        thing_id = self.known_ids.get(record.thing.url) if record.thing else None
        return pages.place(written, record, self.site.endpoints, assets_url, thing_id)

    @event_priority(-100)  # after mkdocs-rss-plugin wrote its feeds (priority 0)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        things = {r.thing.url: r.thing for r in self.records.values() if r.thing is not None}
        funding = {record.url: record.funding for record in self.records.values()}
        feeds = rss.FeedContent(
            self.site.endpoints, self._channel(config), things, self.site.funding, funding
        )
        rss.add_payment_links(config, feeds)
        sitefiles.write(config.site_dir, self.site_files)
        if self.dirty:  # unchanged pages were not rebuilt: their things are unknown this time
            log.info("Flattr registration skipped: a --dirty build sees only the changed pages")
            return
        outcome = self._register(config, list(things.values()))
        getattr(log, outcome.level)(outcome.message)
        fresh = {url: i for url, i in outcome.thing_ids.items() if self.known_ids.get(url) != i}
        pages.relink(self.records, fresh, self.site.endpoints)

    def _register(self, config: MkDocsConfig, things: list[Thing]) -> flattr_core.BuildOutcome:
        """The core's end-of-build registration; only ``strict: true`` lets a failure through."""
        serving = self.command == "serve"
        try:
            return flattr_core.register_build(
                things, self.site, cache_dir=self.cache_dir(config), serving=serving
            )
        except FlattrError as error:
            raise PluginError(f"strict: true, so this stops the build: {error}") from None

    def cache_dir(self, config: MkDocsConfig) -> Path:
        """``cache_dir`` resolved against the folder of mkdocs.yml, not the working directory."""
        base = os.path.dirname(config.config_file_path or "") or os.getcwd()
        return Path(base, self.config.cache_dir)

    def _channel(self, config: MkDocsConfig) -> Thing | None:
        """The feed channel's thing (the site), or None when the site has no creator of its own."""
        if not config.site_url:
            return None
        return channel_thing(
            self.site, config.site_url, config.site_name, config.site_description or ""
        )
