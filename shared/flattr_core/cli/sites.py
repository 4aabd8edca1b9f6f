"""``flattr doctor`` in a site's folder: the host's own configuration, read by its adapter.

The core imports no host, so each adapter provides a doctor through the ``flattr.doctors``
entry points: ``doctor(folder)`` reads the folder with its host's own loader (MkDocs' config
loader, Pelican's ``read_settings``, Django's settings and database) and returns a ``HostSite``
per site it found (none: not that host's folder). ``check_sites`` then reports, a line each,
every problem of the configuration (key, value, what is allowed), every account (username,
Flattr id, its token and whose the token is), every funding provider, the endpoints and what
a build would register. Offline unless ``online``: then the API is asked whose each token is
(``GET /user``), and each funding account with a public document is looked up.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from ..errors import FlattrError, Problem
from ..models import Endpoints, Thing
from ..providers import Account, Funding, label, merge, public_json_url
from ..registration.accounts import Credential, gather
from ..registration.client import FlattrClient
from ..registration.public_json import fetch_public_json
from ..settings.site import SiteConfig
from ..text import counted
from .lines import Report

DOCTORS_GROUP = "flattr.doctors"
API_TIMEOUT = (3.05, 5.0)
PublicJson = Callable[[Account], str | None]


@dataclass(frozen=True)
class HostSite:
    """One site as its host's own configuration gives it, read by that host's adapter.

    ``problems``: every invalid setting (then ``config`` is None, unless only a layer of it
    was set aside); ``errors``: the host's own findings, each a whole sentence (Django's system
    checks); ``things``: what a build would register (None: the adapter could not tell);
    ``credentials``: the tokens the host holds itself (Wagtail's connected accounts; None: a
    static site's, found the core's way); ``author_names``: how to name an author whose key in
    the settings is not a name (Wagtail's are user ids).
    """

    host: str
    source: str
    name: str = ""
    problems: tuple[Problem, ...] = ()
    errors: tuple[str, ...] = ()
    config: SiteConfig | None = None
    things: tuple[Thing, ...] | None = None
    credentials: tuple[Credential, ...] | None = None
    notes: tuple[str, ...] = ()
    author_names: Mapping[str, str] = field(default_factory=dict)


HostDoctor = Callable[[Path], Sequence[HostSite]]


def find_sites(folder: Path, report: Report) -> list[HostSite]:
    """The sites of the first host whose doctor recognises ``folder``."""
    missing = []
    for entry in sorted(metadata.entry_points(group=DOCTORS_GROUP), key=lambda e: e.name):
        try:
            doctor: HostDoctor = entry.load()
        except ImportError as exc:  # that host is not installed: its folders cannot be read
            missing.append(f"{entry.name} ({exc.name or exc} is not installed)")
            continue
        found = list(doctor(folder))
        if found:
            return found
    report.problem(
        f"{folder}: no mkdocs.yml, pelicanconf.py or Django manage.py here"
        + (f"; doctors not loaded: {', '.join(missing)}" if missing else "")
        + " (pass the site's folder, or --manifest / --config)"
    )
    return []


def check_sites(
    sites: Iterable[HostSite],
    report: Report,
    *,
    online: bool = False,
    environ: Mapping[str, str] = os.environ,
    public_json: PublicJson = public_json_url,
) -> None:
    """Every check of every site, one line each (``report`` counts the problems)."""
    checker = _Checker(report, online, environ, public_json)
    for site in sites:
        checker.site(site)
    if not online:
        report.note("offline: --online asks the API whose each token is, and each provider")


class _Checker:
    def __init__(
        self, report: Report, online: bool, environ: Mapping[str, str], public_json: PublicJson
    ) -> None:
        self.report = report
        self.online = online
        self.environ = environ
        self.public_json = public_json

    def site(self, site: HostSite) -> None:
        title = f"{site.host} site {site.name!r} ({site.source})" if site.name else site.source
        for problem in site.problems:
            self.report.problem(f"{site.source}: {problem}")
        for error in site.errors:
            self.report.problem(f"{site.source}: {error}")
        for note in site.notes:
            self.report.note(note)
        if site.config is None:
            if not (site.problems or site.errors or site.notes):
                self.report.ok(f"{title}: no problem found")
            return
        if not site.problems:
            self.report.ok(f"{title}: every option valid")
        self.endpoints(site.config.endpoints)
        self.accounts(site)
        self.funding(site.config, site.author_names)
        self.things(site)

    def endpoints(self, endpoints: Endpoints) -> None:
        self.report.ok(
            f"endpoints: API {endpoints.api_url}, web {endpoints.web_url}, "
            f"widget script {endpoints.loader_url}, badge {endpoints.badge_url}"
        )
        if self.online:
            self.rate_limit(endpoints)

    def rate_limit(self, endpoints: Endpoints) -> None:
        try:
            with FlattrClient(endpoints, None, timeout=API_TIMEOUT) as client:
                quota = client.rate_limit()
        except FlattrError as exc:
            self.report.problem(f"{endpoints.api_url}/rate_limit: {exc}")
            return
        left, limit = quota.remaining_hits, quota.hourly_limit
        self.report.ok(f"{endpoints.api_url}/rate_limit answers: {left} of {limit} left")

    def accounts(self, site: HostSite) -> None:
        config = site.config
        assert config is not None
        credentials = _credentials(site, config, self.environ)
        for account, flattr_id, role in _accounts(config, site.things or (), site.author_names):
            tokens = [c for c in credentials if (c.account or "").lower() == account.lower()]
            shown = f"{account} (Flattr id {flattr_id})" if flattr_id else account
            if not tokens:
                self.report.note(
                    f"account {shown}, {role}: no token of its own; its things keep "
                    "auto-submit buttons, which pay it, and are not registered"
                )
            for credential in tokens:
                self.token(config.endpoints, shown, role, credential)

    def token(self, endpoints: Endpoints, shown: str, role: str, credential: Credential) -> None:
        owner = credential.owner
        if self.online:
            owner = self.ask_owner(endpoints, credential)
            if owner is None:
                return
        line = f"account {shown}, {role}: token from {credential.source}"
        if owner is None:
            self.report.ok(f"{line} (whose it is: --online asks)")
        elif owner.lower() == (credential.account or "").lower():
            self.report.ok(f"{line}, which belongs to {owner}")
        else:
            self.report.problem(
                f"{line} belongs to the Flattr account {owner}, not {credential.account}: "
                f"{credential.account}'s things would not be registered with it"
            )

    def ask_owner(self, endpoints: Endpoints, credential: Credential) -> str | None:
        try:
            with FlattrClient(endpoints, credential.token, timeout=API_TIMEOUT) as client:
                return client.user().username
        except FlattrError as exc:
            self.report.problem(f"{credential.source}: {endpoints.api_url}/user: {exc}")
            return None

    def funding(self, config: SiteConfig, names: Mapping[str, str]) -> None:
        found = _funding(config, names)
        if not found:
            self.report.note("funding: no other provider than Flattr")
        for where, funding in found:
            accounts = ", ".join(label(a, with_name=True) for a in funding.accounts)
            self.report.ok(f"funding ({where}): {accounts}")
            if self.online:
                for account in funding.accounts:
                    self.public_account(account)

    def public_account(self, account: Account) -> None:
        url = self.public_json(account)
        if url is None:
            return
        try:
            fetch_public_json(url)
        except FlattrError as exc:
            self.report.problem(f"funding {label(account, with_name=True)}: {exc}")
            return
        self.report.ok(f"funding {label(account, with_name=True)}: {url} answers")

    def things(self, site: HostSite) -> None:
        config = site.config
        assert config is not None
        if site.things is None:
            return
        owners = Counter(thing.owner.username for thing in site.things)
        split = ", ".join(f"{count} of {name}" for name, count in sorted(owners.items()))
        what = counted(len(site.things), "thing") + (f" ({split})" if split else "")
        if config.register == "never":
            self.report.note(f"registration is off (register: never); the pages hold {what}")
        else:
            self.report.ok(f"things to register: {what} (register: {config.register})")


def _credentials(
    site: HostSite, config: SiteConfig, environ: Mapping[str, str]
) -> list[Credential]:
    if site.credentials is not None:
        return list(site.credentials)
    owners = [name for name, _, _ in _accounts(config, site.things or (), {})]
    return gather(
        owners,
        site_token=config.token,
        site_account=config.site.username,
        author_tokens=config.author_tokens,
        environ=environ,
        api_url=config.endpoints.api_url,
    )


def _accounts(
    config: SiteConfig, things: Iterable[Thing], names: Mapping[str, str]
) -> list[tuple[str, str | None, str]]:
    """(username, Flattr id, role) of the site's account, each author's and each page owner's."""
    found: dict[str, tuple[str, str | None, str]] = {}
    if config.site.username:
        found[config.site.username.lower()] = (
            config.site.username, config.site.flattr_id, "the site's"
        )  # fmt: skip
    for author, layer in config.authors.items():
        if layer.username and layer.username.lower() not in found:
            role = f"author {names.get(author, author)}"
            found[layer.username.lower()] = (layer.username, layer.flattr_id, role)
    for thing in things:
        name = thing.owner.username
        found.setdefault(name.lower(), (name, None, "a page's own"))
    return list(found.values())


def _funding(config: SiteConfig, names: Mapping[str, str]) -> list[tuple[str, Funding]]:
    """The site's funding accounts, then each author's own."""
    found = [("the site", config.funding)] if config.funding else []
    for author, layer in config.authors.items():
        own = merge([layer.funding])
        if own:
            found.append((f"author {names.get(author, author)}", own))
    return found
