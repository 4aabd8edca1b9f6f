"""A repository's FUNDING.yml, read without PyYAML: the flat subset GitHub documents.

Accepted: blank lines, comments, a first ``---``; ``key: value`` lines whose value is empty
or ``~``/``null`` (not set), a plain, 'single' or "double" quoted scalar, a one-line flow
list ``[a, 'b']``, or ``- item`` lines under ``key:``. Refused, with the file and line:
nested mappings, anchors, aliases, tags, block scalars, multi-line flow lists, tabs, repeated
keys and unknown keys (named without their value). FUNDING.yml never needs more, and a
lenient guess could send readers to the wrong account. Values are then checked as the
``funding`` setting's are; FUNDING.yml keys without a button here (``tidelift``,
``community_bridge``, ``issuehunt``, ``lfx_crowdfunding``) are listed in ``ignored``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, Problem
from .config import provider_accounts
from .scalars import Scalar, Unparsable, flow_list, plain_or_quoted
from .table import PROVIDERS
from .values import Account, FundingLayer

UNSUPPORTED_KEYS = ("tidelift", "community_bridge", "issuehunt", "lfx_crowdfunding")
FUNDING_YML_KEYS = (
    *(key for key, entry in PROVIDERS.items() if entry.in_funding_yml),
    *UNSUPPORTED_KEYS,
)
MAX_BYTES = 64 * 1024  # GitHub's own files are a few hundred bytes
_KEY_LINE = re.compile(r"(?P<key>[^\s:#'\"\[\]{}-][^\s:]*)[ ]*:(?:[ ]+(?P<rest>.*))?$")
_ITEM_LINE = re.compile(r"-(?:[ ]+(?P<rest>.*))?$")


@dataclass(frozen=True)
class FundingFile:
    """What a FUNDING.yml gives: the layer it sets, and its keys that have no button here."""

    layer: FundingLayer
    ignored: tuple[str, ...] = ()


def read(path: Path) -> FundingFile:
    """Read and check ``path``; ConfigError (source: the file) names each problem."""
    try:
        size = path.stat().st_size
        data = path.read_bytes() if size <= MAX_BYTES else b""
    except OSError as error:
        raise _file_problem(path, f"a readable FUNDING.yml file ({error.strerror})") from None
    if size > MAX_BYTES:
        raise _file_problem(path, f"a FUNDING.yml of at most {MAX_BYTES} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _file_problem(path, "a UTF-8 text file") from None
    return parse(text, str(path))


def read_layer(path: Path) -> FundingLayer:
    """``read(path).layer``: the form the ``funding`` setting's path value needs."""
    return read(path).layer


def _file_problem(path: Path, allowed: str) -> ConfigError:
    return ConfigError([Problem("funding", str(path), allowed)], str(path))


def parse(text: str, source: str = "FUNDING.yml") -> FundingFile:
    """The FUNDING.yml in ``text``; ConfigError with ``source`` and every problem."""
    reader = _Reader()
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), 1):
        reader.line(number, line)
    accounts: list[tuple[str, tuple[Account, ...]]] = []
    for key, value in reader.values.items():
        where = f"{key} (line {reader.lines[key]})"
        if key not in FUNDING_YML_KEYS:
            allowed = "a FUNDING.yml key: " + ", ".join(FUNDING_YML_KEYS)
            reader.problems.append(Problem(where, f"<{type(value).__name__}>", allowed))
        elif key in PROVIDERS and value is not None:
            try:
                accounts.append((key, provider_accounts(PROVIDERS[key], value)))
            except ConfigError as bad:
                reader.problems.extend(_at_line(p, reader.lines[key]) for p in bad.problems)
    if reader.problems:
        raise ConfigError(reader.problems, source)
    ignored = tuple(k for k, v in reader.values.items() if k in UNSUPPORTED_KEYS and v is not None)
    return FundingFile(FundingLayer(tuple(accounts)), ignored)


def _at_line(problem: Problem, number: int) -> Problem:
    return Problem(f"{problem.key} (line {number})", problem.value, problem.allowed)


class _Reader:
    """Reads lines one at a time: ``values`` (key -> scalar or list), ``lines``, ``problems``."""

    def __init__(self) -> None:
        self.values: dict[str, Scalar | list[Scalar]] = {}
        self.lines: dict[str, int] = {}
        self.problems: list[Problem] = []
        self.open_key: str | None = None  # a ``key:`` with no value takes ``- item`` lines
        self.started = False

    def line(self, number: int, line: str) -> None:
        body = line.lstrip(" ")
        key_line = _KEY_LINE.match(line)
        if body.startswith("\t"):
            self._refuse(number, line, "lines indented with spaces (YAML has no tabs)")
        elif not body or body.startswith("#"):
            return
        elif body.rstrip() in ("---", "..."):
            self._document_marker(number, body.rstrip())
        elif item := _ITEM_LINE.match(body):
            self._item(number, line, item.group("rest") or "")
        elif key_line:
            self._key(number, key_line.group("key"), key_line.group("rest") or "")
        else:
            allowed = "key: value, or - item under key: (nested mappings are not FUNDING.yml)"
            self._refuse(number, line, allowed)

    def _document_marker(self, number: int, marker: str) -> None:
        if marker == "---" and not self.started:
            self.started = True
        else:
            self._refuse(number, marker, "one YAML document (--- only before the first key)")

    def _key(self, number: int, key: str, rest: str) -> None:
        self.started, self.open_key = True, None
        if key in self.values:
            self._refuse(number, key, f"each key once (first on line {self.lines[key]})", key)
            return
        self.lines[key] = number
        try:
            value = flow_list(rest) if rest.startswith("[") else plain_or_quoted(rest)
        except Unparsable as bad:
            self._refuse(number, rest, bad.allowed, key)
            value = None
        self.values[key] = value
        bare = not rest.strip() or rest.lstrip().startswith("#")
        self.open_key = key if bare else None

    def _item(self, number: int, line: str, rest: str) -> None:
        key = self.open_key
        if key is None:
            self._refuse(number, line, "a - item line right under its key: line")
            return
        try:
            value = plain_or_quoted(rest)
        except Unparsable as bad:
            self._refuse(number, rest, bad.allowed, key)
            return
        items = self.values.get(key)
        self.values[key] = [*(items if isinstance(items, list) else []), value]

    def _refuse(self, number: int, text: str, allowed: str, key: str | None = None) -> None:
        """A problem at ``line N``; the text is shown only on a known key's line."""
        shown = text.strip() if key in FUNDING_YML_KEYS else "<text>"
        self.problems.append(Problem(f"line {number}", shown, allowed))
