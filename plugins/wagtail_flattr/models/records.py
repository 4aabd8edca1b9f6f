"""Registration records: one row per published page's thing, and the leases workers take."""

from __future__ import annotations

from django.db import models
from wagtail.models import Site

from flattr_core.models import Status


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
