"""The ``funding`` setting: a mapping of providers, a FUNDING.yml path, or off.

``funding_layer(value)`` checks every key and raises one ``ConfigError`` listing every
problem; keys are relative (``github[1]``, ``patreon.user_id``) so a caller that nests the
mapping (``funding.github[1]``) prefixes them, as ``settings.checks.validate`` does. An
unknown key is named without its value: it may be a misspelt secret.

Values, per provider: a name (or, for ``github``, ``custom`` and ``web_monetization``, a
list of them, or one string of them separated by commas, as Pelican metadata carries
them); ``false``/``no``/``off`` turns the provider off at this layer. Patreon and
Ko-fi also take ``{username: NAME, user_id|widget_id: ID}``, the id their vendor widget needs.
The whole setting ``false``/``no`` turns every provider off (``Funding: no``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path

from .. import vocab
from ..errors import ConfigError, Invalid, Problem
from .table import PROVIDERS, Provider
from .values import Account, FundingLayer

# The switch words of ``vocab.boolean``, without 0/1 as for booleans elsewhere: "0" could be
# an account name.
OFF_WORDS = vocab.FALSE_WORDS
ON_WORDS = vocab.TRUE_WORDS
_SEPARATORS = re.compile(r"\s*,\s*")
ReadFile = Callable[[Path], FundingLayer]


def funding_layer(
    value: object, *, base: Path | None = None, read_file: ReadFile | None = None
) -> FundingLayer:
    """One layer's funding from its raw setting; None: not set at this layer.

    A string that is not a boolean word is a FUNDING.yml path, relative to ``base`` (the
    directory of the config file), read by ``read_file`` (``funding_yml.read_layer``).
    """
    if value is None:
        return FundingLayer()
    if _is_off(value):
        return FundingLayer(all_off=True)
    if isinstance(value, str | Path) and not _is_on(value):
        return _from_file(Path(value), base, read_file)
    if not isinstance(value, Mapping):
        allowed = "a mapping of providers, a FUNDING.yml path, or false to turn all off"
        raise ConfigError([Problem("", value, allowed)])
    return _from_mapping(value)


def _from_file(path: Path, base: Path | None, read_file: ReadFile | None) -> FundingLayer:
    if read_file is None:
        from . import funding_yml  # it checks values with this module: imported when used

        read_file = funding_yml.read_layer
    return read_file(base / path if base is not None and not path.is_absolute() else path)


def _from_mapping(data: Mapping[object, object]) -> FundingLayer:
    accounts: list[tuple[str, tuple[Account, ...]]] = []
    off: set[str] = set()
    problems: list[Problem] = []
    for raw_key, value in data.items():
        key = str(raw_key)
        entry = PROVIDERS.get(key)
        if entry is None:
            allowed = "a provider: " + ", ".join(PROVIDERS)
            problems.append(Problem(key, f"<{type(value).__name__}>", allowed))
        elif _is_off(value):
            off.add(key)
        elif value is not None:
            try:
                accounts.append((key, provider_accounts(entry, value)))
            except ConfigError as nested:
                problems.extend(nested.problems)
    if problems:
        raise ConfigError(problems)
    return FundingLayer(tuple(accounts), frozenset(off))


def layer_mapping(layer: FundingLayer) -> dict[str, object] | bool:
    """The ``funding`` setting that gives ``layer`` back: a FUNDING.yml read once, as a mapping
    a host merges provider by provider under a more specific one of its own (Wagtail's
    ``DEFAULTS`` under each site's). ``False``: the layer turns every provider off."""
    if layer.all_off:
        return False
    mapping: dict[str, object] = dict.fromkeys(sorted(layer.off), "off")
    for key, accounts in layer.accounts:
        entry = PROVIDERS[key]
        values = [_account_value(entry, account) for account in accounts]
        mapping[key] = values[0] if entry.max_accounts == 1 else values
    return mapping


def _account_value(entry: Provider, account: Account) -> object:
    if entry.widget_field is not None and (account.widget_id or _is_switch(account.name)):
        found = {"username": account.name, entry.widget_field: account.widget_id}
        return {key: value for key, value in found.items() if value is not None}
    return account.name


def provider_accounts(entry: Provider, value: object) -> tuple[Account, ...]:
    """The accounts one provider's value names; ConfigError with keys like ``github[1]``."""
    if isinstance(value, Mapping):
        return (_mapping_account(entry, value),)
    items = _items(entry, value)
    if entry.max_accounts is not None and len(items) > entry.max_accounts:
        raise ConfigError([Problem(entry.key, value, _count_allowed(entry))])
    problems: list[Problem] = []
    names: list[str] = []
    for index, item in enumerate(items):
        key = f"{entry.key}[{index}]" if len(items) > 1 else entry.key
        try:
            names.append(entry.check(item))
        except Invalid as bad:
            problems.append(Problem(key, item, bad.allowed))
    if problems:
        raise ConfigError(problems)
    return tuple(Account(entry.key, name) for name in dict.fromkeys(names))


def _items(entry: Provider, value: object) -> list[object]:
    if isinstance(value, list | tuple):
        if entry.max_accounts == 1:
            raise ConfigError([Problem(entry.key, value, _count_allowed(entry))])
        return list(value) or [None]
    if isinstance(value, str) and entry.max_accounts != 1:
        return [part for part in _SEPARATORS.split(value.strip()) if part] or [value]
    return [value]


def _count_allowed(entry: Provider) -> str:
    if entry.max_accounts == 1:
        return f"a single value: {entry.allowed}"
    return f"up to {entry.max_accounts} values, each {entry.allowed}"


def _mapping_account(entry: Provider, data: Mapping[object, object]) -> Account:
    """``{username: NAME, user_id: ID}`` (Patreon) or ``{username, widget_id}`` (Ko-fi)."""
    if entry.widget_field is None or entry.widget_check is None:
        raise ConfigError([Problem(entry.key, data, entry.allowed)])
    fields: dict[str, Callable[[object], str]] = {
        "username": entry.check,
        entry.widget_field: entry.widget_check,
    }
    values: dict[str, str] = {}
    problems: list[Problem] = []
    for raw_key, value in data.items():
        key, check = str(raw_key), fields.get(str(raw_key))
        if check is None:
            allowed = "one of " + ", ".join(fields)
            problems.append(Problem(f"{entry.key}.{key}", f"<{type(value).__name__}>", allowed))
            continue
        try:
            values[key] = check(value)
        except Invalid as bad:
            problems.append(Problem(f"{entry.key}.{key}", value, bad.allowed))
    if "username" not in values and not problems:
        problems.append(Problem(f"{entry.key}.username", None, entry.allowed))
    if problems:
        raise ConfigError(problems)
    return Account(entry.key, values["username"], values.get(entry.widget_field))


def _is_off(value: object) -> bool:
    return vocab.boolean(value, numbers=False) is False


def _is_on(value: object) -> bool:
    return vocab.boolean(value, numbers=False) is True


def _is_switch(name: str) -> bool:
    return _is_off(name) or _is_on(name)
