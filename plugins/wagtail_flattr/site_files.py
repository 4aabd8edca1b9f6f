"""``funding.json`` and ``/.well-known/funding-manifest-urls``, served per site.

The site's ``funding_json`` setting (Settings → Flattr, or ``WAGTAIL_FLATTR["DEFAULTS"]``)
holds the manifest's own fields; the core makes both files from it and the site's funding,
for the site's root URL (``markup.funding_site_files``), and checks them: the settings form
refuses a bad field when it is saved. A site without it, or whose stored value is invalid
(saved by code; one warning says why), answers 404. Include ``wagtail_flattr.site_urls``.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe
from wagtail.models import Site

from flattr_core import markup
from flattr_core.errors import FlattrError
from flattr_core.markup.funding_manifest import MANIFEST_FILE
from flattr_core.markup.funding_vocab import WELL_KNOWN_PATH
from flattr_core.settings import SiteConfig

from .content import report, site_config
from .models import FlattrSiteSettings

WELL_KNOWN_FILE = WELL_KNOWN_PATH.lstrip("/")


def site_files(settings: FlattrSiteSettings, config: SiteConfig) -> dict[str, str] | None:
    """The site's files (path below its root -> text), or None without ``funding_json``.
    Raises ConfigError (source ``funding_json``) naming each bad field."""
    if config.funding_json is None:
        return None
    site_url = settings.site.root_url
    return markup.funding_site_files(config.funding_json, config.funding, site_url=site_url)


@require_safe
def funding_json(request: HttpRequest) -> HttpResponse:
    """The site's ``funding.json``."""
    return _serve(request, MANIFEST_FILE, "application/json")


@require_safe
def funding_manifest_urls(request: HttpRequest) -> HttpResponse:
    """The manifests allowed to name this site's URLs, one a line."""
    return _serve(request, WELL_KNOWN_FILE, "text/plain")


def _serve(request: HttpRequest, name: str, content_type: str) -> HttpResponse:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("no site here")
    settings = FlattrSiteSettings.for_site(site)
    try:
        files = site_files(settings, site_config(settings))
    except FlattrError as error:  # stored by code, not the form: logged once, never a 500
        report(error)
        files = None
    if not files:
        raise Http404("this site has no funding.json")
    return HttpResponse(files[name], content_type=f"{content_type}; charset=utf-8")
