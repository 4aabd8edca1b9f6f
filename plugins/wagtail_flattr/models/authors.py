"""Editors' own Flattr accounts and other ways of support, and connections being confirmed."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from flattr_core.settings import author_problems

from ..token_column import TokenColumn


class FlattrAuthor(TokenColumn, models.Model):
    """An editor's own Flattr account: pages they own are flattred to them (user settings).

    Connected the way a site is (OAuth, then a confirmation naming the account), their token
    registers the things of the pages they own that name this account. ``funding``: their
    own other ways of support, on the pages they own (over the site's, per provider)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flattr_account"
    )
    username = models.CharField("Flattr username", max_length=100, blank=True)
    flattr_id = models.CharField("Flattr id", max_length=32, blank=True)
    funding = models.JSONField("other ways of support", default=dict, blank=True)
    # Write-only, like the site's: set by the connect flow, never in a form or a page.
    token = models.CharField(max_length=255, blank=True, editable=False)
    connected_as = models.CharField(max_length=100, blank=True, editable=False)

    def __str__(self) -> str:
        return self.username or "(no Flattr account)"

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        """Django's checks, then the core's on the account (blank is no account), so that one
        editor's typo never reaches the site: each problem lands on its field."""
        errors: dict[str, list[Any]] = {}  # Django's ValidationErrors, then the core's messages
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        given = {
            "username": self.username or None,
            "flattr_id": self.flattr_id or None,
            "funding": self.funding if "funding" not in (exclude or ()) else None,
        }
        for problem in author_problems(given) if any(given.values()) else ():
            field = problem.key.split(".")[0]
            if field in given and field not in (exclude or ()) and field not in errors:
                errors[field] = [str(problem)]
        if errors:
            raise ValidationError(errors)


class FlattrPendingConnection(TokenColumn, models.Model):
    """A token between Flattr's answer and the editor's "Connect account X to Y?": held for
    minutes, server-side (never in the session, which may be a signed cookie), used once."""

    key = models.CharField(max_length=64, unique=True)  # the session holds only this
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=32)  # "site:ID" or "author"
    account = models.CharField(max_length=100)
    token = models.CharField(max_length=255, editable=False)
    expires_at = models.FloatField()
