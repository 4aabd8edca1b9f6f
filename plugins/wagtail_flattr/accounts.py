"""Whose token registers a page, and where a connected account goes.

A page's thing is registered with the token of the account that owns it, and only with the
page owner's own connected account or the site's (``credentials``): the core's
``sync_accounts`` picks the one whose connected account is the thing's owner. A connect flow
targets a site's settings (``site:ID``) or the editor's own account (``author``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse

from flattr_core.registration.accounts import Credential

from .compat import base_page_model
from .models import FlattrAuthor, FlattrSiteSettings

if TYPE_CHECKING:
    from django.contrib.auth.models import _User  # django-stubs: the AUTH_USER_MODEL

    class AdminRequest(HttpRequest):
        """A request to a Wagtail admin view: the admin lets only a signed-in user in."""

        user: _User


ACCOUNT_URL = "wagtailadmin_account"


def credentials(settings: FlattrSiteSettings, owner_id: int | None) -> list[Credential]:
    """The tokens that may register a page of ``owner_id`` on this site: the owner's, the site's.

    Whose each is comes from the connect flow, which asked ``GET /user``."""
    found: list[Credential] = []
    author = _connected_author(owner_id)
    if author is not None and author.secret is not None:
        source = f"the Flattr account {author.connected_as} connected by {author.user}"
        found.append(Credential(author.secret, author.username or None, source, _owner(author)))
    if settings.secret is not None:
        source = f"the Flattr account {settings.connected_as} connected to {settings.site}"
        found.append(
            Credential(settings.secret, settings.username or None, source, _owner(settings))
        )
    return found


def _connected_author(owner_id: int | None) -> FlattrAuthor | None:
    if owner_id is None:
        return None
    return FlattrAuthor.objects.filter(user_id=owner_id).exclude(token="").first()


def _owner(connected: FlattrAuthor | FlattrSiteSettings) -> str | None:
    return connected.connected_as or None  # unknown (an old row): the core asks GET /user


def has_connected_account(settings: FlattrSiteSettings, owner_id: int | None) -> bool:
    return bool(settings.token) or _connected_author(owner_id) is not None


def hint(account: str) -> str:
    """How a Wagtail site gives an account its token."""
    return (
        f"{account} connects it under Account → Flattr, or the site connects {account} "
        "in Settings → Flattr"
    )


def mismatch(configured: str, connected: str) -> str | None:
    """The warning when a connected account is not the configured username, else None."""
    if not configured or not connected or configured.lower() == connected.lower():
        return None
    return (
        f"the connected Flattr account is {connected}, but the username is {configured}: "
        f"things owned by {configured} are not registered with it (connect {configured}'s "
        "account, or change the username)"
    )


def mismatches(sites: Any) -> list[str]:
    """One warning per site (of ``sites``), and per editor with pages there, whose connected
    account is not the configured username."""
    from .models import FlattrThing

    found = []
    for settings in FlattrSiteSettings.objects.filter(site__in=sites).select_related("site"):
        problem = mismatch(settings.username, settings.connected_as)
        if problem:
            found.append(f"{settings.site}: {problem}")
    page_ids = FlattrThing.objects.filter(site__in=sites).values_list("page_id", flat=True)
    owners = base_page_model().objects.filter(pk__in=page_ids).values_list("owner_id", flat=True)
    authors = FlattrAuthor.objects.filter(user_id__in=owners).exclude(connected_as="")
    for author in authors.select_related("user"):
        problem = mismatch(author.username, author.connected_as)
        if problem:
            found.append(f"{author.user}: {problem}")
    return found


@dataclass(frozen=True)
class Target:
    """What a connect flow connects: a site's settings (``site_id``) or the editor's own."""

    site_id: int | None = None

    @property
    def key(self) -> str:
        return f"site:{self.site_id}" if self.site_id is not None else "author"

    @classmethod
    def parse(cls, key: str) -> Target | None:
        if key == "author":
            return cls()
        kind, _, site_id = key.partition(":")
        return cls(int(site_id)) if kind == "site" and site_id.isdigit() else None

    def settings(self) -> FlattrSiteSettings | None:
        if self.site_id is None:
            return None
        # Wagtail's BaseSiteSetting ships no types, so the manager it gives the model is Any
        found: QuerySet[FlattrSiteSettings] = FlattrSiteSettings.objects.filter(
            site_id=self.site_id
        ).select_related("site")
        return found.first()

    def name(self, request: HttpRequest) -> str:
        """What the confirmation names: the site, or the editor's own account."""
        settings = self.settings()
        if settings is not None:
            return str(settings.site.site_name or settings.site)
        return f"your own account ({request.user})"

    def configured_username(self, request: AdminRequest) -> str:
        settings = self.settings()
        if settings is not None:
            return settings.username
        author = FlattrAuthor.objects.filter(user_id=request.user.pk).first()
        return author.username if author is not None else ""

    def back_url(self) -> str:
        if self.site_id is None:
            return reverse(ACCOUNT_URL)
        return reverse(
            "wagtailsettings:edit", args=["wagtail_flattr", "flattrsitesettings", self.site_id]
        )

    def save(self, request: AdminRequest, token: str, account: str) -> None:
        """Store the confirmed account's token on the site's settings or the editor's account."""
        settings = self.settings()
        if self.site_id is not None:
            if settings is None:  # created on first save, like Wagtail's own settings
                from wagtail.models import Site

                settings = FlattrSiteSettings.for_site(Site.objects.get(pk=self.site_id))
            settings.token, settings.connected_as = token, account
            settings.save(update_fields=["token", "connected_as"])
            return
        author, _ = FlattrAuthor.objects.get_or_create(user=request.user)
        author.token, author.connected_as = token, account
        if not author.username:
            author.username = account  # the editor's pages are flattred to what they connected
        author.save(update_fields=["token", "connected_as", "username"])
