"""``flattr doctor`` in a Django project's folder: its settings and database as Django loads
them, found through the ``flattr.doctors`` entry points (the core imports no host).

The settings module is the one ``manage.py`` names (``DJANGO_SETTINGS_MODULE`` wins, as it does
for ``manage.py``); the checks are ``manage.py flattr_doctor``'s (``diagnosis``).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import django
from django.apps import apps

from flattr_core.cli.sites import HostSite

SETTINGS_VARIABLE = "DJANGO_SETTINGS_MODULE"
NAMED_IN_MANAGE = re.compile(
    r"""setdefault\(\s*["']DJANGO_SETTINGS_MODULE["']\s*,\s*["']([\w.]+)["']"""
)


def read_site(folder: Path) -> list[HostSite]:
    """The Wagtail sites of the Django project whose manage.py is in ``folder`` (none without
    one, or when the project does not install ``wagtail_flattr``)."""
    manage = folder / "manage.py"
    if not manage.is_file():
        return []
    module = os.environ.get(SETTINGS_VARIABLE) or _named_in(manage)
    if module is None:
        note = f"{manage}: names no settings module; set {SETTINGS_VARIABLE}"
        return [HostSite("Django", str(manage), notes=(note,))]
    sys.path.insert(0, str(folder.resolve()))
    os.environ[SETTINGS_VARIABLE] = module
    try:
        django.setup()
    except Exception as error:  # the settings are the user's Python: anything can fail
        cannot = f"Django cannot load it: {type(error).__name__}: {error}"
        return [HostSite("Django", module, errors=(cannot,))]
    if not apps.is_installed("wagtail_flattr"):
        note = f"{module}: 'wagtail_flattr' is not in INSTALLED_APPS"
        return [HostSite("Django", module, notes=(note,))]
    from .diagnosis import sites  # models can be imported once Django is set up

    return sites()


def _named_in(manage: Path) -> str | None:
    found = NAMED_IN_MANAGE.search(manage.read_text(encoding="utf-8"))
    return found.group(1) if found else None
