"""The site files' URLs, at each site's root: ``path("", include("wagtail_flattr.site_urls"))``
before Wagtail's own (``wagtail.urls`` serves every other path as a page)."""

from django.urls import path

from flattr_core.markup.funding_manifest import MANIFEST_FILE

from .site_files import WELL_KNOWN_FILE, funding_json, funding_manifest_urls

urlpatterns = [
    path(MANIFEST_FILE, funding_json, name="wagtail_flattr_funding_json"),
    path(WELL_KNOWN_FILE, funding_manifest_urls, name="wagtail_flattr_funding_manifest_urls"),
]
