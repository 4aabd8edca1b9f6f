"""Flattr's URL formats: auto-submit, thing page, profile, JavaScript loader; URL checks.

Every query value is percent-encoded as ``quote(value, safe="")`` does (spaces as ``%20``,
``+`` as ``%2B``), so ``urllib.parse.parse_qsl`` gives back exactly the values put in
(reference §2.6, §5.3). Nothing here touches the network.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from itertools import accumulate
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from . import text
from .errors import ContentError
from .models import Endpoints, Thing

# Keep auto-submit URLs short enough for every browser and server (reference §2.6).
MAX_URL_LENGTH = 2000


class _Quoted(dict[int, str]):
    """``str.translate`` table: a character's code -> its ``quote(char, safe="")``.

    Filled on first sight of each character (a site uses few), then read in C: a value's
    encoding costs no Python call per character. Bounded, so arbitrary text cannot grow it
    without end; a character past the bound is encoded again each time, the same way.
    """

    LIMIT = 4096

    def __missing__(self, code: int) -> str:
        encoded = quote(chr(code), safe="")  # a lone surrogate raises as quote() would
        if len(self) < self.LIMIT:
            self[code] = encoded
        return encoded


_QUOTED = _Quoted()
# What quote(safe="") encodes, but the space: a description's spaces are most of it.
_UNSAFE_BUT_SPACE = re.compile(r"[^A-Za-z0-9_.~ -]")
_FEW = 16  # distinct characters to encode, beyond which one pass over the table is quicker


def quote_value(value: str) -> str:
    """``urllib.parse.quote(value, safe="")``, the same string, without its per-call and
    per-character Python overhead: each thing's query encodes several values, on every page.

    Most values (titles, descriptions, URLs) need few distinct characters encoded: each is
    replaced in one pass in C, ``%`` first (so no ``%`` written is encoded again; the rest
    write only ``%``, digits and capitals). Many distinct ones: one ``str.translate``.
    """
    text = str(value)
    others = set(_UNSAFE_BUT_SPACE.findall(text))
    if len(others) > _FEW:
        return text.translate(_QUOTED)
    if "%" in others:
        text = text.replace("%", "%25")
        others.discard("%")
    text = text.replace(" ", "%20")
    for char in others:
        text = text.replace(char, _QUOTED[ord(char)])
    return text


_ELLIPSIS_ENCODED = len(quote_value(text.ELLIPSIS))
_COMMA_ENCODED = len(quote_value(","))
# Where plain http is safe: this machine (the local sandbox, a site being previewed).
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# Whitespace (str.isspace, as \s is) and the categories Cc and Cs.
_UNSAFE_CHARS = re.compile(r"[\s\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def is_https_or_loopback(url: str) -> bool:
    """True for https, and for plain http to a loopback host only: what is sent there cannot be
    read on the way. The one rule for every URL a token, an OAuth code or a reader goes to."""
    parts = urlsplit(url)
    return parts.scheme.lower() == "https" or (
        parts.scheme.lower() == "http" and parts.hostname in LOOPBACK_HOSTS
    )


def check_url(url: object, field: str) -> str:
    """``url`` itself when it is an absolute http(s) URL; else ContentError naming ``field``.

    Refused: other schemes (``javascript:``, ``data:``, ...), relative and scheme-less
    URLs, user names or passwords in the URL, whitespace and control characters.
    """
    if not isinstance(url, str):
        raise ContentError(f"{field}: {url!r} is not a URL; expected an absolute http(s) URL")
    if _PLAIN_URL.fullmatch(url):  # most: every check below passes, without parsing
        return url
    problem = _url_problem(url)
    if problem:
        raise ContentError(f"{field}: {url!r} {problem}; expected an absolute http(s) URL")
    return url


# http(s), an ASCII host name (no credentials, no brackets) and a port that parses, then
# printable ASCII without spaces: what ``_url_problem`` finds nothing wrong with, in one match.
_PLAIN_URL = re.compile(r"(?i:https?)://[A-Za-z0-9.-]++(?::[0-9]{1,4})?+(?:[/?#][!-~]*+)?+")


def _url_problem(url: str) -> str:
    if _UNSAFE_CHARS.search(url):
        return "contains whitespace or control characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a malformed port
    except ValueError as error:
        return f"cannot be parsed ({error})"
    if parts.scheme.lower() not in ("http", "https"):
        return f"has the scheme {parts.scheme!r}" if parts.scheme else "is not absolute"
    if not parts.hostname:
        return "has no host"
    if "@" in parts.netloc:
        return "contains credentials"
    return ""


def auto_submit_params(thing: Thing, budget: int | None = None) -> list[tuple[str, str]]:
    """The query of the auto-submit URL, in the documented order, empty values left out.

    ``fid`` goes beside ``user_id`` when the owner has a 2017-era Flattr id. With a
    ``budget`` (characters of encoded query), the description is cut on a word boundary,
    then dropped, then trailing tags are dropped, until the query fits.
    """
    owner = thing.owner
    params = [
        ("user_id", owner.username),
        ("fid", owner.flattr_id or ""),
        ("url", thing.url),
        ("title", thing.title),
        ("description", thing.description),
        ("language", thing.language),
        ("tags", ",".join(thing.tags)),
        ("hidden", "1" if thing.hidden else ""),
        ("category", thing.category),
    ]
    params = [(key, value) for key, value in params if value]
    return params if budget is None else _fit(params, budget)


def encode_query(params: list[tuple[str, str]]) -> str:
    """``key=value&...`` with every value percent-encoded (``quote(value, safe="")``)."""
    return "&".join(f"{key}={quote_value(value)}" for key, value in params)


def _query_length(encoded: Mapping[str, str]) -> int:
    """The length of ``encode_query`` of these already encoded values."""
    return sum(len(key) + 1 + len(value) for key, value in encoded.items()) + max(
        len(encoded) - 1, 0
    )


def _fit(params: list[tuple[str, str]], budget: int) -> list[tuple[str, str]]:
    """Shorten the description, then drop it and trailing tags, until the query fits.

    Each value is encoded once; lengths are then added up rather than re-encoded.
    """
    encoded = {key: quote_value(value) for key, value in params}
    if _query_length(encoded) <= budget:
        return params
    fitted = dict(params)
    description = fitted.pop("description", "")
    encoded.pop("description", None)
    room = budget - _query_length(encoded) - len("&description=")
    short = _shorten_encoded(description, room)
    if short:
        fitted["description"] = short
        encoded["description"] = quote_value(short)
    _drop_tags(fitted, budget - _query_length(encoded) + len(encoded.get("tags", "")))
    order = [key for key, _ in params]
    kept = [(key, value) for key, value in fitted.items() if value]
    return sorted(kept, key=lambda item: order.index(item[0]))


def _drop_tags(fitted: dict[str, str], room: int) -> None:
    """Drop trailing tags until their encoded, comma-joined form fits ``room``."""
    tags = fitted.get("tags", "").split(",")
    sizes = [len(quote_value(tag)) for tag in tags]
    size = sum(sizes) + _COMMA_ENCODED * (len(sizes) - 1)
    while fitted.get("tags") and size > room:
        tags.pop()
        size -= sizes.pop() + (_COMMA_ENCODED if sizes else 0)
        fitted["tags"] = ",".join(tags)


def _shorten_encoded(description: str, room: int) -> str:
    """The longest word-boundary cut of ``description`` whose encoded form fits ``room``."""
    sizes = list(accumulate(map(_encoded_size, description), initial=0))
    if sizes[-1] <= room:
        return description
    fits = max((n for n, size in enumerate(sizes) if size + _ELLIPSIS_ENCODED <= room), default=0)
    short = text.truncate(description, min(fits + 1, len(description) - 1))
    return short if len(short) >= text.DESCRIPTION_MIN else ""


@lru_cache(maxsize=1024)
def _encoded_size(char: str) -> int:
    return len(quote_value(char))


def auto_submit_url(thing: Thing, endpoints: Endpoints) -> str:
    """The auto-submit URL: opening it shows the thing, or offers to create it on first flattr.

    The description is shortened when needed to keep the URL under ``MAX_URL_LENGTH``.
    Memoized: a build asks for the same thing's URL for its button, head and every feed.
    """
    return _auto_submit_url(thing, endpoints)


# Things and endpoints are frozen, so a URL never goes stale; the bound keeps memory small
# (a few MB) while holding every thing of a site of some thousand pages.
@lru_cache(maxsize=4096)
def _auto_submit_url(thing: Thing, endpoints: Endpoints) -> str:
    base = endpoints.submit_url
    budget = MAX_URL_LENGTH - len(base) - 1
    params = auto_submit_params(thing)
    encoded = {key: quote_value(value) for key, value in params}
    if _query_length(encoded) > budget:  # rare: only then is anything encoded twice
        return f"{base}?{encode_query(_fit(params, budget))}"
    return f"{base}?" + "&".join(f"{key}={value}" for key, value in encoded.items())


def thing_url(thing_id: int, endpoints: Endpoints) -> str:
    """The web page of a registered thing."""
    return f"{endpoints.web_url}/thing/{int(thing_id)}"


def profile_url(username: str, endpoints: Endpoints) -> str:
    """A creator's public profile page."""
    return f"{endpoints.web_url}/profile/{quote_value(username)}"


