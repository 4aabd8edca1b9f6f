"""Option checks: each turns a raw setting into its typed value or raises ``Invalid``.

``validate`` runs a mapping of checks over a mapping of settings and raises one
``ConfigError`` listing every problem (key, value, what is allowed); nested mappings
(sections, authors) report dotted keys. ``config`` builds the site settings from these.

Booleans are ``vocab.boolean``'s: real booleans, 0/1, and (case-insensitively) the strings
true/false, yes/no, on/off, 1/0, because Pelican metadata and query strings only carry strings.
Base URLs must be https, except on a loopback host (127.0.0.1, localhost, ::1): the
token and OAuth codes travel to them, and plain http is only safe for the local sandbox.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from .. import links, text, vocab
from ..errors import ConfigError, ContentError, Invalid, Problem
from ..models import Secret

USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
FLATTR_ID = re.compile(r"[a-z0-9]{6}")
Check = Callable[[object], object]


def string(value: object, allowed: str) -> str:
    if not isinstance(value, str):
        raise Invalid(allowed)
    return value.strip()


def choice(options: Iterable[str]) -> Check:
    allowed = tuple(options)

    def check(value: object) -> str:
        word = string(value, "one of " + ", ".join(allowed)).lower()
        if word not in allowed:
            raise Invalid("one of " + ", ".join(allowed))
        return word

    return check


def pattern(regex: re.Pattern[str], allowed: str) -> Check:
    def check(value: object) -> str:
        word = string(value, allowed)
        if not regex.fullmatch(word):
            raise Invalid(allowed)
        return word

    return check


def boolean(value: object) -> bool:
    switch = vocab.boolean(value)
    if switch is None:
        raise Invalid("true or false (also yes/no, on/off, 1/0)")
    return switch


def language(value: object) -> str:
    allowed = "one of Flattr's 44 language ids (en_GB, de_DE, ...) or a locale that maps to one"
    found = vocab.language_for_locale(string(value, allowed))
    if found is None:
        raise Invalid(allowed)
    return found


def tags(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or (
        isinstance(value, list | tuple) and all(isinstance(tag, str) for tag in value)
    ):
        return text.clean_tags(value)
    raise Invalid("a list of tags or a comma-separated string")


def plain_text(value: object) -> str:
    return string(value, "a string")


def globs(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and all(isinstance(glob, str) for glob in value):
        return tuple(value)
    raise Invalid("a glob or a list of globs")


def endpoint(value: object) -> str:
    allowed = "an absolute https URL (http only on 127.0.0.1, localhost or ::1)"
    try:
        url = links.check_url(string(value, allowed), "url")
    except ContentError:
        raise Invalid(allowed) from None
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        raise Invalid(allowed + " without a query or fragment")
    if not links.is_https_or_loopback(url):
        raise Invalid(allowed)
    return url.rstrip("/")


def token(value: object) -> Secret | None:
    if isinstance(value, Secret):
        return value
    return Secret(string(value, "a string")) if str(value).strip() else None


def validate(
    data: object, checks: Mapping[str, Check], ignored: Iterable[str] = ()
) -> dict[str, Any]:
    """Every value checked; raises one ConfigError with every problem (keys relative to data)."""
    if not isinstance(data, Mapping):
        raise ConfigError([Problem("", _shown("", data), "a mapping of options")])
    values: dict[str, Any] = {}  # each check returns its own type
    problems: list[Problem] = []
    for key, value in data.items():
        check = checks.get(str(key))
        if check is None and str(key) not in ignored:
            problems.append(Problem(str(key), Withheld(value), known_option(str(key), checks)))
        elif check is not None and value is not None:
            try:
                values[str(key)] = check(value)
            except Invalid as bad:
                problems.append(Problem(str(key), _shown(str(key), value), bad.allowed))
            except ConfigError as nested:
                problems.extend(_nest(str(key), p) for p in nested.problems)
    if problems:
        raise ConfigError(problems)
    return values


def known_option(key: str, known: Iterable[str]) -> str:
    """What an unknown key should have been: the closest known one first (``usrname``: did you
    mean ``username``?), then all of them."""
    import difflib  # here: only a misspelt key needs it, and a build pays 1 ms to import it

    names = sorted(known)
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"a known option{hint}: {', '.join(names)}"


class Withheld:
    """Stands in for a value that a message must not show: the value of a token, and of any
    unknown key, which may be a misspelt one (``tocken``, ``bearer``, ``access``)."""

    __slots__ = ("kind",)

    def __init__(self, value: object) -> None:
        self.kind = type(value).__name__

    def __repr__(self) -> str:
        return f"<a {self.kind}, not shown>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Withheld) and other.kind == self.kind

    def __hash__(self) -> int:
        return hash(("Withheld", self.kind))


def _shown(key: str, value: object) -> object:
    """What a problem may show of a known key's value: never the text of a token."""
    secret = any(word in key.lower() for word in ("tok", "secret", "pass", "key"))
    return Withheld(value) if secret else value


def _nest(prefix: str, problem: Problem) -> Problem:
    key = f"{prefix}.{problem.key}" if problem.key else prefix
    return Problem(key, problem.value, problem.allowed)
