"""One level's settings: a ``Layer`` (site, section, author or page) and the checks that make it.

A page's own mapping, an author's account and a section rule are each checked here into a
``Layer`` whose unset keys are ``None``; ``site.SiteConfig`` stacks them (page → author →
section → site) when it resolves a page. ``page_problems`` and ``author_problems`` let a host
refuse a bad page or account on its form, before it is saved.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .. import vocab
from ..errors import ConfigError, Problem
from ..models import BUTTON_STYLES, POSITIONS, ButtonStyle, Position, kept_hash, without_kept_hash
from ..providers import FundingLayer
from . import checks as options
from . import funding
from .checks import Check


@dataclass(frozen=True)
class Layer:
    """The settings one level (site, section, author or page) sets; ``None`` means not set."""

    enabled: bool | None = None
    username: str | None = None
    flattr_id: str | None = None
    category: str | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()
    hidden: bool | None = None
    title: str | None = None
    description: str | None = None
    button: ButtonStyle | None = None
    position: Position | None = None
    funding: FundingLayer = field(default_factory=FundingLayer)

    # a page's layers key its memoized profile (``things.profile``), looked up on every page
    __hash__ = kept_hash
    __getstate__ = without_kept_hash


LAYER_CHECKS: Mapping[str, Check] = {
    "enabled": options.boolean,
    "username": options.pattern(
        options.USERNAME, "a Flattr username (letters, digits, _ . -; up to 64)"
    ),
    "flattr_id": options.pattern(options.FLATTR_ID, "a Flattr id: 6 lowercase letters or digits"),
    "category": options.choice(vocab.CATEGORIES),
    "language": options.language,
    "tags": options.tags,
    "hidden": options.boolean,
    "title": options.plain_text,
    "description": options.plain_text,
    "button": options.choice(BUTTON_STYLES),
    "position": options.choice(POSITIONS),
    "funding": funding.layer_funding,
}
PAGE_KEYS = tuple(LAYER_CHECKS)
# The page's own mapping may say ``flattr: false`` as well as ``enabled: false``.
PAGE_CHECKS = {**LAYER_CHECKS, "flattr": options.boolean}
_NOTHING_SET = Layer()  # frozen: one for every empty mapping


def layer(data: object, checks: Mapping[str, Check] = LAYER_CHECKS) -> Layer:
    """One level's mapping checked into a ``Layer`` (``flattr`` is ``enabled``'s other name)."""
    if not data and isinstance(data, Mapping):  # most pages set nothing of their own
        return _NOTHING_SET
    values = options.validate(data, checks)
    if "flattr" in values:
        values["enabled"] = values.pop("flattr")
    return dataclasses.replace(Layer(), **values)


def section_rules(value: object) -> tuple[tuple[str, Layer], ...]:
    """``sections``: glob or category name -> a page-level ``Layer``, in the order written."""
    rules = options.validate(value, {str(k): layer for k in _keys(value)})
    return tuple((pattern, rule) for pattern, rule in rules.items() if isinstance(rule, Layer))


_AUTHOR_CHECKS = {k: LAYER_CHECKS[k] for k in ("username", "flattr_id", "funding")} | {
    "token": options.token
}


def author_layer(value: object) -> Layer:
    """One ``authors`` entry: a username, or ``{username, flattr_id, token, funding}``."""
    if isinstance(value, str):
        value = {"username": value}
    values = options.validate(value, _AUTHOR_CHECKS)
    values.pop("token", None)  # the account's token, not a setting: see tokens.author_tokens
    account = dataclasses.replace(Layer(), **values)
    if account.username is None and not account.funding:  # an author may use other providers only
        raise ConfigError([Problem("username", None, "the author's Flattr username")])
    return account


def author_layers(value: object) -> dict[str, Layer]:
    """``authors``: author name (as the host names them) -> that author's ``Layer``."""
    accounts = options.validate(value, {str(k): author_layer for k in _keys(value)})
    return {name: entry for name, entry in accounts.items() if isinstance(entry, Layer)}


def _keys(value: object) -> Iterable[object]:
    return value.keys() if isinstance(value, Mapping) else ()


def page_problems(overrides: Mapping[str, object]) -> tuple[Problem, ...]:
    """The problems of a page's own settings (keys as the page gave them), for a host to show
    on the page's form when it is saved; empty when they are valid."""
    try:
        layer(overrides, PAGE_CHECKS)
    except ConfigError as error:
        return tuple(top_level(error.problems))
    return ()


def author_problems(account: object) -> tuple[Problem, ...]:
    """The problems of one author's account (a username, or ``{username, flattr_id}``), for a
    host to show on the author's form when it is saved; empty when it is valid."""
    try:
        author_layer(account)
    except ConfigError as error:
        return error.problems
    return ()


def top_level(problems: Iterable[Problem]) -> list[Problem]:
    """Name the whole mapping ``flattr`` when it was not a mapping at all."""
    return [p if p.key else Problem("flattr", p.value, p.allowed) for p in problems]
