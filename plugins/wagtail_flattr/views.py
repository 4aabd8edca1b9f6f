"""Connecting a Flattr account, for a site (Settings → Flattr) or an editor (Account → Flattr).

Flattr's OAuth has no ``state``, so a flow is bound to the editor who started it (the core's
``oauth.Flow``): a single-use flag in their session, for one target, expiring in minutes, whose
``state`` is also checked when the server echoes it. After the code exchange, ``confirm``
names the account ("Connect Flattr account bob to Kitchen Garden?") and nothing is stored
before the editor says yes. Until then the token waits server-side in a
``FlattrPendingConnection`` row (the session, possibly a signed cookie, holds only its random
key), for minutes, used once. One callback URL serves every target: register it (as shown in
docs/wagtail.md) with the OAuth app.
"""

from __future__ import annotations

import secrets
import time
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.models import Site

from flattr_core import FlattrError
from flattr_core.registration import oauth
from flattr_core.registration.connect import connect_account

from . import conf
from .accounts import Target, mismatch
from .models import FlattrAuthor, FlattrPendingConnection, FlattrSiteSettings

if TYPE_CHECKING:
    from .accounts import AdminRequest

FLOW_KEY = "wagtail_flattr_flow"
PENDING_KEY = "wagtail_flattr_pending"


def _check_allowed(request: AdminRequest, target: Target) -> None:
    """403 unless this user may change the target: the site's Flattr settings, or their own."""
    if target.site_id is None:
        return  # any admin user connects their own account (the admin requires a login)
    settings = FlattrSiteSettings.for_site(get_object_or_404(Site, pk=target.site_id))
    policy = FlattrSiteSettings.get_permission_policy()
    if not policy.user_has_permission_for_instance(request.user, "change", settings):
        raise PermissionDenied


def _redirect_uri(request: AdminRequest) -> str:
    return request.build_absolute_uri(reverse("wagtail_flattr:callback"))


def connect(request: AdminRequest, site_id: int) -> HttpResponse:
    """Send the editor to Flattr to approve this site's access."""
    return _start(request, Target(site_id))


def author_connect(request: AdminRequest) -> HttpResponse:
    """Send the editor to Flattr to connect their own account."""
    return _start(request, Target())


def _start(request: AdminRequest, target: Target) -> HttpResponse:
    _check_allowed(request, target)
    client_id, _ = conf.client_credentials()
    if not client_id:
        messages.error(request, "Set WAGTAIL_FLATTR['CLIENT_ID'] and ['CLIENT_SECRET'] first.")
        return redirect(target.back_url())
    flow = oauth.start_flow(target.key, _redirect_uri(request))
    request.session[FLOW_KEY] = flow.as_dict()  # replaces any earlier flow: one at a time
    scopes = str(conf.get("SCOPES")).split()
    endpoints = conf.endpoints()
    return redirect(
        oauth.authorization_url(endpoints, client_id, flow.redirect_uri, scopes, state=flow.state)
    )


def callback(request: AdminRequest) -> HttpResponse:
    """Flattr's answer: check it belongs to this session's flow, exchange, then ask to confirm."""
    flow = oauth.Flow.from_dict(request.session.pop(FLOW_KEY, None))  # single use
    target = Target.parse(flow.target) if flow is not None else None
    if flow is None or target is None:
        raise PermissionDenied("This Flattr authorization was not started from this session.")
    try:
        code = oauth.accept_callback(flow, request.GET.dict())
    except FlattrError as exc:
        messages.error(request, f"Flattr did not connect the account: {exc}.")
        return redirect(target.back_url())
    _check_allowed(request, target)
    client_id, secret = conf.client_credentials()
    try:
        connection = connect_account(
            conf.endpoints(), client_id, secret, code, flow.redirect_uri,
            timeout=float(conf.get("TIMEOUT")),
        )  # fmt: skip
    except FlattrError as exc:
        messages.error(request, f"Connecting to Flattr failed: {exc}")
        return redirect(target.back_url())
    token, account = connection.token.reveal(), connection.username
    request.session[PENDING_KEY] = _hold(request, target, token, account)
    return redirect("wagtail_flattr:confirm")


