"""What differs between the Wagtail lines the app supports (6.3 LTS to 8), in one place.

- Wagtail 8's base page model is swappable (``WAGTAIL_PAGE_MODEL``, through ``swapper``).
- Site-scoped permissions on site settings (``GroupSitePermission``, a settings model's
  ``get_permission_policy()`` with ``sites_user_has_permission_for``) came with Wagtail 7.1.
  Before, a settings model's permission is model-wide: whoever holds "Can change Flattr" may
  change every site's, and ``ModelWideSitePolicy`` says so in the 7.1 policy's terms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy

if TYPE_CHECKING:
    from wagtail.models import Page  # Wagtail ships no types: Page is Any to mypy


def base_page_model() -> type[Page]:
    """The base page model: Wagtail 8's swappable ``WAGTAIL_PAGE_MODEL``, else ``Page``."""
    try:
        import swapper
    except ImportError:  # Wagtail before 8
        from wagtail.models import Page

        return Page  # type: ignore[no-any-return]  # Wagtail ships no types: Page is Any
    model: type[Page] = swapper.load_model("wagtailcore", "Page")
    return model


class ModelWideSitePolicy(ModelPermissionPolicy):
    """A settings model's permission policy before Wagtail 7.1: one permission for all sites."""

    def sites_user_has_permission_for(self, user: Any, action: str) -> QuerySet[Site]:
        """Every site when ``user`` holds the model's ``action`` permission, else none."""
        # Wagtail ships no types: Site's manager is Any, its querysets are of Site
        if self.user_has_permission(user, action):
            return Site.objects.all()  # type: ignore[no-any-return]
        return Site.objects.none()  # type: ignore[no-any-return]
