"""Per-site settings, per-page fields, per-author accounts and registration records.

Page references are plain ``page_id`` integers rather than foreign keys, so that one migration
fits both Wagtail 7 and Wagtail 8's swappable base page model (``WAGTAIL_PAGE_MODEL``).
"""

from __future__ import annotations

from collections.abc import Collection

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from flattr_core import vocab
from flattr_core.models import BUTTON_STYLES, POSITIONS, Secret, Status
from flattr_core.settings import author_problems

from .compat import ModelWideSitePolicy
from .forms import FlattrPageForm, FlattrSettingsForm
from .panels import fields, site_settings_panels

CATEGORY_CHOICES = [("", "Default"), *[(c, c) for c in vocab.CATEGORIES]]
LANGUAGE_CHOICES = [
    ("", "From the page's locale"),
    *sorted(vocab.LANGUAGES.items(), key=lambda item: item[1]),
]
STYLE_CHOICES = [("", "Default")] + [(s, s.capitalize()) for s in BUTTON_STYLES]
POSITION_CHOICES = [("", "Default")] + [(p, p.capitalize()) for p in POSITIONS]
HIDDEN_CHOICES = [(None, "Site default"), (True, "Hidden"), (False, "Listed")]
CONFIG_CACHE_ATTR = "_flattr_site_config"  # the site's SiteConfig, built once per instance


@register_setting(icon="link")
class FlattrSiteSettings(BaseSiteSetting):
    """One site's Flattr creator, defaults and connected account (admin: Settings → Flattr)."""

    username = models.CharField(max_length=100, blank=True, help_text="Your Flattr username.")
    flattr_id = models.CharField("Flattr id", max_length=32, blank=True)
    category = models.CharField(max_length=20, blank=True, choices=CATEGORY_CHOICES)
    language = models.CharField(max_length=10, blank=True, choices=LANGUAGE_CHOICES)
    tags = models.CharField(max_length=255, blank=True, help_text="Comma-separated extra tags.")
    hidden = models.BooleanField(default=False, help_text="Hide things from Flattr's listings.")
    button = models.CharField("button style", max_length=10, blank=True, choices=STYLE_CHOICES)
    position = models.CharField(max_length=10, blank=True, choices=POSITION_CHOICES)
    page_types = models.JSONField(default=list, blank=True)
    register = models.BooleanField("register things", default=True)
    # Write-only: not editable, so no admin form ever renders it; set by the connect flow.
    token = models.CharField(max_length=255, blank=True, editable=False)
    connected_as = models.CharField(max_length=100, blank=True, editable=False)

    base_form_class = FlattrSettingsForm
    panels = site_settings_panels()

    class Meta:
        verbose_name = "Flattr"

    if not hasattr(BaseSiteSetting, "get_permission_policy"):  # Wagtail before 7.1
        get_permission_policy = classmethod(ModelWideSitePolicy)  # one permission, every site

    @property
    def secret(self) -> Secret | None:
        """The connected account's token, wrapped so it never prints."""
        return Secret(self.token) if self.token else None

    def __getstate__(self) -> dict[str, object]:
        state = super().__getstate__()
        state.pop("token", None)  # never into a cache or a pickle
        state.pop(CONFIG_CACHE_ATTR, None)  # it holds the token too; rebuilt when next needed
        return state


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
        )
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
            given["tags"] = split_tags(self.flattr_tags)
        if self.flattr_hidden is not None:
            given["hidden"] = self.flattr_hidden
        return given


class FlattrAuthor(models.Model):
    """An editor's own Flattr account: pages they own are flattred to them (user settings).

    Connected the way a site is (OAuth, then a confirmation naming the account), their token
    registers the things of the pages they own that name this account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flattr_account"
    )
    username = models.CharField("Flattr username", max_length=100, blank=True)
    flattr_id = models.CharField("Flattr id", max_length=32, blank=True)
    # Write-only, like the site's: set by the connect flow, never in a form or a page.
    token = models.CharField(max_length=255, blank=True, editable=False)
    connected_as = models.CharField(max_length=100, blank=True, editable=False)

    def __str__(self) -> str:
        return self.username or "(no Flattr account)"

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        """Django's checks, then the core's on the account (blank is no account), so that one
        editor's typo never reaches the site: each problem lands on its field."""
        errors: dict[str, list[str]] = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        given = {"username": self.username or None, "flattr_id": self.flattr_id or None}
        for problem in author_problems(given) if any(given.values()) else ():
            field = problem.key.split(".")[0]
            if field in given and field not in (exclude or ()) and field not in errors:
                errors[field] = [str(problem)]
        if errors:
            raise ValidationError(errors)

    @property
    def secret(self) -> Secret | None:
        """The connected account's token, wrapped so it never prints."""
        return Secret(self.token) if self.token else None

    def __getstate__(self) -> dict[str, object]:
        state = super().__getstate__()
        state.pop("token", None)  # never into a cache or a pickle
        return state


class FlattrPendingConnection(models.Model):
    """A token between Flattr's answer and the editor's "Connect account X to Y?": held for
    minutes, server-side (never in the session, which may be a signed cookie), used once."""

    key = models.CharField(max_length=64, unique=True)  # the session holds only this
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=32)  # "site:ID" or "author"
    account = models.CharField(max_length=100)
    token = models.CharField(max_length=255, editable=False)
    expires_at = models.FloatField()

    def __getstate__(self) -> dict[str, object]:
        state = super().__getstate__()
        state.pop("token", None)
        return state


class FlattrThing(models.Model):
    """Registration state of one published page (one row per canonical URL)."""

    STATUS_CHOICES = [(s.value, s.value.capitalize()) for s in Status]

    page_id = models.PositiveIntegerField(null=True, db_index=True)
    site = models.ForeignKey(Site, null=True, on_delete=models.SET_NULL, related_name="+")
    url = models.URLField(max_length=500, unique=True)
    thing_id = models.PositiveBigIntegerField("Flattr thing id", null=True, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=STATUS_CHOICES, default="pending")
    error = models.TextField("last error", blank=True)
    flattrs = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "Flattr thing"

    def __str__(self) -> str:
        return self.url


class FlattrLease(models.Model):
    """A short lease on a URL, so two workers never register the same thing twice."""

    url = models.URLField(max_length=500, unique=True)
    owner = models.CharField(max_length=200)
    expires_at = models.FloatField()


def split_tags(text: str) -> list[str]:
    """Comma-separated tags from a form field, stripped, empty ones dropped."""
    return [tag.strip() for tag in text.split(",") if tag.strip()]
