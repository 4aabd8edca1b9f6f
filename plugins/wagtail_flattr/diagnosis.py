"""What ``flattr doctor`` and ``manage.py flattr_doctor`` check in a Wagtail project: the
install-wide ``WAGTAIL_FLATTR`` (this app's system checks), then each site's Settings → Flattr,
its connected accounts and the live pages that would be registered (needs Django set up)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from django.core import checks
from django.db import DatabaseError
from wagtail.models import Site

from flattr_core.cli.sites import HostSite
from flattr_core.errors import ConfigError, FlattrError, Problem
from flattr_core.models import Thing
from flattr_core.registration.accounts import Credential
from flattr_core.settings import SiteConfig

from . import conf
from .compat import base_page_model
from .content import resolve, site_mapping
from .models import FlattrAuthor, FlattrSiteSettings

HOST = "Wagtail"
APP_CHECK_PREFIX = "wagtail_flattr."
DEFAULTS_CHECK = "wagtail_flattr.E002"


def sites() -> list[HostSite]:
    """The install-wide checks, then one ``HostSite`` per Wagtail site."""
    found = [_install_wide()]
    try:
        found += [_site(site) for site in Site.objects.order_by("pk")]
    except DatabaseError as error:  # not migrated yet: nothing per site to check
        note = f"the database is not ready ({error}); run `manage.py migrate` to check each site"
        found.append(HostSite(HOST, "the database", notes=(note,)))
    return found


def _install_wide() -> HostSite:
    """This app's system checks (unknown keys, bad values, the static finder, the task backend),
    each message naming the key, its value and what is allowed."""
    messages = [m for m in checks.run_checks() if (m.id or "").startswith(APP_CHECK_PREFIX)]
    messages = [m for m in messages if m.id != DEFAULTS_CHECK]  # named one by one below
    errors = tuple(f"{m.id}: {m.msg}" for m in messages if m.is_serious())
    notes = tuple(
        f"{m.id}: {m.msg}" for m in messages if not m.is_serious() and not m.is_silenced()
    )
    return HostSite(
        HOST, "settings", problems=tuple(_defaults_problems()), errors=errors, notes=notes
    )


def _defaults_problems() -> list[Problem]:
    """``DEFAULTS`` and the base URLs, checked as every site's settings are, each problem
    named as it is written in WAGTAIL_FLATTR."""
    endpoints = conf.endpoints()
    urls = {field: getattr(endpoints, field) for field in conf.ENDPOINT_KEYS.values()}
    try:
        SiteConfig.from_mapping({**conf.defaults(), **urls}, token_fallback=False)
    except ConfigError as error:
        written = {field: f"WAGTAIL_FLATTR[{key!r}]" for key, field in conf.ENDPOINT_KEYS.items()}
        return [
            Problem(written.get(p.key) or f"WAGTAIL_FLATTR['DEFAULTS'].{p.key}", p.value, p.allowed)
            for p in error.problems
        ]
    return []


def _site(site: Site) -> HostSite:
    settings = FlattrSiteSettings.for_site(site)
    name = site.site_name or site.hostname
    source = f"Settings → Flattr of {name}"
    try:
        config = SiteConfig.from_mapping(
            site_mapping(settings), source=source, token_fallback=False, isolate_layers=True
        )
    except ConfigError as error:
        return HostSite(HOST, source, problems=error.problems)
    problems = tuple(problem for broken in config.broken for problem in broken.problems)
    if not settings.register:
        config = _with_register(config, "never")
    things = tuple(_things(site, settings))
    return HostSite(
        HOST,
        source,
        name,
        problems=problems,
        config=config,
        things=things,
        credentials=tuple(_credentials(settings, name)),
        author_names=_editors(),
    )


def _editors() -> dict[str, str]:
    """Each editor with an account of their own, by user id (the key the settings use)."""
    rows = FlattrAuthor.objects.exclude(username="").select_related("user")
    return {str(author.user_id): f"{author.user} (editor)" for author in rows}


def _with_register(config: SiteConfig, mode: str) -> SiteConfig:
    return dataclasses.replace(config, register=mode)


def _things(site: Site, settings: FlattrSiteSettings) -> Iterator[Thing]:
    """The thing of each live page that gets one (what publishing registers)."""
    pages = base_page_model().objects.live().descendant_of(site.root_page, inclusive=True)
    for page in pages.filter(alias_of__isnull=True).specific().iterator():
        try:
            resolved = resolve(page, settings)
        except FlattrError:
            continue  # a broken layer: reported with the site's problems
        if resolved is not None and resolved.thing is not None:
            yield resolved.thing


def _credentials(settings: FlattrSiteSettings, site: str) -> Iterator[Credential]:
    """The site's connected account and each editor's, with whose the connect flow found each
    token to be (``connected_as``, from ``GET /user``)."""
    if settings.secret is not None:
        source = f"the account connected to {site}"
        yield Credential(settings.secret, settings.username, source, settings.connected_as or None)
    for author in FlattrAuthor.objects.exclude(token="").select_related("user"):
        assert author.secret is not None
        source = f"the account {author.user} connected"
        yield Credential(author.secret, author.username, source, author.connected_as or None)
