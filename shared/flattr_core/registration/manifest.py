"""The manifest: a built site's things as JSON, so ``flattr sync`` can register them later.

Static adapters write it at the end of every build (``build.register_build``); it holds
the endpoints, the creators and every thing's fields, and never a token. Reading it checks
every field and reports all problems at once, each naming the file and the field.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .. import links
from ..errors import ConfigError, ContentError, Invalid, Problem
from ..models import Creator, Endpoints, Thing
from ..settings import checks as options
from ..vocab import CATEGORIES, LANGUAGES

VERSION = 1
FILENAME = "flattr-manifest.json"
# One encoder for every line: ``json.dumps`` with any option but the defaults makes a new one
# on each call, a fifth of a thing's line.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _thing_json(thing: Thing) -> dict[str, Any]:
    return {
        "url": thing.url,
        "title": thing.title,
        "description": thing.description,
        "owner": {"username": thing.owner.username, "flattr_id": thing.owner.flattr_id},
        "category": thing.category,
        "language": thing.language,
        "tags": list(thing.tags),
        "hidden": thing.hidden,
    }


def write_manifest(
    path: str | os.PathLike[str], endpoints: Endpoints, things: Iterable[Thing]
) -> Path:
    """Write the manifest atomically (a temporary file renamed over the old one)."""
    things = list(things)
    document = {
        "version": VERSION,
        "endpoints": {"api_url": endpoints.api_url, "web_url": endpoints.web_url},
        "creators": sorted({t.owner.username for t in things}),
        "things": [_thing_json(t) for t in things],
    }
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".flattr-manifest.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(_manifest_text(document))
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


def _manifest_text(document: dict[str, object]) -> str:
    """The manifest's JSON, a thing a line. Every build writes it, and ``json`` encodes in C
    only without indentation: each line is encoded so."""
    header = {key: value for key, value in document.items() if key != "things"}
    things = document["things"]
    assert isinstance(things, list)
    lines = ",\n".join(map(_ENCODER.encode, things))
    return f'{_ENCODER.encode(header)[:-1]}, "things": [\n{lines}\n]}}\n'


def read_manifest(path: str | os.PathLike[str]) -> tuple[Endpoints, list[Thing]]:
    """The endpoints and things of a manifest; ConfigError listing every bad field."""
    source = str(path)
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(
            [Problem("(file)", source, f"a readable file ({exc.strerror})")], source
        ) from None
    except ValueError as exc:
        raise ConfigError([Problem("(file)", source, f"a JSON document ({exc})")], source) from None
    reader = _Reader()
    endpoints, things = reader.document(document)
    if reader.problems:
        raise ConfigError(reader.problems, source)
    return endpoints, things


class _Reader:
    """Collects every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def document(self, data: object) -> tuple[Endpoints, list[Thing]]:
        if not isinstance(data, Mapping):
            self.problems.append(Problem("(document)", type(data).__name__, "a JSON object"))
            return Endpoints(), []
        if data.get("version") != VERSION:
            self.problems.append(Problem("version", data.get("version"), f"{VERSION}"))
        endpoints = self.endpoints(data.get("endpoints", {}))
        raw = data.get("things")
        if not isinstance(raw, list):
            self.problems.append(Problem("things", raw, "a list of things"))
            return endpoints, []
        things = {f"things[{i}]": self.thing(f"things[{i}]", item) for i, item in enumerate(raw)}
        self.duplicates(things)
        return endpoints, [t for t in things.values() if t is not None]

    def endpoints(self, data: object) -> Endpoints:
        if not isinstance(data, Mapping):
            self.problems.append(Problem("endpoints", data, "an object with api_url and web_url"))
            return Endpoints()
        default = Endpoints()
        api = self.endpoint("endpoints.api_url", data.get("api_url", default.api_url))
        web = self.endpoint("endpoints.web_url", data.get("web_url", default.web_url))
        return Endpoints(api_url=api, web_url=web)

    def endpoint(self, key: str, value: object) -> str:
        """A base URL the token may travel to: https, or http on loopback only."""
        try:
            return options.endpoint(value)
        except Invalid as exc:
            self.problems.append(Problem(key, value, exc.allowed))
            return ""

    def url(self, key: str, value: object) -> str:
        try:
            return links.check_url(value, key)
        except ContentError:
            self.problems.append(Problem(key, value, "an absolute http:// or https:// URL"))
            return ""

    def text(self, key: str, value: object) -> str:
        if isinstance(value, str):
            return value
        self.problems.append(Problem(key, value, "a string"))
        return ""

    def choice(self, key: str, value: object, allowed: Mapping[str, str]) -> str:
        if isinstance(value, str) and value in allowed:
            return value
        self.problems.append(Problem(key, value, "one of " + ", ".join(sorted(allowed))))
        return ""

    def owner(self, key: str, value: object) -> Creator:
        if (
            isinstance(value, Mapping)
            and isinstance(value.get("username"), str)
            and value["username"]
        ):
            flattr_id = value.get("flattr_id")
            return Creator(value["username"], flattr_id if isinstance(flattr_id, str) else None)
        self.problems.append(Problem(key, value, 'an object with a non-empty "username"'))
        return Creator("")

    def thing(self, key: str, data: object) -> Thing | None:
        if not isinstance(data, Mapping):
            self.problems.append(Problem(key, data, "an object"))
            return None
        tags = data.get("tags", [])
        if not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
            self.problems.append(Problem(f"{key}.tags", tags, "a list of strings"))
            tags = []
        hidden = data.get("hidden", False)
        if not isinstance(hidden, bool):
            self.problems.append(Problem(f"{key}.hidden", hidden, "true or false"))
        return Thing(
            url=self.url(f"{key}.url", data.get("url")),
            title=self.text(f"{key}.title", data.get("title")),
            description=self.text(f"{key}.description", data.get("description", "")),
            owner=self.owner(f"{key}.owner", data.get("owner")),
            category=self.choice(f"{key}.category", data.get("category", "text"), CATEGORIES),
            language=self.choice(f"{key}.language", data.get("language", "en_GB"), LANGUAGES),
            tags=tuple(tags),
            hidden=hidden is True,
        )

    def duplicates(self, things: Mapping[str, Thing | None]) -> None:
        seen: set[str] = set()
        for key, thing in things.items():
            if thing is None or not thing.url:
                continue
            if thing.url in seen:
                self.problems.append(Problem(f"{key}.url", thing.url, "a URL used only once"))
            seen.add(thing.url)
