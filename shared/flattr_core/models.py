"""Plain, frozen data that flows between the adapters and the core.

Adapters build a ``ContentItem`` from their host's page, article or post in one
function; the core resolves it against the site settings into a ``Thing`` (what
Flattr registers) and ``ButtonOptions`` (how the page shows it). Nothing here
knows about a host framework or about HTTP.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, NoReturn

from .lazy import exports

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from .records import Status as Status
    from .records import SyncSummary as SyncSummary
    from .records import ThingRecord as ThingRecord

ButtonStyle = Literal["static", "image", "text", "widget"]
Position = Literal["top", "bottom", "both", "none"]
BUTTON_STYLES: tuple[ButtonStyle, ...] = ("static", "image", "text", "widget")
POSITIONS: tuple[Position, ...] = ("top", "bottom", "both", "none")

_EMPTY: Mapping[str, object] = MappingProxyType({})


class Secret:
    """A token that never shows itself in a repr, a str, a log line, a traceback or a pickle.

    Pickling one raises TypeError: pickles end up in caches, files and other processes, where
    no one expects a token. Pickling it *without* its value would be worse: the copy would look
    like a token that is not set, and registration would quietly stop. Copies (``copy``,
    ``deepcopy``) are the same object, as a Secret never changes.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __bool__(self) -> bool:
        return bool(self._value)

    def __reduce__(self) -> NoReturn:
        raise TypeError(
            "a Secret (a Flattr token) is never pickled; leave it out of what you pickle and "
            "read it again where it came from"
        )

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: object) -> Secret:
        return self


def kept_hash(self: DataclassInstance) -> int:
    """The fields' hash, worked out once, for a frozen dataclass that keys memoized URLs and
    markup (a thing, its owner, the endpoints), looked up several times a page: a dataclass's
    own hash calls back into Python for every field each time. Equal objects have equal
    fields, so equal hashes.

    Kept as an attribute, never through ``__dict__``: asking for that makes each instance a
    dict of its own (its fields are stored inline until then), one more object for the cyclic
    collector to walk on every pass, per article of a site."""
    try:
        known: int = self._hash  # type: ignore[attr-defined]
    except AttributeError:
        known = hash(tuple(getattr(self, f.name) for f in fields(self)))
        object.__setattr__(self, "_hash", known)  # frozen: set past the dataclass's guard
    return known


def without_kept_hash(self: object) -> dict[str, object]:
    """What a pickle or copy keeps: never the kept hash (a str's differs between processes)."""
    return {key: value for key, value in self.__dict__.items() if key != "_hash"}


@dataclass(frozen=True)
class Creator:
    """A Flattr account: the username used in buttons and links, and the 2017-era id."""

    username: str
    flattr_id: str | None = None

    __hash__ = kept_hash
    __getstate__ = without_kept_hash


@dataclass(frozen=True)
class ContentItem:
    """A published piece of content, as an adapter sees it, before any Flattr rule applies.

    ``url`` is the canonical absolute URL exactly as published: it is the thing's identity.
    ``sections`` are what section rules match against (a source path, category names).
    ``overrides`` holds the page's own Flattr settings (front matter, page fields), unvalidated.
    ``site_name`` is the name of the site it is published on (completes a short title).
    """

    url: str
    title: str
    body_html: str = ""
    summary_html: str = ""
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    locale: str | None = None
    sections: tuple[str, ...] = ()
    # default_factory: dataclasses refuse an unhashable default such as a mappingproxy.
    overrides: Mapping[str, object] = field(default_factory=lambda: _EMPTY, hash=False)
    site_name: str = ""


@dataclass(frozen=True)
class Thing:
    """What Flattr registers for one piece of content, with values already valid for the API."""

    url: str
    title: str
    description: str
    owner: Creator
    category: str = "text"
    language: str = "en_GB"
    tags: tuple[str, ...] = ()
    hidden: bool = False

    __hash__ = kept_hash
    __getstate__ = without_kept_hash

    @property
    def fingerprint(self) -> str:
        """A stable digest of the metadata Flattr stores: a change means an update is due.

        The owner is in it, so a thing whose page now names another account is checked again
        (and never stays linked to the old account's thing)."""
        fields = {
            "url": self.url,
            "owner": self.owner.username.lower(),
            "title": self.title,
            "description": self.description,
            "category": self.category,
            "language": self.language,
            "tags": list(self.tags),
            "hidden": self.hidden,
        }
        encoded = json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(encoded).hexdigest()


@dataclass(frozen=True)
class ButtonOptions:
    """How a page shows its button: one of the four styles, and where it goes."""

    style: ButtonStyle = "static"
    position: Position = "bottom"


@dataclass(frozen=True)
class Endpoints:
    """Every Flattr base URL. All are configurable: Flattr closed in 2023, the sandbox stands in."""

    api_url: str = "https://api.flattr.com/rest/v2"
    web_url: str = "https://flattr.com"
    loader_url: str = "https://api.flattr.com/js/0.6/load.js"
    badge_url: str = "https://api.flattr.com/button/flattr-badge-large.png"

    __hash__ = kept_hash
    __getstate__ = without_kept_hash

    @property
    def submit_url(self) -> str:
        return f"{self.web_url}/submit/auto"

    @property
    def authorize_url(self) -> str:
        return f"{self.web_url}/oauth/authorize"

    @property
    def token_url(self) -> str:
        return f"{self.web_url}/oauth/token"


# The store's rows and a sync's summary live in ``records``, loaded on first use: a build that
# registers nothing never creates them (``flattr_core.lazy``). They are still models' names.
_RECORDS = ("Status", "SyncSummary", "ThingRecord")
__getattr__, __dir__ = exports(__name__, {"..records": _RECORDS}, _RECORDS)
