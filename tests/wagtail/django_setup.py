"""Django with this suite's settings, when pytest was started without them.

tox sets ``DJANGO_SETTINGS_MODULE=settings`` and puts this folder on ``PYTHONPATH``; then
pytest-django has set Django up before conftest.py is imported, and this does nothing. Plain
``pytest`` (or ``pytest tests/wagtail``) sets neither: pytest has put this folder on
``sys.path`` to import conftest.py, and this sets the same settings and sets Django up.
Settings named by the caller (``--ds``, the environment) are left as they are.
"""

from __future__ import annotations

import os


def set_up() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
