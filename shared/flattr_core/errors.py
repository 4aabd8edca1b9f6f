"""The one exception tree of flattr_core (and of the tools beside it).

    FlattrError
    ├── ConfigError             bad settings; lists every problem (key, value, what is allowed)
    │   └── LayerError          a page gets no thing: an author or section it uses is invalid
    ├── ContentError            a content item that cannot become a thing (e.g. a non-http(s) URL)
    ├── AuthError               no token, a refused token, or a failed OAuth exchange; ``status``
    │                           is the HTTP status when a server refused (401, 403), else None
    ├── APIError                the API answered with an error (status, code, description, body)
    │   ├── RateLimitError      the hourly quota is spent: 403 rate_limit_exceeded, or a 429
    │   └── ThingExistsError    400: a thing for this URL is registered already
    ├── TransportError          no answer: connection refused, timeout, TLS failure, malformed body
    ├── StoreError              the thing store cannot be read or written
    ├── ForeignThingError       the thing for a URL belongs to another Flattr account
    ├── RegistrationIncomplete  ``strict``: a build's things were not all registered
    └── DemoError               ``flattr demo`` cannot run (a busy port, a failed build)

Adapters catch ``FlattrError`` and translate it once, at their edge. No message
ever carries a token: callers pass tokens only to ``client.FlattrClient``.
``Invalid`` is not part of the tree: a value check raises it, and its caller turns it into
a ``Problem`` of a ``ConfigError`` (it has no key to name).
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


class Invalid(ValueError):
    """Raised by a value check; carries what would have been allowed (the caller adds the key
    and the value, making a ``Problem``)."""

    def __init__(self, allowed: str) -> None:
        super().__init__(allowed)
        self.allowed = allowed


class AuthError(FlattrError):
    """Authentication failed or is missing.

    ``status`` is the HTTP status of the answer that refused (401 from the API, the token
    endpoint's 400, 401 or 403); None for a problem found here (no token, an expired connect).
    """

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


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
    """The hourly quota is spent; ``reset_at`` is a unix time, when known.

    Flattr answers 403 ``rate_limit_exceeded`` (reference §1.4); a proxy in front of an API
    may answer 429 ``too_many_requests``: ``status`` and ``code`` are the ones received.
    """

    def __init__(
        self,
        description: str = "",
        reset_at: float | None = None,
        body: str = "",
        *,
        status: int = 403,
        code: str = "rate_limit_exceeded",
    ) -> None:
        super().__init__(status, code, description, body)
        self.reset_at = reset_at


class ThingExistsError(APIError):
    """``POST /things`` refused a URL that is registered already (400 ``validation``): someone
    created it meanwhile, so a lookup finds it now."""


class TransportError(FlattrError):
    """The API could not be reached or sent something that is not an answer."""


class StoreError(FlattrError):
    """The thing store failed."""


class ForeignThingError(FlattrError):
    """The thing for a page's URL belongs to another Flattr account: never link a page to it."""


class RegistrationIncomplete(FlattrError):
    """A ``strict`` build whose things were not all registered (failed, deferred, or of an
    account without a token), or whose tokens were refused: the message says which and how to
    retry. Without ``strict`` the same outcome is a warning and the build goes on."""


class DemoError(FlattrError):
    """``flattr demo`` cannot run (no examples, a busy port, a failed build); the message says
    why."""
