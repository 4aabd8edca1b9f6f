"""Publishing enqueues registration after the transaction commits; the editor never waits.

Inside the publishing transaction the page's record is marked *pending* (``pending``), so the
publish is written down with the page: if the enqueue after the commit fails (the queue is
down, the process dies), ``manage.py flattr_recover`` finds the page and queues it again.

Every publish path sends ``page_published``: the admin, code (``revision.publish()``), scheduled
publishing, workflows. Aliases are skipped: they share the original's content but have their own
URL, and Flattr would count them as a second thing. Unpublishing changes nothing on Flattr: the
thing and its flattrs stay, the page just stops showing its button; re-publishing it unchanged
makes no request at all.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from . import conf, pending
from .accounts import has_connected_account
from .content import gets_button
from .models import FlattrSiteSettings
from .tasks import register_page_task

log = logging.getLogger("wagtail_flattr")


@receiver(page_published, dispatch_uid="wagtail_flattr.page_published")
def enqueue_registration(sender: type, instance: Any, alias: bool = False, **kwargs: Any) -> None:
    """Mark the page pending, and queue its registration once the transaction has committed."""
    if alias or instance.alias_of_id:
        return
    settings = _registering_settings(instance)
    if settings is None:
        return
    pending.mark_published(instance, settings)
    page_id = instance.pk
    transaction.on_commit(lambda: _enqueue(page_id))


def _enqueue(page_id: int) -> None:
    """The publish has committed: a queue that fails now must not fail it (the record says
    pending, and the sweep queues it again)."""
    try:
        register_page_task.using(backend=conf.get("TASK_BACKEND")).enqueue(page_id)
    except Exception:
        log.exception("Flattr: could not queue the registration of page %s", page_id)


def _registering_settings(page: Any) -> FlattrSiteSettings | None:
    """The site's settings, if the page is to be registered: a page of an enabled type, on a
    site with registration on and an account connected (the site's, or the page owner's)."""
    site = page.get_site()
    if site is None:
        return None
    settings = FlattrSiteSettings.for_site(site)
    if not settings.register or not gets_button(settings, page):
        return None
    return settings if has_connected_account(settings, page.owner_id) else None
