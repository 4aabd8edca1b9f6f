"""``flattr doctor``: check a manifest or a site configuration, the tokens and the API.

Every check prints one line, ``ok``, ``note`` or ``PROBLEM``, and every problem is reported
(the checks do not stop at the first one). The caller turns the count into the exit code.
Each account the site names (the site's, its authors', a manifest's creators) is checked:
a token configured for it that belongs to another account is a PROBLEM (it would register
nothing of this account's); an account without a token is a note (auto-submit buttons).
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ..errors import ConfigError, FlattrError, Problem
from ..models import Endpoints, Secret
from ..registration.accounts import Credential, gather, static_hint
from ..registration.client import FlattrClient
from ..registration.manifest import read_manifest
from ..settings.site import SiteConfig
from ..text import counted
from .lines import Report

TokenFor = Callable[[str], Secret | None]


@dataclass
class _Setup:
    """What the manifest or the configuration says: the URLs, the token, the accounts."""

    endpoints: Endpoints
    token: Secret | None = None
    site_account: str | None = None
    accounts: list[str] = field(default_factory=list)
    author_tokens: Mapping[str, Secret] = field(default_factory=dict)


def run_doctor(
    *,
    manifest: Path | None,
    config: Path | None,
    api_url: str | None,
    token_for: TokenFor,
    out: TextIO,
    online: bool = False,
) -> int:
    """Run every check, print one line each; the number of problems found. Offline unless
    ``online``: then the API is asked whether it answers and whose each token is."""
    report = Report(out)
    setup = _source(report, manifest, config)
    if api_url:
        setup.endpoints = Endpoints(api_url=api_url.rstrip("/"), web_url=setup.endpoints.web_url)
    if setup.token is None:
        try:
            setup.token = token_for(setup.endpoints.api_url)
        except FlattrError as exc:
            report.problem(f"token: {exc}")
    if not online:
        _offline_tokens(report, setup)
        return report.problems
    site_owner = _check_api(report, setup.endpoints, setup.token)
    if setup.accounts:
        _check_accounts(report, setup, site_owner)
    return report.problems


def _offline_tokens(report: Report, setup: _Setup) -> None:
    """Which tokens there are, without asking whose they are (``--online`` asks)."""
    if setup.token is None:
        report.problem(
            f"no token for {setup.endpoints.api_url}: set FLATTR_TOKEN or run `flattr auth login`"
        )
    else:
        report.ok(f"a token for {setup.endpoints.api_url} (--online asks the API whose it is)")
    for credential in _credentials(setup):
        if credential.token != setup.token:
            report.ok(f"{credential.source} for {credential.account}")


def _source(report: Report, manifest: Path | None, config: Path | None) -> _Setup:
    raw: Mapping[str, Any] = {}
    try:
        if manifest is not None:
            endpoints, things = read_manifest(manifest)
            report.ok(f"manifest {manifest}: {counted(len(things), 'thing')}, every field valid")
            creators = sorted({thing.owner.username for thing in things})
            return _Setup(endpoints, accounts=creators)
        if config is not None:
            raw = _load_config(config)
            site = SiteConfig.from_mapping(raw, source=str(config))
            report.ok(f"configuration {config}: every option valid")
            return _config_setup(site)
    except ConfigError as exc:
        report.config_error(exc)
        if manifest is not None:  # read again only when it is invalid: its URLs may still do
            raw = _raw_endpoints(manifest)
    return _Setup(_fallback_endpoints(raw))


def _config_setup(site: SiteConfig) -> _Setup:
    named = [site.site.username, *(layer.username for layer in site.authors.values())]
    accounts = sorted({name for name in named if name}, key=str.lower)
    return _Setup(site.endpoints, site.token, site.site.username, accounts, site.author_tokens)


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


def _check_api(report: Report, endpoints: Endpoints, token: Secret | None) -> str | None:
    """The API answers, and whose the site's token is (returned, when the API said)."""
    with FlattrClient(endpoints, token, timeout=(3.05, 5.0)) as client:
        try:
            quota = client.rate_limit()
            remaining, limit = quota.remaining_hits, quota.hourly_limit
            report.ok(f"{endpoints.api_url}/rate_limit answers: {remaining} of {limit} left")
        except FlattrError as exc:
            report.problem(f"{endpoints.api_url}/rate_limit: {exc}")
        if token is None:
            report.problem(
                f"no token for {endpoints.api_url}: set FLATTR_TOKEN or run `flattr auth login`"
            )
            return None
        try:
            username = client.user().username
            report.ok(f"the token belongs to {username or None}")
        except FlattrError as exc:
            report.problem(f"{endpoints.api_url}/user: {exc}")
            return None
    return username or None


def _check_accounts(report: Report, setup: _Setup, site_owner: str | None) -> None:
    """Whose each token is, against the account it is configured for; who has none."""
    owners: dict[str, str] = {}  # account (lower case) -> how its own token was found
    if site_owner is not None:  # its "belongs to" line is printed already; only a mismatch
        if setup.site_account and setup.site_account.lower() != site_owner.lower():
            _owner_line(report, setup.site_account, "the site's token", site_owner)
        owners[site_owner.lower()] = "the site's token"
    for credential in _credentials(setup):
        if credential.token != setup.token:
            owner = _ask_owner(report, setup.endpoints, credential)
            if owner is not None:
                _owner_line(report, credential.account, credential.source, owner)
                owners.setdefault(owner.lower(), credential.source)
    for account in setup.accounts:
        if account.lower() not in owners:
            report.note(
                f"{account}: no token of this account ({static_hint(account)}); its things "
                "keep auto-submit buttons, which pay it, and are not registered"
            )


def _credentials(setup: _Setup) -> list[Credential]:
    """The authors' tokens: in the settings, ``$FLATTR_TOKEN_<ACCOUNT>``, the token file."""
    return gather(
        setup.accounts,
        site_token=None,
        site_account=None,
        author_tokens=setup.author_tokens,
        environ=os.environ,
        api_url=setup.endpoints.api_url,
    )


def _ask_owner(report: Report, endpoints: Endpoints, credential: Credential) -> str | None:
    try:
        with FlattrClient(endpoints, credential.token, timeout=(3.05, 5.0)) as client:
            return client.user().username or None
    except FlattrError as exc:
        report.problem(f"{credential.source}: {exc}")
        return None


def _owner_line(report: Report, account: str | None, source: str, owner: str) -> None:
    if account is None or account.lower() == owner.lower():
        report.ok(f"{source} belongs to {owner}, so {owner}'s things are registered with it")
    else:
        report.problem(
            f"{source} is configured for {account} but belongs to the Flattr account {owner}: "
            f"{account}'s things would not be registered with it"
        )
