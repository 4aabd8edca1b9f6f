"""``flattr doctor``: check a manifest or a site configuration, the token and the API.

Every check prints one line, ``ok`` or ``PROBLEM``, and every problem is reported (the
checks do not stop at the first one). The caller turns the count into the exit code.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

from ..errors import ConfigError, FlattrError, Problem
from ..models import Endpoints, Secret
from ..registration.client import FlattrClient
from ..registration.manifest import read_manifest
from ..settings.site import SiteConfig

TokenFor = Callable[[str], Secret | None]


class _Report:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.problems = 0

    def ok(self, text: str) -> None:
        print(f"ok       {text}", file=self.out)

    def problem(self, text: str) -> None:
        self.problems += 1
        print(f"PROBLEM  {text}", file=self.out)

    def config_error(self, error: ConfigError) -> None:
        for problem in error.problems:
            self.problem(f"{error.source}: {problem}")


def run_doctor(
    *,
    manifest: Path | None,
    config: Path | None,
    api_url: str | None,
    token_for: TokenFor,
    out: TextIO,
) -> int:
    """Run every check, print one line each; the number of problems found."""
    report = _Report(out)
    endpoints, token = _source(report, manifest, config)
    if api_url:
        endpoints = Endpoints(api_url=api_url.rstrip("/"), web_url=endpoints.web_url)
    if token is None:
        try:
            token = token_for(endpoints.api_url)
        except FlattrError as exc:
            report.problem(f"token: {exc}")
    _check_api(report, endpoints, token)
    return report.problems


def _source(
    report: _Report, manifest: Path | None, config: Path | None
) -> tuple[Endpoints, Secret | None]:
    raw: Mapping[str, Any] = {}
    try:
        if manifest is not None:
            endpoints, things = read_manifest(manifest)
            report.ok(f"manifest {manifest}: {len(things)} things, every field valid")
            return endpoints, None
        if config is not None:
            raw = _load_config(config)
            site = SiteConfig.from_mapping(raw, source=str(config))
            report.ok(f"configuration {config}: every option valid")
            return site.endpoints, site.token
    except ConfigError as exc:
        report.config_error(exc)
        if manifest is not None:  # read again only when it is invalid: its URLs may still do
            raw = _raw_endpoints(manifest)
    return _fallback_endpoints(raw), None


def _raw_endpoints(manifest: Path) -> Mapping[str, Any]:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    found = data.get("endpoints") if isinstance(data, dict) else None
    return found if isinstance(found, dict) else {}


def _fallback_endpoints(raw: Mapping[str, Any]) -> Endpoints:
    """The base URLs of an invalid file, where they are strings: still worth checking."""
    default = Endpoints()
    api, web = raw.get("api_url"), raw.get("web_url")
    return Endpoints(
        api_url=api if isinstance(api, str) else default.api_url,
        web_url=web if isinstance(web, str) else default.web_url,
    )


def _load_config(path: Path) -> Mapping[str, Any]:
    """Site settings from JSON or TOML; a ``flattr`` table is used when there is one."""
    try:
        text = path.read_text(encoding="utf-8")
        data: Any = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except OSError as exc:
        problem = Problem("(file)", str(path), f"a readable file ({exc.strerror})")
        raise ConfigError([problem], str(path)) from None
    except ValueError as exc:
        problem = Problem("(file)", str(path), f"a JSON or TOML document ({exc})")
        raise ConfigError([problem], str(path)) from None
    if isinstance(data, Mapping) and isinstance(data.get("flattr"), Mapping):
        data = data["flattr"]
    if not isinstance(data, Mapping):
        raise ConfigError([Problem("(document)", type(data).__name__, "a mapping")], str(path))
    return data


def _check_api(report: _Report, endpoints: Endpoints, token: Secret | None) -> None:
    with FlattrClient(endpoints, token, timeout=(3.05, 5.0)) as client:
        try:
            quota = client.rate_limit()
            remaining, limit = quota.get("remaining_hits"), quota.get("hourly_limit")
            report.ok(f"{endpoints.api_url}/rate_limit answers: {remaining} of {limit} left")
        except FlattrError as exc:
            report.problem(f"{endpoints.api_url}/rate_limit: {exc}")
        if token is None:
            report.problem(
                f"no token for {endpoints.api_url}: set FLATTR_TOKEN or run `flattr auth login`"
            )
            return
        try:
            user = client.user()
            report.ok(f"the token belongs to {user.get('username')}")
        except FlattrError as exc:
            report.problem(f"{endpoints.api_url}/user: {exc}")
