"""Things as the API sends and receives them: the wire format and its loose types.

Real Flattr responses were not strict (reference §5.8): ``hidden`` came as ``false`` or
``0``, counts as strings (``"2"``), ids as ints or digit strings. These helpers read
what was sent and write what the docs ask for (tags comma-separated, §1.8.5).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import TransportError
from ..models import Creator, Thing

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def as_int(value: object, field: str) -> int:
    """An int from an int or a digit string; TransportError naming the field otherwise."""
    if isinstance(value, bool):
        raise TransportError(f"field {field!r}: expected an integer, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise TransportError(f"field {field!r}: expected an integer, got {value!r}")


def as_bool(value: object, field: str) -> bool:
    """A bool from ``true``/``false``, ``0``/``1`` or their string forms."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise TransportError(f"field {field!r}: expected a boolean, got {value!r}")


def _tags(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(tag.strip() for tag in value.split(",") if tag.strip())
    if isinstance(value, list):
        return tuple(str(tag) for tag in value)
    if value is None:
        return ()
    raise TransportError(f"field 'tags': expected a list or a string, got {value!r}")


def thing_payload(thing: Thing, *, with_url: bool = True) -> dict[str, Any]:
    """The JSON body for create (``with_url``) or update (the url is fixed once created)."""
    fields: dict[str, Any] = {
        "title": thing.title,
        "description": thing.description,
        "category": thing.category,
        "language": thing.language,
        "tags": ",".join(thing.tags),
        "hidden": thing.hidden,
    }
    return {"url": thing.url, **fields} if with_url else fields


def thing_from_json(data: Mapping[str, Any]) -> Thing:
    """A ``Thing`` from an API thing object, tolerant of the loose types real servers sent."""
    owner = data.get("owner")
    username = str(owner.get("username", "")) if isinstance(owner, Mapping) else ""
    return Thing(
        url=str(data.get("url", "")),
        title=str(data.get("title") or ""),
        description=str(data.get("description") or ""),
        owner=Creator(username),
        category=str(data.get("category") or "rest"),
        language=str(data.get("language") or "en_GB"),
        tags=_tags(data.get("tags")),
        hidden=as_bool(data.get("hidden", False), "hidden"),
    )
