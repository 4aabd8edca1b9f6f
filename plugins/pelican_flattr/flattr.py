"""Pelican's signals, wired to the core: ``register()`` and one short handler per signal.

Run order (Pelican 4.9+): ``initialized`` validates FLATTR once per Pelican object; each
``run()`` then sends ``get_generators`` (a fresh run), ``all_generators_finalized`` (every
article, page and translation is known and intersite links can resolve), the write signals
for each article and page, ``feed_generated`` and ``feed_written`` for every feed, and
``finalized``.
"""

from __future__ import annotations

import logging
from typing import Any

from pelican import Pelican, signals
from pelican.contents import Content
from pelican.generators import Generator

import flattr_core

from . import feeds, items, options, output
from .state import STATE_KEY, FlattrState, Run, autoreloading, outer_state, state_of

log = logging.getLogger(__name__)
PLUGIN = __package__ or "pelican.plugins.flattr"


def register() -> None:
    """Connect the handlers; each does nothing for a Pelican object that did not load us."""
    signals.initialized.connect(configure)
    signals.get_generators.connect(start_run)
    signals.all_generators_finalized.connect(prepare_content)
    signals.article_generator_write_article.connect(begin_page)
    signals.page_generator_write_page.connect(begin_page)
    signals.content_written.connect(finish_page)
    signals.feed_generated.connect(write_feed_links)
    signals.feed_written.connect(add_feed_links)
    signals.finalized.connect(register_things)
    signals.finalized.connect(end_run)


def configure(pelican: Pelican) -> None:
    """Validate FLATTR as Pelican starts: a ConfigError here ends the run, naming each key."""
    if PLUGIN not in pelican.settings.get("PLUGINS", ()):
        return  # connected by another Pelican object in this process
    site = options.load(pelican.settings)
    problem = options.siteurl_problem(site.siteurl) if site is not None else None
    if problem is not None:
        log.warning("Flattr is off for this build: %s; set SITEURL to the site's address", problem)
        site = None
    outer = outer_state(pelican.settings)
    if outer is not None:
        site = options.inherit_token(site, outer.site)
    elif site is not None:  # the site at the root: a site built inside it has no site files
        site = options.with_site_files(site)
    pelican.settings[STATE_KEY] = FlattrState(site, outer.run if outer else None)
    if site is not None:
        pelican.settings[options.SETTING] = options.without_token(pelican.settings[options.SETTING])


def start_run(pelican: Pelican) -> None:
    """Each ``run()`` (``--autoreload`` makes many) collects its own things."""
    state = state_of(pelican.settings)
    if state is not None:
        state.start_run()


def prepare_content(generators: list[Generator]) -> None:
    """Resolve every article (and page) into a thing, a button and head tags."""
    state = state_of(generators[0].settings) if generators else None
    if state is None or state.site is None:
        return
    site, run = state.site, state.run
    chosen = items.resolve_all(items.candidates(generators, site.pages), site)
    run.things.update((r.thing.url, r.thing) for _, _, r in chosen if r.thing is not None)
    run.build.things.update(run.things)
    run.build.funding.update((url, r.funding) for _, url, r in chosen)
    ids = flattr_core.known_ids(site.cache_dir, run.things)
    for content, _, resolved in chosen:
        thing_id = ids.get(resolved.thing.url) if resolved.thing is not None else None
        output.attach(content, resolved, site, run, thing_id)
    for generator in generators:
        generator.get_template = output.HeadedTemplates(generator.get_template, run)
    run.channel = feeds.channel(site)
    if chosen:
        output.copy_static(site, (resolved for _, _, resolved in chosen))
    output.write_site_files(site.output, site.site_files)


def begin_page(generator: Generator, content: Content) -> None:
    """The content's own page is about to be rendered: its body shows the button now."""
    state = state_of(generator.settings)
    if state is not None and isinstance(getattr(content, "flattr", None), output.FlattrView):
        state.run.writing = content


def finish_page(path: str, context: dict[str, Any]) -> None:
    """The content's own page is written (with its head tags): back to plain bodies."""
    state = state_of(context)
    if state is not None:
        state.run.writing = None


def write_feed_links(context: dict[str, Any], feed: Any) -> None:
    """A feed about to be written: Pelican's own feed classes write the links themselves."""
    state = state_of(context)
    if state is not None and state.site is not None:
        feeds.links_while_writing(feed, state.run, state.site)


def add_feed_links(path: str, context: dict[str, Any], feed: Any) -> None:
    """Every Atom and RSS file Pelican writes gets channel- and item-level payment links."""
    state = state_of(context)
    if state is not None and state.site is not None and feed not in state.run.linked_feeds:
        links = [item["link"] for item in feed.items]
        feeds.add_feed_links(path, links, state.run, state.site)


def register_things(pelican: Pelican) -> None:
    """Register the run's things through the core (never while autoreloading, unless asked)."""
    state = state_of(pelican.settings)
    if state is None or state.site is None:
        return
    site = state.site
    outcome = flattr_core.register_build(
        state.run.things.values(), site.config, cache_dir=site.cache_dir, serving=autoreloading()
    )
    message = _naming_the_site(outcome.message, state.run, site.siteurl)
    log.log(logging.WARNING if outcome.level == "warning" else logging.INFO, message)


def end_run(pelican: Pelican) -> None:
    """A Pelican made from a copy of these settings from now on is not built inside this run."""
    state = state_of(pelican.settings)
    if state is not None:
        state.run.underway = False


def _naming_the_site(message: str, run: Run, siteurl: str) -> str:
    """Sites built together (one per language with i18n_subsites) each register their own
    things into their own cache and log their own line: say which site it is."""
    sites = run.build.sites
    if len(sites) < 2:
        return message
    return f"{message}; site {siteurl}/, one of {len(sites)} built together"
