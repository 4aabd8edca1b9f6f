"""``flattr doctor`` for a MkDocs site: mkdocs.yml as MkDocs reads it, found through the
``flattr.doctors`` entry points (the core imports no host).

MkDocs' own loader reads the file (``!ENV`` included); the plugin's options are checked by the
core, each problem with its key, value and what is allowed. A valid site is then built once
into a temporary folder with registration off, and the manifest that build writes says what a
real build would register.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from flattr_core.cli.sites import HostSite
from flattr_core.errors import ConfigError, FlattrError, Problem
from flattr_core.registration.manifest import FILENAME, read_manifest
from flattr_core.settings import SiteConfig
from flattr_core.settings.checks import Withheld, known_option

from . import config as options
from .plugin import FlattrPlugin

HOST = "MkDocs"
CONFIG_FILES = ("mkdocs.yml", "mkdocs.yaml")
PREFIX = "plugins.flattr."


def read_site(folder: Path) -> list[HostSite]:
    """The site whose mkdocs.yml is in ``folder`` (none without one)."""
    path = next((folder / name for name in CONFIG_FILES if (folder / name).is_file()), None)
    if path is None:
        return []
    source = str(path)
    try:
        config = _load(path)
    except (MkDocsException, OSError) as error:  # a YAML error, an unreadable file
        return [HostSite(HOST, source, errors=(f"MkDocs cannot read it: {error}",))]
    raw = flattr_options(config.get("plugins"))
    if raw is None:
        return [HostSite(HOST, source, notes=(f"{source}: the flattr plugin is not enabled",))]
    problems = option_problems(raw, path.parent) or mkdocs_problems(config)
    if problems:
        return [HostSite(HOST, source, problems=tuple(problems))]
    return [_valid_site(config, source)]


def _load(path: Path) -> MkDocsConfig:
    """mkdocs.yml as ``mkdocs build`` reads it (``!ENV``, ``INHERIT``), not yet validated."""
    config = MkDocsConfig(config_file_path=str(path))
    with path.open("rb") as file:
        config.load_file(file)
    return config


def flattr_options(plugins: object) -> dict[str, Any] | None:
    """The ``flattr`` entry of ``plugins:`` as written (a name alone: no options)."""
    for entry in plugins if isinstance(plugins, list) else []:
        if entry == "flattr":
            return {}
        if isinstance(entry, Mapping) and "flattr" in entry:
            return dict(entry["flattr"] or {})
    return None


def option_problems(raw: Mapping[str, Any], base: Path) -> list[Problem]:
    """Every problem of the plugin's options: unknown keys (the closest known one named, the
    value never shown), then the core's checks of the shared ones."""
    problems = [
        Problem(PREFIX + key, Withheld(value), known_option(key, options.OPTION_NAMES))
        for key, value in raw.items()
        if key not in options.OPTION_NAMES
    ]
    known = {key: value for key, value in raw.items() if key in options.OPTION_NAMES}
    try:
        SiteConfig.from_mapping(known, host_keys=options.HOST_KEYS, base=base)
    except ConfigError as error:
        problems += [Problem(PREFIX + p.key, p.value, p.allowed) for p in error.problems]
    return problems


def mkdocs_problems(config: MkDocsConfig) -> list[Problem]:
    """What MkDocs itself refuses in the rest of mkdocs.yml."""
    errors, _ = config.validate()
    return [Problem(key, config.get(key), str(error)) for key, error in errors]


def _valid_site(config: MkDocsConfig, source: str) -> HostSite:
    """The plugin's settings as a build sees them, and the things a build would register."""
    plugin = cast(FlattrPlugin, config.plugins["flattr"])  # MkDocs types it BasePlugin
    try:
        with _quiet():
            config.plugins.on_startup(command="build", dirty=False)
            plugin.on_config(config)
    except MkDocsException as error:  # a username from the environment, say
        return HostSite(HOST, source, problems=(Problem(PREFIX + "username", None, str(error)),))
    site = plugin.site
    errors: list[str] = []
    try:
        things = tuple(_things_of_a_build(config, errors))
    except (MkDocsException, FlattrError, OSError) as error:
        # `mkdocs build` would fail the same way; MkDocs logged why ("Aborted with a
        # BuildError!" alone says nothing)
        why = "; ".join(errors) or str(error)
        failed = f"a build (registration off) fails: {why}"
        return HostSite(HOST, source, config.site_name, config=site, errors=(failed,))
    finally:
        config.plugins.on_shutdown()
    return HostSite(HOST, source, config.site_name, config=site, things=things)


def _things_of_a_build(config: MkDocsConfig, errors: list[str]) -> list[Any]:
    """Build into a temporary folder with registration off (as ``mkdocs build`` runs it); the
    things of the manifest that build wrote. The first line of each error MkDocs logs goes
    to ``errors``."""
    plugin = cast(FlattrPlugin, config.plugins["flattr"])  # MkDocs types it BasePlugin
    with tempfile.TemporaryDirectory(prefix="flattr-doctor-") as tmp:
        config["site_dir"] = str(Path(tmp, "site"))
        plugin.config["register"] = "never"
        plugin.config["cache_dir"] = tmp
        with _quiet(errors):
            build(config)
        _, things = read_manifest(Path(tmp, FILENAME))
    return list(things)


class _Errors(logging.Handler):
    """Collects the first line of each error record (the rest is MkDocs' advice)."""

    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.ERROR)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage().splitlines()[0].rstrip(":"))


@contextmanager
def _quiet(errors: list[str] | None = None) -> Iterator[None]:
    """MkDocs' and its plugins' log lines are not the doctor's report: its errors go to
    ``errors``, the rest nowhere."""
    logger = logging.getLogger("mkdocs")
    level, propagate = logger.level, logger.propagate
    handler = _Errors([] if errors is None else errors)
    logger.setLevel(logging.ERROR)
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
