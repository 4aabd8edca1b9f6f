"""``GET /things/search`` (reference §1.8.8): filters, the tag expression, sorting, paging."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from flattr_core import vocab

from .access import DEFAULT_COUNT, positive
from .protocol import Failure, Request
from .state import State, ThingRow

Atom = tuple[bool, str]  # (negated, tag)
DAY = 86400
PERIODS = {"flattrs_month": 30 * DAY, "flattrs_week": 7 * DAY, "flattrs_day": DAY, "trend": 7 * DAY}
SORTS = ("relevance", "trend", "flattrs", "flattrs_month", "flattrs_week", "flattrs_day")
TOKENS = re.compile(r"[|&!]|[^\s|&!]+")


@dataclass(frozen=True)
class SearchResult:
    rows: list[ThingRow]
    total: int
    page: int


def parse_tags(expression: str) -> list[list[Atom]]:
    """``a | b ! c`` → ``[[a, b], [not c]]``: clauses ANDed, atoms in a clause ORed.

    ``|`` binds tighter than the AND that ``&`` or a plain space means (Sphinx-style), and ``!``
    negates the next tag.
    """
    clauses: list[list[Atom]] = []
    joined, negated = False, False
    for word in TOKENS.findall(expression):
        if word == "!":
            negated = True
            continue
        if word in "|&":
            joined = word == "|"
            continue
        atom = (negated, word.lower())
        if joined and clauses:
            clauses[-1].append(atom)
        else:
            clauses.append([atom])
        joined, negated = False, False
    return clauses


def tags_match(clauses: list[list[Atom]], tags: tuple[str, ...]) -> bool:
    lowered = {tag.lower() for tag in tags}
    return all(any((tag in lowered) != negated for negated, tag in clause) for clause in clauses)


def relevance(words: list[str], row: ThingRow) -> int:
    text = " ".join((row.title, row.description, row.url, *row.tags)).lower()
    return sum(text.count(word) for word in words)


def id_list(request: Request, name: str, known: Callable[[str], bool]) -> set[str] | None:
    raw = request.arg(name)
    if not raw:
        return None
    ids = {part.strip() for part in raw.split(",") if part.strip()}
    unknown = sorted(value for value in ids if not known(value))
    if unknown:
        raise Failure(400, "invalid_parameters", f"{name}: unknown ids {unknown}")
    return ids


def filters(request: Request) -> list[Callable[[ThingRow], bool]]:
    """One predicate per search parameter given."""
    checks: list[Callable[[ThingRow], bool]] = []
    words = (request.arg("query") or "").lower().split()
    if words:
        checks.append(lambda row: all(relevance([word], row) for word in words))
    if url := request.arg("url"):
        checks.append(lambda row: url.lower() in row.url.lower())
    if tags := request.arg("tags"):
        clauses = parse_tags(tags)
        checks.append(lambda row: tags_match(clauses, row.tags))
    if (languages := id_list(request, "language", vocab.is_language)) is not None:
        checks.append(lambda row: row.language in languages)
    if (categories := id_list(request, "category", vocab.is_category)) is not None:
        checks.append(lambda row: row.category in categories)
    if user := request.arg("user"):
        checks.append(lambda row: row.owner.lower() == user.lower())
    return checks


def sort_key(state: State, request: Request) -> Callable[[ThingRow], tuple[int, int]]:
    sort = request.arg("sort") or "relevance"
    if sort not in SORTS:
        raise Failure(400, "invalid_parameters", f"sort: {sort!r}; expected one of {SORTS}")
    if sort == "flattrs":
        return lambda row: (row.flattrs, row.id)
    if sort in PERIODS:
        since = int(time.time()) - PERIODS[sort]
        return lambda row: (state.flattrs_since(row.id, since), row.id)
    words = (request.arg("query") or "").lower().split()
    return lambda row: (relevance(words, row), row.id)


def search(state: State, request: Request) -> SearchResult:
    """Public things (hidden ones too with ``extendedread``) matching every filter, best first."""
    show_hidden = request.grant is not None and "extendedread" in request.grant.scopes
    checks = filters(request)
    rows = [
        row
        for row in state.things()
        if (show_hidden or not row.hidden) and all(check(row) for check in checks)
    ]
    rows.sort(key=sort_key(state, request), reverse=True)
    count = positive(request, "count", DEFAULT_COUNT)
    page = positive(request, "page", 1)
    return SearchResult(rows[(page - 1) * count : page * count], len(rows), page)
