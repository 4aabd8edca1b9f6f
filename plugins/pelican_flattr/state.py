"""Per-site and per-run state, kept in Pelican's settings so that every signal can reach it.

Signals hand plugins a generator, a context or a path, never the Pelican object, but all of
them carry the settings (or a copy of them). ``initialized`` stores one ``FlattrState`` there;
each ``run()`` (``--autoreload`` runs many) starts a fresh ``Run``. No module globals: a
site built inside another's run (i18n_subsites copies the settings, this state included)
finds that run in its settings and shares its ``Build``.
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

import pelican

from flattr_core.markup import FeedItemMemo
from flattr_core.models import Thing
from flattr_core.providers import Funding

from .options import Site

STATE_KEY = "FLATTR_STATE"


@dataclass
class Build:
    """What every site built together knows: i18n_subsites runs one Pelican per language
    inside the first one's run, and each language's feeds list the others' articles."""

    things: dict[str, Thing] = field(default_factory=dict)  # by canonical URL, every site's
    funding: dict[str, Funding] = field(default_factory=dict)  # likewise: each page's other ways
    sites: list[str] = field(default_factory=list)  # each site's SITEURL, in the order begun


@dataclass
class Run:
    """What one ``Pelican.run()`` collects."""

    things: dict[str, Thing] = field(default_factory=dict)  # by canonical URL; its own
    build: Build = field(default_factory=Build)  # shared with the sites built with this one
    channel: Thing | None = None  # the site's own thing, for the feeds' channel links
    writing: object | None = None  # the article or page whose own page is being rendered
    underway: bool = False  # between get_generators and finalized
    feed_items: FeedItemMemo = field(default_factory=FeedItemMemo)  # across this run's feeds
    canonical: dict[str, str] = field(default_factory=dict)  # feed item link -> its page's URL
    calls: dict[object, object] = field(default_factory=dict)  # one of each memoized __call__
    # feeds that wrote their own links (feed_generated): not patched again once written
    linked_feeds: weakref.WeakSet[object] = field(default_factory=weakref.WeakSet)


class FlattrState:
    """The site's settings and the current run.

    Pelican pickles its context (a copy of the settings) with every cached article, so this
    object pickles (and deep-copies) to an empty one: no token ever lands in the cache.
    ``outer`` is the run this site is built inside (i18n_subsites), whose ``Build`` it joins.
    """

    def __init__(self, site: Site | None = None, outer: Run | None = None) -> None:
        self.site = site
        self.run = Run()
        self._outer = outer

    def __reduce__(self) -> tuple[type[FlattrState], tuple[()]]:
        return (FlattrState, ())

    def start_run(self) -> None:
        build = self._outer.build if self._outer is not None else Build()
        self.run = Run(build=build, underway=True)
        if self.site is not None:
            build.sites.append(self.site.siteurl)


def state_of(settings: Mapping[str, Any]) -> FlattrState | None:
    """The active state in these settings (or a context copied from them), else None."""
    state = settings.get(STATE_KEY)
    return state if isinstance(state, FlattrState) and state.site is not None else None


def autoreloading() -> bool:
    """True inside ``pelican --autoreload``, whose loop calls ``run()``; Pelican records it
    nowhere else, so look for its frame on the stack (once per run)."""
    loop = pelican.autoreload.__code__
    frame: FrameType | None = sys._getframe()
    while frame is not None:
        if frame.f_code is loop:
            return True
        frame = frame.f_back
    return False


def outer_state(settings: Mapping[str, Any]) -> FlattrState | None:
    """The state of the run under way whose settings these were copied from (i18n_subsites
    makes each language's Pelican that way, inside the first one's run), else None."""
    earlier = settings.get(STATE_KEY)
    return earlier if isinstance(earlier, FlattrState) and earlier.run.underway else None
