"""Broken layers: an author or section whose own settings are invalid, kept aside with its problems.

Where many people edit the layers (Wagtail editors each set their own account), one bad entry
must not make the whole site's settings invalid. ``set_aside`` takes the invalid author and section
entries out of a settings mapping before it is checked; ``SiteConfig`` keeps them as ``Broken``,
and a page one of them applies to gets no thing (``LayerError``): never the site's or another
author's account instead, because that would send the money to someone else.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from typing import Literal, NamedTuple

from ..errors import ConfigError, Problem
from ..models import ContentItem
from . import checks as options
from .checks import Check

Kind = Literal["author", "section"]
# The keys whose entries are layers of their own, and what one entry is called in messages.
ISOLATED: Mapping[str, Kind] = {"authors": "author", "sections": "section"}


class Broken(NamedTuple):
    """An author or section entry that is not used: its ``problems`` name each bad key, dotted
    as written (``authors.Jane.username``). A NamedTuple, as ``site._Stack``."""

    kind: Kind
    name: str
    problems: tuple[Problem, ...]

    @property
    def label(self) -> str:
        """How messages name it: ``author 'Jane'``, ``section 'blog/*'``."""
        return f"{self.kind} {self.name!r}"

    def __str__(self) -> str:
        return f"{self.label}: " + "; ".join(str(p) for p in self.problems)


def set_aside(
    data: Mapping[str, object], checks: Mapping[str, Check]
) -> tuple[dict[str, object], tuple[Broken, ...]]:
    """``data`` without its invalid author and section entries, and those entries as ``Broken``.

    A value of ``authors`` or ``sections`` that is not a mapping at all stays in: it is the
    site's own problem, and checking ``data`` reports it.
    """
    kept, broken = dict(data), []
    for key, kind in ISOLATED.items():
        entries = data.get(key)
        if not isinstance(entries, Mapping):
            continue
        valid = {}
        for name, value in entries.items():
            try:
                options.validate({key: {name: value}}, {key: checks[key]})
            except ConfigError as error:
                broken.append(Broken(kind, str(name), error.problems))
            else:
                valid[name] = value
        kept[key] = valid
    return kept, tuple(broken)


def broken_for(
    item: ContentItem, broken: Iterable[Broken], authors: Iterable[str]
) -> Broken | None:
    """The first broken layer that applies to ``item``: a section rule it matches, or its author
    (the first of ``item.authors`` with an entry, valid or not, as resolution picks it)."""
    broken = tuple(broken)
    if not broken:  # the usual case, on every page of every build: no work at all
        return None
    named = set(authors) | {b.name for b in broken if b.kind == "author"}
    author = next((name for name in item.authors if name in named), None)
    for layer in broken:
        if layer.kind == "author" and layer.name == author:
            return layer
        if layer.kind == "section" and any(
            fnmatch.fnmatchcase(s, layer.name) for s in item.sections
        ):
            return layer
    return None
