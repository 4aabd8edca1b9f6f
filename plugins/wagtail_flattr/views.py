"""The "Connect Flattr account" flow of the site settings: OAuth 2 authorization code, via
``flattr_core.registration.oauth``. The token is stored on the site's settings, never shown again.

Flattr's OAuth has no ``state`` parameter, so the flow is bound to the editor's session instead:
the callback only accepts a code for the site whose connect link this session followed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.models import Site

from flattr_core.errors import FlattrError
from flattr_core.registration import oauth
from flattr_core.registration.client import FlattrClient

from . import conf
from .models import FlattrSiteSettings

_SESSION_KEY = "wagtail_flattr_connecting"


def _settings_for(request: HttpRequest, site_id: int) -> FlattrSiteSettings:
    """The site's settings, if this user may change them (else 403)."""
    settings = FlattrSiteSettings.for_site(get_object_or_404(Site, pk=site_id))
    policy = FlattrSiteSettings.get_permission_policy()
    if not policy.user_has_permission_for_instance(request.user, "change", settings):
        raise PermissionDenied
    return settings


def _settings_url(site_id: int) -> str:
    return reverse("wagtailsettings:edit", args=["wagtail_flattr", "flattrsitesettings", site_id])


def _redirect_uri(request: HttpRequest, site_id: int) -> str:
    return request.build_absolute_uri(reverse("wagtail_flattr:callback", args=[site_id]))


def connect(request: HttpRequest, site_id: int) -> HttpResponse:
    """Send the editor to Flattr to approve this site's access."""
    _settings_for(request, site_id)
    client_id, _ = conf.client_credentials()
    if not client_id:
        messages.error(request, "Set WAGTAIL_FLATTR['CLIENT_ID'] and ['CLIENT_SECRET'] first.")
        return redirect(_settings_url(site_id))
    request.session[_SESSION_KEY] = site_id
    scopes = str(conf.get("SCOPES")).split()
    url = oauth.authorization_url(
        conf.endpoints(), client_id, _redirect_uri(request, site_id), scopes
    )
    return redirect(url)


def callback(request: HttpRequest, site_id: int) -> HttpResponse:
    """Trade Flattr's code for a token, note the account's name, store both for the site."""
    settings = _settings_for(request, site_id)
    if request.session.pop(_SESSION_KEY, None) != site_id:
        raise PermissionDenied("This Flattr authorization was not started from this session.")
    if "code" not in request.GET:
        reason = request.GET.get("error", "no code in the answer")
        messages.error(request, f"Flattr did not connect the account: {reason}.")
        return redirect(_settings_url(site_id))
    try:
        _store_grant(settings, _exchange(request, site_id))
    except FlattrError as exc:
        messages.error(request, f"Connecting to Flattr failed: {exc}")
    else:
        messages.success(request, f"Connected to Flattr as {settings.connected_as}.")
    return redirect(_settings_url(site_id))


def _exchange(request: HttpRequest, site_id: int) -> oauth.TokenGrant:
    client_id, secret = conf.client_credentials()
    code = request.GET["code"]
    return oauth.exchange_code(
        conf.endpoints(), client_id, secret, code, _redirect_uri(request, site_id)
    )


def _store_grant(settings: FlattrSiteSettings, grant: oauth.TokenGrant) -> None:
    with FlattrClient(conf.endpoints(), grant.access_token) as client:
        username = str(client.user().get("username", ""))
    settings.token = grant.access_token.reveal()
    settings.connected_as = username
    settings.save(update_fields=["token", "connected_as"])


@require_http_methods(["GET", "POST"])
def disconnect(request: HttpRequest, site_id: int) -> HttpResponse:
    """Confirm, then forget the site's token (buttons keep working; registration stops)."""
    settings = _settings_for(request, site_id)
    if request.method == "GET":
        title = "Disconnect the Flattr account"
        context: dict[str, Any] = {"settings": settings, "back_url": _settings_url(site_id)}
        context.update(page_title=title, header_title=title, header_icon="link")
        return TemplateResponse(request, "wagtail_flattr/admin/disconnect.html", context)
    settings.token, settings.connected_as = "", ""
    settings.save(update_fields=["token", "connected_as"])
    messages.success(request, "The Flattr account is disconnected.")
    return redirect(_settings_url(site_id))
