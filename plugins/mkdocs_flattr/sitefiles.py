"""The site files ``funding_json`` asks for: ``funding.json`` and the well-known list.

The core makes both texts (``markup.funding_site_files``); they are made in ``on_config``, so
a bad field stops the build before any page is rendered, and written at its end.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from flattr_core import FlattrError, SiteConfig, markup

log = get_plugin_logger("flattr")


def site_files(site: SiteConfig, site_url: str | None) -> dict[str, str]:
    """Path below the site's root -> text; none without ``funding_json``."""
    if site.funding_json is None:
        return {}
    if not site_url:
        log.warning("site_url is not set: no funding.json (its URLs must be absolute)")
        return {}
    try:
        return markup.funding_site_files(site.funding_json, site.funding, site_url=site_url)
    except FlattrError as error:
        raise PluginError(f"{site.source}: {error}") from None


def write(site_dir: str, files: Mapping[str, str]) -> None:
    """Write each file below ``site_dir`` (``.well-known/`` made if needed)."""
    for name, text in files.items():
        path = Path(site_dir, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
