"""The per-site settings (admin: Settings → Flattr) and the choices the admin forms offer."""

from __future__ import annotations

from django.db import models
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from flattr_core import vocab
from flattr_core.models import BUTTON_STYLES, POSITIONS

from ..compat import ModelWideSitePolicy
from ..forms import FlattrSettingsForm
from ..panels import site_settings_panels
from ..token_column import TokenColumn

CATEGORY_CHOICES = [("", "Default"), *[(c, c) for c in vocab.CATEGORIES]]
LANGUAGE_CHOICES = [
    ("", "From the page's locale"),
    *sorted(vocab.LANGUAGES.items(), key=lambda item: item[1]),
]
STYLE_CHOICES = [("", "Default")] + [(s, s.capitalize()) for s in BUTTON_STYLES]
POSITION_CHOICES = [("", "Default")] + [(p, p.capitalize()) for p in POSITIONS]
HIDDEN_CHOICES = [(None, "Site default"), (True, "Hidden"), (False, "Listed")]
CONFIG_CACHE_ATTR = "_flattr_site_config"  # the site's SiteConfig, built once per instance
FUNDING_JSON_HELP = "The manifest's fields as JSON: entity, projects, plans (https URLs)."


@register_setting(icon="link")
class FlattrSiteSettings(TokenColumn, BaseSiteSetting):
    """One site's Flattr creator, defaults and connected account, and its other ways of support."""

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
    # The core's ``funding`` mapping (provider -> accounts), edited one field per provider.
    funding = models.JSONField("other ways of support", default=dict, blank=True)
    funding_json = models.JSONField(
        "funding.json", null=True, blank=True, help_text=FUNDING_JSON_HELP
    )
    # Write-only: not editable, so no admin form ever renders it; set by the connect flow.
    token = models.CharField(max_length=255, blank=True, editable=False)
    connected_as = models.CharField(max_length=100, blank=True, editable=False)

    base_form_class = FlattrSettingsForm
    panels = site_settings_panels()
    unpickled = ("token", CONFIG_CACHE_ATTR)  # the cached SiteConfig holds the token too

    class Meta:
        verbose_name = "Flattr"

    if not hasattr(BaseSiteSetting, "get_permission_policy"):  # Wagtail before 7.1
        get_permission_policy = classmethod(ModelWideSitePolicy)  # one permission, every site
