"""The one exception tree of flattr_core.

    FlattrError
    ├── ConfigError          bad settings; lists every problem (key, value, what is allowed)
    │   └── LayerError       a page gets no thing: an author or section it uses is invalid
    ├── ContentError         a content item that cannot become a thing (e.g. a non-http(s) URL)
    ├── AuthError            no token, a rejected token, or a failed OAuth exchange
    ├── APIError             the API answered with an error (status, code, description, body)
    │   └── RateLimitError   403 rate_limit_exceeded, or the governor refused to spend the quota
    ├── TransportError       no answer: connection refused, timeout, TLS failure, malformed body
    └── StoreError           the thing store cannot be read or written

Adapters catch ``FlattrError`` and translate it once, at their edge. No message
ever carries a token: callers pass tokens only to ``client.FlattrClient``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class FlattrError(Exception):
    """Base class of every error raised by flattr_core."""


@dataclass(frozen=True)
class Problem:
    """One invalid setting: where it is, what it was, and what would have been accepted."""

    key: str
    value: object
    allowed: str

    def __str__(self) -> str:
        return f"{self.key}: {self.value!r} is not allowed; expected {self.allowed}"


class ConfigError(FlattrError, ValueError):
    """Settings that cannot be used. ``problems`` lists all of them, not just the first."""

    def __init__(self, problems: Sequence[Problem], source: str = "") -> None:
        self.problems = tuple(problems)
        self.source = source
        where = f" in {source}" if source else ""
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"Flattr configuration{where} has {count} {noun}:\n{lines}")


class LayerError(ConfigError):
    """A page gets no thing because an author or section that applies to it has invalid settings.

    ``layer`` names that author or section (``author 'Jane'``), so that a host reports each
    broken layer once, however many pages it applies to; ``source`` is the page's URL.
    """

    def __init__(self, layer: str, problems: Sequence[Problem], source: str) -> None:
        super().__init__(problems, source)
        self.layer = layer
        lines = "\n".join(f"  - {p}" for p in self.problems)
        self.args = (
            f"no Flattr thing for {source}: {layer} has invalid settings, and no other "
            f"account is used instead:\n{lines}",
        )


class ContentError(FlattrError, ValueError):
    """A content item whose values cannot be used for a thing, button or link."""


class AuthError(FlattrError):
    """Authentication failed or is missing."""


class APIError(FlattrError):
    """The Flattr API answered with an error status."""

    def __init__(self, status: int, code: str, description: str = "", body: str = "") -> None:
        self.status = status
        self.code = code
        self.description = description
        self.body = body
        detail = f": {description}" if description else ""
        super().__init__(f"Flattr API error {status} {code}{detail}")


class RateLimitError(APIError):
    """The hourly quota is spent (or would be); ``reset_at`` is a unix time, when known."""

    def __init__(
        self, description: str = "", reset_at: float | None = None, body: str = ""
    ) -> None:
        super().__init__(403, "rate_limit_exceeded", description, body)
        self.reset_at = reset_at


class TransportError(FlattrError):
    """The API could not be reached or sent something that is not an answer."""


class StoreError(FlattrError):
    """The thing store failed."""
