"""The funding.json v1 rules (floss.fund's funding manifest), as its own validator has them.

Source: floss-fund/go-funding-json ``schemas/v1/schema.go``, ``models.go`` and
``common/validations.go`` (the validator FLOSS/fund's crawler runs; CurrentVersion v1.0.0):
required fields, the enumerations, lengths, ``guid`` and tag patterns, list sizes, unique
guids, plans naming known channels, ISO 4217 currencies from the portal's list, and the
``wellKnown`` provenance rule for URLs on another host. Not checked here: whether an
``spdx:`` licence id is on the SPDX list (its shape is), and what the crawler fetches.
``manifest_problems`` returns every problem, keys dotted from the manifest's root.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from ..errors import Problem
from .funding_vocab import (
    CHANNEL_TYPES,
    CURRENCIES,
    ENTITY_ROLES,
    ENTITY_TYPES,
    PLAN_FREQUENCIES,
    PLAN_STATUSES,
    VERSION,
    WELL_KNOWN_PATH,
)

MAX_URL = 250
MAX_AMOUNT = 1_000_000_000
GUID = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
TAG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
PHONE = re.compile(r"\+?(?:\d+-)*\d+")
EMAIL = re.compile(r"[^@\s<>()\[\]\\,;:\"]+@[^@\s<>()\[\]\\,;:\"]+\.[^@\s<>()\[\]\\,;:\".]+")
LICENSE = re.compile(r"spdx:[A-Za-z0-9.+-]+|[^\s]+")
Check = Callable[[object], str | None]  # None: fine; else what is allowed
# A field: its check (None: an object checked on its own) and whether it is required.
Spec = Mapping[str, tuple[Check | None, bool]]


def text(low: int, high: int, pattern: re.Pattern[str] | None = None, what: str = "") -> Check:
    def check(value: object) -> str | None:
        fits = isinstance(value, str) and low <= len(value) <= high
        if fits and (pattern is None or pattern.fullmatch(str(value))):
            return None
        return f"{what or 'a string'} of {low} to {high} characters"

    return check


def choice(options: tuple[str, ...]) -> Check:
    return lambda value: None if value in options else "one of " + ", ".join(options)


def number(low: float, high: float, *, integer: bool = False) -> Check:
    def check(value: object) -> str | None:
        kinds = (int,) if integer else (int, float)
        if isinstance(value, kinds) and not isinstance(value, bool) and low <= value <= high:
            return None
        return f"{'a whole number' if integer else 'a number'} from {low:g} to {high:g}"

    return check


def email(value: object) -> str | None:
    ok = isinstance(value, str) and 3 <= len(value) <= 250 and EMAIL.fullmatch(value)
    return None if ok else "an e-mail address (up to 250 characters)"


def currency(value: object) -> str | None:
    return None if value in CURRENCIES else "an ISO 4217 currency code such as EUR or USD"


def _version(value: object) -> str | None:
    ok = isinstance(value, str) and value.split(".")[0] == VERSION.split(".")[0]
    return None if ok else f"a v1 version such as {VERSION}"


def manifest_problems(doc: object, manifest_url: str) -> list[Problem]:
    """Every way ``doc`` breaks the v1 rules, for a manifest published at ``manifest_url``."""
    problems: list[Problem] = []
    _object(problems, "", doc, ROOT)
    if not isinstance(doc, Mapping):
        return problems
    _object(problems, "entity", doc.get("entity", {}), ENTITY)
    _list(problems, "projects", doc.get("projects"), (1, 30), PROJECT)
    funding = doc.get("funding", {})
    if _object(problems, "funding", funding, FUNDING) and isinstance(funding, Mapping):
        _funding(problems, funding)
    problems.extend(_urls(doc, manifest_url))
    return problems


def _funding(problems: list[Problem], funding: Mapping[str, object]) -> None:
    channels = funding.get("channels")
    _list(problems, "funding.channels", channels, (1, 10), CHANNEL)
    items = channels if isinstance(channels, list) else []
    known = {item.get("guid") for item in items if isinstance(item, Mapping)}
    plan = {**PLAN, "channels": (_channel_refs(known), True)}
    _list(problems, "funding.plans", funding.get("plans"), (1, 10), plan)
    if "history" in funding:
        _list(problems, "funding.history", funding["history"], (0, 50), HISTORY)


def _channel_refs(known: set[object]) -> Check:
    def check(value: object) -> str | None:
        ok = isinstance(value, list) and all(ref in known for ref in value)
        return None if ok else "a list of guids of funding.channels"

    return check


def _list(
    problems: list[Problem], key: str, value: object, size: tuple[int, int], spec: Spec
) -> None:
    if not isinstance(value, list) or not size[0] <= len(value) <= size[1]:
        problems.append(Problem(key, _shown(value), f"a list of {size[0]} to {size[1]} objects"))
        return
    for index, item in enumerate(value):
        _object(problems, f"{key}[{index}]", item, spec)
    guids = [item.get("guid") for item in value if isinstance(item, Mapping)]
    for guid in sorted({str(g) for g in guids if g is not None and guids.count(g) > 1}):
        problems.append(Problem(f"{key}[].guid", guid, "a guid used once in the list"))


def _object(problems: list[Problem], key: str, value: object, spec: Spec) -> bool:
    """Check each field of ``spec``; unknown fields are named with their values hidden."""
    if not isinstance(value, Mapping):
        problems.append(Problem(key, _shown(value), "a JSON object"))
        return False
    prefix = f"{key}." if key else ""
    for name, (check, required) in spec.items():
        if name not in value:
            if required:
                problems.append(Problem(prefix + name, None, "a value (required)"))
        elif check is not None and (allowed := check(value[name])) is not None:
            problems.append(Problem(prefix + name, _shown(value[name]), allowed))
    for name in sorted(str(name) for name in value if name not in spec):
        problems.append(Problem(prefix + name, "<value>", "a field of funding.json v1"))
    return True


def _urls(doc: Mapping[str, object], manifest_url: str) -> list[Problem]:
    """The entity's and each project's URL objects, with the provenance rule."""
    found: list[tuple[str, object]] = []
    entity = doc.get("entity")
    if isinstance(entity, Mapping) and "webpageUrl" in entity:
        found.append(("entity.webpageUrl", entity["webpageUrl"]))
    projects = doc.get("projects")
    for index, project in enumerate(projects if isinstance(projects, list) else []):
        for name in ("webpageUrl", "repositoryUrl"):
            if isinstance(project, Mapping) and name in project:
                found.append((f"projects[{index}].{name}", project[name]))
    return [p for key, value in found for p in _url_object(key, value, manifest_url)]


def _url_object(key: str, value: object, manifest_url: str) -> list[Problem]:
    """``{url, wellKnown}``: https URLs; ``wellKnown`` where the URL is on another host."""
    if not isinstance(value, Mapping) or not isinstance(value.get("url"), str):
        return [Problem(key, _shown(value), "an object {url, wellKnown}")]
    problems: list[Problem] = []
    _object(problems, key, value, URL)
    url, well_known = str(value["url"]), value.get("wellKnown")
    for name, link in (("url", url), ("wellKnown", well_known)):
        if link is not None and not _is_url(link):
            allowed = f"an https URL of 10 to {MAX_URL} characters"
            problems.append(Problem(f"{key}.{name}", _shown(link), allowed))
    if not problems:
        allowed = provenance(manifest_url, url, well_known if isinstance(well_known, str) else None)
        if allowed:
            problems.append(Problem(f"{key}.wellKnown", well_known, allowed))
    return problems


def provenance(manifest_url: str, url: str, well_known: str | None) -> str:
    """go-funding-json's WellKnownURL: "" when ``url`` is fine, else the wellKnown it needs."""
    manifest, target = urlsplit(manifest_url), urlsplit(url)
    manifest_path = manifest.path.removesuffix("funding.json").rstrip("/") + "/"
    target_path = target.path.rstrip("/") + "/"
    need = f"https://{target.netloc}{target.path.rstrip('/')}/...{WELL_KNOWN_PATH}"
    if manifest.netloc == target.netloc:
        same_tree = target_path.startswith(manifest_path) or manifest_path.startswith(target_path)
        return "" if manifest_path == "/" or same_tree else f"a wellKnown URL such as {need}"
    if well_known is None:
        return f"a wellKnown URL ({need}): the URL is on another host than the manifest"
    known = urlsplit(well_known)
    if not known.path.endswith(WELL_KNOWN_PATH) or known.netloc != target.netloc:
        return f"a URL on {target.netloc} ending in {WELL_KNOWN_PATH}"
    at_root = known.path.rstrip("/") == WELL_KNOWN_PATH
    if not at_root and target_path != "/" and not known.path.startswith(target_path):
        return f"a wellKnown under {target_path} (or at the host's root)"
    return ""