def loader_url(endpoints: Endpoints, *, mode: str = "manual") -> str:
    """Flattr's load.js; in ``manual`` mode it waits for ``FlattrLoader.setup()``."""
    return f"{endpoints.loader_url}?mode={quote_value(mode)}"


def button_target(thing: Thing, endpoints: Endpoints, thing_id: int | None = None) -> str:
    """Where a button goes: the thing page once registered, else the auto-submit URL."""
    return (
        thing_url(thing_id, endpoints)
        if thing_id is not None
        else auto_submit_url(thing, endpoints)
    )


def below(base: str, path: str) -> str:
    """``path`` under ``base`` as a theme writes ``{{ SITEURL }}/path``: an absolute base
    gives an absolute URL, a relative one (``.``, ``..``: Pelican's ``RELATIVE_URLS``) a
    relative URL, so the plugin's assets load wherever the theme's own do."""
    return f"{base.rstrip('/')}/{path.lstrip('/')}"


def join(base: str, path: str) -> str:
    """``urllib.parse.urljoin(base, path)``, where ``base`` is a directory (ends with ``/``):
    a plain relative path (no scheme, query, fragment, parameters, ``.`` or ``..`` segment or
    empty one) is simply appended, without parsing either (a host asks once for each page)."""
    if _PLAIN_PATH.fullmatch(path) and _plain_base(base):
        return base + path
    return urljoin(base, path)


