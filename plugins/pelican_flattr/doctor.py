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
from pelican.settings import read_settings

from flattr_core.cli.sites import HostSite
from flattr_core.errors import ConfigError, FlattrError, Problem
from flattr_core.models import Thing
from flattr_core.registration.manifest import FILENAME, read_manifest

from . import options

HOST = "Pelican"
CONFIG_FILE = "pelicanconf.py"


def read_site(folder: Path) -> list[HostSite]:
    """The site whose pelicanconf.py is in ``folder`` (none without one)."""
    path = folder / CONFIG_FILE
    if not path.is_file():
        return []
    source = str(path)
    with _quiet():
        settings = read_settings(str(path))
    if settings.get(options.SETTING) is None:
        return [HostSite(HOST, source, notes=(f"{path}: no {options.SETTING} setting",))]
    try:
        site = options.load(settings)
    except ConfigError as error:
        named = (Problem(f"{options.SETTING}.{p.key}", p.value, p.allowed) for p in error.problems)
        return [HostSite(HOST, source, problems=tuple(named))]
    assert site is not None
    problem = options.siteurl_problem(site.siteurl)
    if problem is not None:
        return [HostSite(HOST, source, problems=(Problem("SITEURL", site.siteurl, problem),))]
    name = str(settings.get("SITENAME") or "")
    try:
        things = tuple(_things_of_a_build(settings))
    except (FlattrError, OSError, RuntimeError) as error:
        note = f"the trial build (registration off) failed: {error}"
        return [HostSite(HOST, source, name, config=site.config, notes=(note,))]
    return [HostSite(HOST, source, name, config=site.config, things=things)]


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
