"""What differs between the Wagtail lines the app supports (6.3 LTS to 8), in one place.

- Wagtail 8's base page model is swappable (``WAGTAIL_PAGE_MODEL``, through ``swapper``).
- Site-scoped permissions on site settings (``GroupSitePermission``, a settings model's
  ``get_permission_policy()`` with ``sites_user_has_permission_for``) came with Wagtail 7.1.
  Before, a settings model's permission is model-wide: whoever holds "Can change Flattr" may
  change every site's, and ``ModelWideSitePolicy`` says so in the 7.1 policy's terms.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy


def base_page_model() -> type[Model]:
    """The base page model: Wagtail 8's swappable ``WAGTAIL_PAGE_MODEL``, else ``Page``."""
    try:
        import swapper
    except ImportError:  # Wagtail before 8
        from wagtail.models import Page

        return Page
    model: type[Model] = swapper.load_model("wagtailcore", "Page")
    return model


class ModelWideSitePolicy(ModelPermissionPolicy):  # type: ignore[misc]
    """A settings model's permission policy before Wagtail 7.1: one permission for all sites."""

    def sites_user_has_permission_for(self, user: Any, action: str) -> QuerySet[Site]:
        """Every site when ``user`` holds the model's ``action`` permission, else none."""
        if self.user_has_permission(user, action):
            return Site.objects.all()
        return Site.objects.none()
