"""The site files: ``funding.json`` (floss.fund's funding manifest v1) and its well-known list.

``funding_manifest(config, funding, site_url=…)`` builds the manifest from the
``funding_json`` setting, written with the manifest's own field names (``entity``,
``projects``, ``plans``, optional ``channels`` and ``history``), and the site's ``Funding``:
each account becomes a ``payment-provider`` channel whose address is its support page (a
wallet: its address). Defaults: ``entity.webpageUrl`` and each project's ``webpageUrl`` are
the site; a plan is ``active`` and takes every channel. The result is checked by
``funding_schema`` and any problem raises one ``ConfigError`` (keys dotted from the
``funding_json`` mapping, unknown keys without their values).

``site_files`` gives both files, as a static host writes them.
``/.well-known/funding-manifest-urls`` lists, one per line, the manifests allowed to name this
host's URLs: the site's own and those in ``manifest_urls`` (e.g. a funding.json on GitHub
whose ``webpageUrl`` is this site).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from .. import links
from ..errors import ConfigError, ContentError, Problem
from ..providers import Funding, label, support_url
from .funding_schema import manifest_problems
from .funding_vocab import VERSION, WELL_KNOWN_PATH

MANIFEST_FILE = "funding.json"
CONFIG_KEYS = ("entity", "projects", "plans", "channels", "history", "manifest_urls")
SOURCE = "funding_json"


def funding_manifest(
    config: Mapping[str, object],
    funding: Funding,
    *,
    site_url: str,
    manifest_url: str | None = None,
) -> dict[str, Any]:
    """The funding.json document; ``manifest_url`` defaults to ``SITE/funding.json``."""
    site = links.check_url(site_url, "site_url")
    where = manifest_url or manifest_url_for(site)
    _known_keys(config)
    channels = [*funding_channels(funding), *_list(config.get("channels"), "channels")]
    projects = _list(config.get("projects"), "projects")
    doc: dict[str, Any] = {
        "version": VERSION,
        "entity": _with_url(config.get("entity"), site),
        "projects": [_with_url(project, site) for project in projects],
        "funding": {
            "channels": channels,
            "plans": [_plan(plan, channels) for plan in _list(config.get("plans"), "plans")],
        },
    }
    if config.get("history"):
        doc["funding"]["history"] = config["history"]
    problems = manifest_problems(doc, where)
    if problems:
        raise ConfigError(problems, SOURCE)
    return doc


def site_files(config: Mapping[str, object], funding: Funding, *, site_url: str) -> dict[str, str]:
    """What a static host writes at its site's root when ``funding_json`` is set: path (below
    the root, ``/``-separated) -> text. ConfigError (source ``funding_json``) for a bad field."""
    doc = funding_manifest(config, funding, site_url=site_url)
    return {
        MANIFEST_FILE: manifest_text(doc),
        WELL_KNOWN_PATH.lstrip("/"): well_known_text(site_url, config),
    }


def manifest_url_for(site_url: str) -> str:
    """Where the site's own manifest lives: ``funding.json`` at the site root."""
    return site_url.rstrip("/") + "/" + MANIFEST_FILE


def manifest_text(doc: Mapping[str, Any]) -> str:
    """The manifest as the file's text: UTF-8 JSON, two-space indents, a final newline."""
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def well_known_path() -> str:
    """The path the manifest list is served at."""
    return WELL_KNOWN_PATH


def well_known_text(site_url: str, config: Mapping[str, object] | None = None) -> str:
    """``/.well-known/funding-manifest-urls``: the site's manifest and ``manifest_urls``."""
    urls = [manifest_url_for(links.check_url(site_url, "site_url"))]
    problems = []
    for index, url in enumerate(_list((config or {}).get("manifest_urls"), "manifest_urls")):
        try:
            urls.append(links.check_url(url, "manifest_urls"))
            if not str(url).startswith("https://"):
                raise ContentError("not https")
        except ContentError:
            problems.append(Problem(f"manifest_urls[{index}]", url, "an https URL of a manifest"))
    if problems:
        raise ConfigError(problems, SOURCE)
    return "".join(f"{url}\n" for url in dict.fromkeys(urls))


def funding_channels(funding: Funding) -> list[dict[str, str]]:
    """A ``payment-provider`` channel per account: guid ``ko-fi``, ``github-2``, ..."""
    channels, counts = [], dict[str, int]()
    several = funding.several
    for account in funding.accounts:
        base = account.provider.replace("_", "-")
        counts[base] = counts.get(base, 0) + 1
        guid = base if counts[base] == 1 else f"{base}-{counts[base]}"
        address = support_url(account) or account.name
        name = label(account, with_name=account.provider in several)
        channels.append(
            {"guid": guid, "type": "payment-provider", "address": address, "description": name}
        )
    return channels


def _known_keys(config: Mapping[str, object]) -> None:
    unknown = sorted(str(key) for key in config if key not in CONFIG_KEYS)
    if unknown:
        allowed = "one of " + ", ".join(CONFIG_KEYS)
        raise ConfigError([Problem(key, "<value>", allowed) for key in unknown], SOURCE)


def _list(value: object, key: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise ConfigError([Problem(key, f"<{type(value).__name__}>", "a list")], SOURCE)
    return list(value)


def _with_url(value: object, site: str) -> object:
    """An entity or project with ``webpageUrl`` defaulted to the site, a string made {url}."""
    if not isinstance(value, Mapping):
        return value
    item = dict(value)
    url = item.get("webpageUrl", site)
    item["webpageUrl"] = {"url": url} if isinstance(url, str) else url
    if isinstance(item.get("repositoryUrl"), str):
        item["repositoryUrl"] = {"url": item["repositoryUrl"]}
    return item


def _plan(value: object, channels: Iterable[Mapping[str, str]]) -> object:
    if not isinstance(value, Mapping):
        return value
    return {"status": "active", "channels": [c["guid"] for c in channels], **value}