def _is_url(value: object) -> bool:
    if not isinstance(value, str) or not 10 <= len(value) <= MAX_URL:
        return False
    parts = urlsplit(value)
    return parts.scheme == "https" and bool(parts.hostname) and "@" not in parts.netloc


def _shown(value: object) -> object:
    return value if isinstance(value, str | int | float | None) else f"<{type(value).__name__}>"


def _each(check: Check, low: int, high: int, what: str) -> Check:
    def check_all(value: object) -> str | None:
        if not isinstance(value, list) or not low <= len(value) <= high:
            return what
        return None if all(check(item) is None for item in value) else what

    return check_all


GUID_CHECK = text(3, 32, GUID, "lowercase letters, digits and single dashes")
ROOT: Spec = {
    "version": (_version, True),
    "entity": (None, True),
    "projects": (None, True),
    "funding": (None, True),
}
URL: Spec = {"url": (None, True), "wellKnown": (None, False)}
ENTITY: Spec = {
    "type": (choice(ENTITY_TYPES), True),
    "role": (choice(ENTITY_ROLES), True),
    "name": (text(2, 250), True),
    "email": (email, True),
    "phone": (text(1, 32, PHONE, "a phone number such as +1-555-0100"), False),
    "description": (text(5, 2000), True),
    "webpageUrl": (None, True),
}
PROJECT: Spec = {
    "guid": (GUID_CHECK, True),
    "name": (text(1, 250), True),
    "description": (text(5, 2000), True),
    "webpageUrl": (None, True),
    "repositoryUrl": (None, True),
    "licenses": (_each(text(2, 64, LICENSE), 1, 5, "1 to 5 licences such as spdx:MIT"), True),
    "tags": (_each(text(2, 32, TAG), 1, 10, "1 to 10 tags: lowercase words-with-dashes"), True),
}
FUNDING: Spec = {"channels": (None, True), "plans": (None, True), "history": (None, False)}
CHANNEL: Spec = {
    "guid": (GUID_CHECK, True),
    "type": (choice(CHANNEL_TYPES), True),
    "address": (text(0, 250), False),
    "description": (text(0, 500), False),
}
PLAN: Spec = {
    "guid": (GUID_CHECK, True),
    "status": (choice(PLAN_STATUSES), True),
    "name": (text(3, 250), True),
    "description": (text(0, 500), False),
    "amount": (number(0, MAX_AMOUNT), True),
    "currency": (currency, True),
    "frequency": (choice(PLAN_FREQUENCIES), True),
    "channels": (None, True),
}
HISTORY: Spec = {
    "year": (number(1970, 2075, integer=True), True),
    "income": (number(0, MAX_AMOUNT), False),
    "expenses": (number(0, MAX_AMOUNT), False),
    "taxes": (number(0, MAX_AMOUNT), False),
    "currency": (currency, True),
    "description": (text(0, 500), False),
}
