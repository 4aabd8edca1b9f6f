"""The Flattr fields of a page: mix ``FlattrPageMixin`` into a page model."""

from __future__ import annotations

from django.db import models
from wagtail.admin.panels import MultiFieldPanel

from ..forms import FlattrPageForm
from ..funding_fields import field_names
from ..panels import fields
from .site import CATEGORY_CHOICES, HIDDEN_CHOICES


class FlattrPageMixin(models.Model):
    """Per-page Flattr fields; mix into a page model and add ``flattr_panels`` to its panels."""

    flattr_enabled = models.BooleanField("show a Flattr button", default=True)
    flattr_username = models.CharField("Flattr username", max_length=100, blank=True)
    flattr_category = models.CharField(
        "Flattr category", max_length=20, blank=True, choices=CATEGORY_CHOICES
    )
    flattr_tags = models.CharField("Flattr tags", max_length=255, blank=True)
    flattr_hidden = models.BooleanField(
        "hidden on Flattr", null=True, blank=True, choices=HIDDEN_CHOICES
    )
    # The page's own ``funding``: a mapping of providers, or False (none of the others here).
    flattr_funding = models.JSONField("other ways of support", default=dict, blank=True)

    flattr_panels = [
        MultiFieldPanel(
            fields(
                "flattr_enabled",
                "flattr_username",
                "flattr_category",
                "flattr_tags",
                "flattr_hidden",
            ),
            heading="Flattr",
        ),
        MultiFieldPanel(
            fields(*field_names("page")), heading="Other ways of support", classname="collapsed"
        ),
    ]

    # The page editor's form: the core checks these values when the page is saved.
    base_form_class = FlattrPageForm

    class Meta:
        abstract = True

    def flattr_overrides(self) -> dict[str, object]:
        """The page's own settings, as the core's page-level override keys."""
        given: dict[str, object] = {"enabled": self.flattr_enabled}
        if self.flattr_username:
            given["username"] = self.flattr_username
        if self.flattr_category:
            given["category"] = self.flattr_category
        if self.flattr_tags:
            given["tags"] = self.flattr_tags  # the core splits and cleans them
        if self.flattr_hidden is not None:
            given["hidden"] = self.flattr_hidden
        if self.flattr_funding or self.flattr_funding is False:
            given["funding"] = self.flattr_funding
        return given