# Segments of unreserved and sub-delimiter characters (no ";": urljoin splits parameters off),
# none of them "." or "..", none empty but a last one (a trailing "/").
_PLAIN_PATH = re.compile(
    r"(?:(?!\.\.?(?:/|$))[A-Za-z0-9_~!$&'()*+,=@%.-]++/)*+(?!\.\.?$)[A-Za-z0-9_~!$&'()*+,=@%.-]*+"
)


@lru_cache(maxsize=16)  # a site's one or two base URLs
def _plain_base(base: str) -> bool:
    """True when urljoin leaves ``base`` as it is before a plain path: a directory URL with
    no query, fragment or parameters, and no dot or empty segment that joining would remove."""
    parts = urlsplit(base)
    plain = parts.scheme and parts.netloc and not (parts.query or parts.fragment or ";" in base)
    return bool(plain) and base.endswith("/") and urljoin(base, "x") == base + "x"


def without_dot_segments(url: str) -> str:
    """``url`` with ``.`` and ``..`` path segments resolved as a browser follows them
    (RFC 3986 §5.2.4): ``https://a.example/fr/../x.html`` is ``https://a.example/x.html``."""
    # exactly str: a str subclass equal to a cached string is not the same value
    return _without_dot_segments(url) if type(url) is str else _resolve_dot_segments(url)


@lru_cache(maxsize=4096)  # a feed host asks for each item's link in every feed it is in
def _without_dot_segments(url: str) -> str:
    return _resolve_dot_segments(url)


def _resolve_dot_segments(url: str) -> str:
    parts = urlsplit(url)
    if "/." not in parts.path and not parts.path.startswith("."):  # no "." or ".." segment
        return url
    path = urlsplit(urljoin("http://host/", parts.path)).path
    return urlunsplit(parts._replace(path=path))
