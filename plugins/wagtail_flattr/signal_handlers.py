"""Publishing enqueues registration after the transaction commits; the editor never waits.

Every publish path sends ``page_published``: the admin, code (``revision.publish()``), scheduled
publishing, workflows. Aliases are skipped: they share the original's content but have their own
URL, and Flattr would count them as a second thing. Unpublishing changes nothing on Flattr: the
thing and its flattrs stay, the page just stops showing its button; re-publishing it unchanged
makes no request at all.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from . import conf
from .accounts import has_connected_account
from .content import gets_button
from .models import FlattrSiteSettings
from .tasks import register_page_task


@receiver(page_published, dispatch_uid="wagtail_flattr.page_published")
def enqueue_registration(sender: type, instance: Any, alias: bool = False, **kwargs: Any) -> None:
    """Queue the page's registration for when the publishing transaction has committed."""
    if alias or instance.alias_of_id or not _wants_registration(instance):
        return
    task = register_page_task.using(backend=conf.get("TASK_BACKEND"))
    transaction.on_commit(partial(task.enqueue, instance.pk))


def _wants_registration(page: Any) -> bool:
    """Only pages of enabled types, on sites with registration on and an account connected
    (the site's, or the page owner's own)."""
    site = page.get_site()
    if site is None:
        return False
    settings = FlattrSiteSettings.for_site(site)
    if not settings.register or not gets_button(settings, page):
        return False
    return has_connected_account(settings, page.owner_id)
