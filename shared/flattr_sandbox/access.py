"""Who may do what: tokens, scopes, ownership, hidden things, and list paging."""

from __future__ import annotations

import re

from .protocol import Failure, Request
from .state import Grant, ThingRow

DEFAULT_COUNT = 30
DIGITS = re.compile(r"[0-9]{1,18}")


def require(
    request: Request, scope: str | None = None, *, code: str = "insufficient_scope"
) -> Grant:
    """The request's grant; 401 without a token, 403 ``code`` when it lacks ``scope``."""
    grant = request.grant
    if grant is None:
        raise Failure(401, "unauthorized")
    if scope and scope not in grant.scopes:
        raise Failure(403, code, f"The token needs the {scope!r} scope")
    return grant


def is_owner(grant: Grant | None, row: ThingRow) -> bool:
    return grant is not None and grant.user.key == row.owner.lower()


def can_see(grant: Grant | None, row: ThingRow) -> bool:
    """Hidden things show only to their owner and to tokens with ``extendedread``."""
    return (
        not row.hidden
        or is_owner(grant, row)
        or (grant is not None and "extendedread" in grant.scopes)
    )


def positive(request: Request, name: str, default: int) -> int:
    """A positive integer parameter: ASCII digits (``str.isdigit`` takes "²"), at most 18."""
    raw = request.arg(name)
    if raw is None or raw == "":
        return default
    if not DIGITS.fullmatch(raw) or int(raw) < 1:
        shown = repr(raw) if len(raw) <= 40 else repr(raw[:40]) + "..."
        expected = "a positive integer of at most 18 digits"
        raise Failure(400, "invalid_parameters", f"{name}: {shown}; expected {expected}")
    return int(raw)


def page(request: Request, rows: list[ThingRow]) -> list[ThingRow]:
    """One page of ``rows`` by ``count`` (default 30) and 1-based ``page``."""
    count = positive(request, "count", DEFAULT_COUNT)
    start = (positive(request, "page", 1) - 1) * count
    return rows[start : start + count]


def wants_full(request: Request) -> bool:
    """``full`` is a presence flag: ``?full``, ``full=1`` and ``full=full`` all turn it on."""
    return request.has_arg("full") and (request.arg("full") or "").lower() not in ("0", "false")
