"""Validation of thing parameters (create and update), with messages naming field and value.

Every problem is a 400 ``validation`` failure whose description says which field, what value
it had and what is allowed. Limits follow the reference: title 5-100 and description 5-1000
characters when given (documented for buttons; the sandbox enforces them for the API too).
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Callable, Mapping
from urllib.parse import SplitResult, urlsplit

from flattr_core import vocab

from .protocol import Failure

TRUE = frozenset({"true", "1", "yes", "on"})
FALSE = frozenset({"false", "0", "no", "off", ""})
LIMITS = {"title": (5, 100), "description": (5, 1000)}
MAX_URL = 2048
API_DEFAULT_CATEGORY = "rest"  # the API's default (reference §1.8.5), not the core's
UNSAFE_IN_URL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")  # as the core's links.check_url
CREDENTIALS = re.compile(r"^([^:/?#]*://)[^/?#]*@")  # never echo a password back
SHORT = reprlib.Repr()
SHORT.maxlevel, SHORT.maxstring, SHORT.maxother = 3, 120, 120


def shorten(value: object) -> str:
    """``repr`` of a sent value, cut to 120 characters; nesting is cut too (a 100k-deep list)."""
    text = repr(value) if isinstance(value, str) else SHORT.repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def invalid(field: str, value: object, allowed: str) -> Failure:
    return Failure(400, "validation", f"Invalid {field}: {shorten(value)}; expected {allowed}")


def url_parts(value: str) -> SplitResult | None:
    """The parts of an absolute http(s) URL with a host; None also when it cannot be split."""
    try:
        parts = urlsplit(value)  # raises on a bad IPv6 host such as "http://[::1/"
    except ValueError:
        return None
    return parts if parts.scheme in ("http", "https") and parts.hostname else None


def is_http_url(value: str) -> bool:
    return url_parts(value) is not None


def has_port_in_range(parts: SplitResult) -> bool:
    try:
        port = parts.port  # raises for "99999" or "http"
    except ValueError:
        return False
    return port is None or 1 <= port <= 65535


def url_problem(value: str) -> str | None:
    """What a thing's URL must be, when it is not."""
    parts = url_parts(value)
    if parts is None:
        return "an absolute http(s) URL with a host"
    if len(value) > MAX_URL:
        return f"a URL of at most {MAX_URL} characters"
    if UNSAFE_IN_URL.search(value):  # urlsplit drops CR/LF silently; stored, they split lines
        return "a URL without spaces or control characters (percent-encode them)"
    if "@" in parts.netloc:
        return "a URL without a user name or password before the host"
    if not has_port_in_range(parts):
        return "a URL whose port is a number from 1 to 65535"
    return None


def check_url(value: object) -> str:
    if not isinstance(value, str):
        raise invalid("url", value, "an absolute http(s) URL")
    if problem := url_problem(value):
        raise invalid("url", CREDENTIALS.sub(r"\1***@", value), problem)
    return value


def check_text(field: str) -> Callable[[object], str]:
    low, high = LIMITS[field]

    def check(value: object) -> str:
        if not isinstance(value, str) or not (value == "" or low <= len(value.strip()) <= high):
            raise invalid(field, value, f"a string of {low} to {high} characters")
        return value.strip()

    return check


def check_category(value: object) -> str:
    if not isinstance(value, str) or not vocab.is_category(value):
        raise invalid("category", value, "one of " + ", ".join(vocab.CATEGORIES))
    return value


def check_language(value: object) -> str:
    if not isinstance(value, str) or not vocab.is_language(value):
        raise invalid("language", value, "one of the 44 language ids, e.g. en_GB, de_DE, sv_SE")
    return value


def check_tags(value: object) -> tuple[str, ...]:
    """Tags come comma-separated (``"a,b"``); a JSON list is accepted too. Trimmed, no empties."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        value = ",".join(value)
    if not isinstance(value, str):
        raise invalid("tags", value, 'a comma-separated string such as "a,b,c"')
    return tuple(tag.strip() for tag in value.split(",") if tag.strip())


def parse_hidden(value: object) -> bool:
    """``true/false/1/0`` in any case, as a JSON bool, number or string (reference §1.12)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    text = value.strip().lower() if isinstance(value, str) else None
    if text in TRUE or text in FALSE:
        return text in TRUE
    raise invalid("hidden", value, "true, false, 1 or 0")


CHECKS: Mapping[str, Callable[[object], object]] = {
    "title": check_text("title"),
    "description": check_text("description"),
    "category": check_category,
    "language": check_language,
    "tags": check_tags,
    "hidden": parse_hidden,
}


def thing_fields(body: Mapping[str, object], *, creating: bool) -> dict[str, object]:
    """The validated thing fields present in ``body`` (defaults added when ``creating``)."""
    fields = {name: check(body[name]) for name, check in CHECKS.items() if name in body}
    if creating:
        fields["url"] = check_url(body.get("url"))
        fields.setdefault("category", API_DEFAULT_CATEGORY)
        fields.setdefault("language", vocab.DEFAULT_LANGUAGE)
    return fields