def _hold(request: AdminRequest, target: Target, token: str, account: str) -> str:
    """Keep the token server-side until the editor confirms; the session gets the key only."""
    stale = FlattrPendingConnection.objects.filter(expires_at__lt=time.time())
    stale.delete()
    FlattrPendingConnection.objects.filter(user_id=request.user.pk).delete()  # one at a time
    key = secrets.token_urlsafe(32)
    FlattrPendingConnection.objects.create(
        key=key, user=request.user, target=target.key, account=account, token=token,
        expires_at=time.time() + oauth.FLOW_SECONDS,
    )  # fmt: skip
    return key


def _pending(request: AdminRequest) -> FlattrPendingConnection | None:
    key = request.session.get(PENDING_KEY)
    if not isinstance(key, str):
        return None
    rows = FlattrPendingConnection.objects.filter(key=key, user_id=request.user.pk)
    return rows.filter(expires_at__gte=time.time()).first()


@require_http_methods(["GET", "POST"])
def confirm(request: AdminRequest) -> HttpResponse:
    """ "Connect Flattr account bob to Kitchen Garden?": only a yes stores the token."""
    pending = _pending(request)
    target = Target.parse(pending.target) if pending is not None else None
    if pending is None or target is None:
        messages.error(request, "There is no Flattr account waiting to be connected: start again.")
        return redirect("wagtailadmin_home")
    _check_allowed(request, target)
    if request.method == "GET":
        return _confirm_page(request, target, pending.account)
    request.session.pop(PENDING_KEY, None)
    taken, _ = FlattrPendingConnection.objects.filter(pk=pending.pk).delete()  # used once
    if "connect" not in request.POST or not taken:
        messages.info(request, "Nothing was connected.")
    else:
        target.save(request, pending.token, pending.account)
        messages.success(request, f"Connected to Flattr as {pending.account}.")
    return redirect(target.back_url())


def _confirm_page(request: AdminRequest, target: Target, account: str) -> HttpResponse:
    title = "Connect a Flattr account"
    context: dict[str, Any] = {
        "account": account,
        "target_name": target.name(request),
        "warning": mismatch(target.configured_username(request), account),
        "back_url": target.back_url(),
        "page_title": title,
        "header_title": title,
        "header_icon": "link",
    }
    return TemplateResponse(request, "wagtail_flattr/admin/confirm_connect.html", context)


@require_http_methods(["GET", "POST"])
def disconnect(request: AdminRequest, site_id: int) -> HttpResponse:
    """Confirm, then forget the site's token (buttons keep working; registration stops)."""
    target = Target(site_id)
    _check_allowed(request, target)
    settings = target.settings() or FlattrSiteSettings.for_site(get_object_or_404(Site, pk=site_id))
    if request.method == "GET":
        return _disconnect_page(request, settings.connected_as, str(settings.site), target)
    settings.token, settings.connected_as = "", ""
    settings.save(update_fields=["token", "connected_as"])
    messages.success(request, "The Flattr account is disconnected.")
    return redirect(target.back_url())


@require_http_methods(["GET", "POST"])
def author_disconnect(request: AdminRequest) -> HttpResponse:
    """Confirm, then forget the editor's own token (their buttons keep paying them)."""
    target = Target()
    author = FlattrAuthor.objects.filter(user_id=request.user.pk).first()
    if request.method == "GET":
        connected = author.connected_as if author is not None else ""
        return _disconnect_page(request, connected, "your own account", target)
    if author is not None:
        author.token, author.connected_as = "", ""
        author.save(update_fields=["token", "connected_as"])
    messages.success(request, "Your Flattr account is disconnected.")
    return redirect(target.back_url())


def _disconnect_page(
    request: AdminRequest, connected_as: str, from_what: str, target: Target
) -> HttpResponse:
    title = "Disconnect the Flattr account"
    context: dict[str, Any] = {"connected_as": connected_as, "from_what": from_what}
    context.update(back_url=target.back_url(), page_title=title, header_title=title)
    context["header_icon"] = "link"
    return TemplateResponse(request, "wagtail_flattr/admin/disconnect.html", context)
