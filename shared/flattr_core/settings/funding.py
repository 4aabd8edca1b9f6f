"""The ``funding`` and ``funding_json`` settings, checked as every other option is.

``funding`` is a layer setting: the site, each section rule, each author and each page may
set it, and the most specific layer that names a provider decides it (``providers.merge``).
Its keys come out as the user wrote them, nested by ``checks.validate``:
``funding.liberapay``, ``sections.blog/*.funding.github[1]``, ``authors.Bob.funding.ko_fi``.

Only the site may name a FUNDING.yml file (``funding: .github/FUNDING.yml``, relative to the
config file's folder): the site's settings are the site owner's own file, while authors,
sections and pages may be edited by others (Wagtail's editors), who must not make the
build read files of their choosing.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..errors import ConfigError, Invalid, Problem
from ..providers import FundingLayer, funding_layer
from .checks import Check

NO_FILE = "a mapping of providers, or false to turn all off (a FUNDING.yml path: site only)"


def layer_funding(value: object) -> FundingLayer:
    """An author's, section's or page's ``funding``: a mapping of providers, or off."""
    return funding_layer(value, read_file=_refuse_file)


def _refuse_file(path: Path) -> FundingLayer:
    raise ConfigError([Problem("", str(path), NO_FILE)])


def site_funding(base: Path | None) -> Check:
    """The site's ``funding`` check: also a FUNDING.yml path, read relative to ``base``."""

    def check(value: object) -> FundingLayer:
        try:
            return funding_layer(value, base=base)
        except ConfigError as error:
            if not isinstance(value, str | Path):  # a Path too: settings.py's BASE_DIR / ...
                raise
            raise ConfigError([_in_file(p, str(value)) for p in error.problems]) from None

    return check


def _in_file(problem: Problem, written: str) -> Problem:
    """A problem of the file, keyed so that ``funding`` leads: ``funding.ko_fi (line 2) in
    FILE``; the file's own (unreadable, too large) is the ``funding`` value's."""
    if problem.key in ("", "funding"):
        return Problem("", written, problem.allowed)
    return Problem(f"{problem.key} in {written}", problem.value, problem.allowed)


def manifest_setting(value: object) -> Mapping[str, object]:
    """``funding_json``: the mapping funding.json is made from, checked when it is written
    (it needs the site's URL and funding; ``markup.funding_manifest`` checks every field)."""
    if not isinstance(value, Mapping):
        raise Invalid("a mapping of funding.json fields (entity, projects, plans, ...)")
    return dict(value)
