"""``flattr doctor`` for a Pelican site: pelicanconf.py as Pelican reads it, found through the
``flattr.doctors`` entry points (the core imports no host).

Pelican's own ``read_settings`` reads the file; ``FLATTR`` is checked as a build checks it,
each problem with its key, value and what is allowed. A valid site is then built once into a
temporary folder with registration off, and the manifest that run writes says what a real
build would register.
"""

from __future__ import annotations

import contextlib
import io
import logging
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.plugins._utils import load_plugins  # Pelican's own rule for which plugins run
from pelican.settings import read_settings

from flattr_core.cli.sites import HostSite
from flattr_core.errors import ConfigError, FlattrError, Problem
from flattr_core.models import Thing
from flattr_core.registration.manifest import FILENAME, read_manifest
from flattr_core.settings import SiteConfig

from . import options

HOST = "Pelican"
CONFIG_FILE = "pelicanconf.py"
PLUGIN = "pelican.plugins.flattr"


def read_site(folder: Path) -> list[HostSite]:
    """The site whose pelicanconf.py is in ``folder`` (none without one)."""
    path = folder / CONFIG_FILE
    if not path.is_file():
        return []
    source = str(path)
    try:
        with _quiet():
            settings = read_settings(source)
    except Exception as error:  # the file is the user's Python: anything can fail in it
        cannot = f"Pelican cannot read it: {type(error).__name__}: {error}"
        return [HostSite(HOST, source, errors=(cannot,))]
    if settings.get(options.SETTING) is None:
        return [HostSite(HOST, source, notes=(f"{path}: no {options.SETTING} setting",))]
    try:
        site = options.load(settings)
    except ConfigError as error:
        named = (Problem(f"{options.SETTING}.{p.key}", p.value, p.allowed) for p in error.problems)
        return [HostSite(HOST, source, problems=tuple(named))]
    assert site is not None
    problems = [problem for problem in _site_problems(settings, site.siteurl) if problem]
    if problems:
        return [HostSite(HOST, source, problems=tuple(problems))]
    return [_checked_by_a_build(settings, source, site.config)]


def _site_problems(settings: Mapping[str, Any], siteurl: str) -> list[Problem | None]:
    """Pelican's own settings the plugin depends on: SITEURL, and PLUGINS loading it."""
    problem = options.siteurl_problem(siteurl)
    return [Problem("SITEURL", siteurl, problem) if problem else None, _plugins_problem(settings)]


def _plugins_problem(settings: Mapping[str, Any]) -> Problem | None:
    """FLATTR is set, but Pelican would not load the plugin: nothing would say so at build time,
    since none of its code runs (a PLUGINS list without it; with PLUGINS unset, an editable
    install whose plugin Pelican's scan of ``pelican.plugins`` cannot see)."""
    with _quiet():
        loaded = load_plugins(settings)
    if any(getattr(plugin, "__name__", "") == PLUGIN for plugin in loaded):
        return None
    listed = settings.get("PLUGINS")
    if listed is None:
        return Problem(
            "PLUGINS",
            None,
            f"a list with {PLUGIN!r}: unset, this install's Pelican does not find the plugin "
            "(an editable install; see docs/pelican.md), and FLATTR does nothing",
        )
    shown = [getattr(plugin, "__name__", plugin) for plugin in listed]
    return Problem("PLUGINS", shown, f"a list with {PLUGIN!r}: without it FLATTR does nothing")


def _checked_by_a_build(settings: Mapping[str, Any], source: str, config: SiteConfig) -> HostSite:
    """The site, with what a build would register; a build that fails is a problem (a real
    ``pelican`` run would fail the same way)."""
    name = str(settings.get("SITENAME") or "")
    try:
        things = tuple(_things_of_a_build(settings))
    except (FlattrError, OSError, RuntimeError) as error:
        failed = f"a build (registration off) fails: {error}"
        return HostSite(HOST, source, name, config=config, errors=(failed,))
    return HostSite(HOST, source, name, config=config, things=things)


def _things_of_a_build(settings: Mapping[str, Any]) -> list[Thing]:
    """One Pelican run into a temporary folder with registration off; the manifest's things."""
    with tempfile.TemporaryDirectory(prefix="flattr-doctor-") as tmp:
        trial = dict(settings)
        trial.update(OUTPUT_PATH=str(Path(tmp, "output")), CACHE_PATH=str(Path(tmp, "cache")))
        trial[options.SETTING] = {**settings[options.SETTING], "register": "never"}
        with _quiet():
            Pelican(trial).run()
        _, things = read_manifest(Path(tmp, "cache", options.CACHE_FOLDER, FILENAME))
    return list(things)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Pelican's INFO lines and its closing "Done: Processed ..." are not the doctor's report."""
    logger = logging.getLogger("pelican")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        logger.setLevel(level)
