"""The "Flattr" report (Reports → Flattr): one row per registered page, filterable by site and
status, exportable as CSV/XLSX, with a retry button on failed rows.

Only users who may change the Flattr settings of at least one site see it, and they see only
the rows of those sites.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Site

from flattr_core import links

from . import conf
from .accounts import mismatches
from .models import FlattrSiteSettings, FlattrThing
from .tasks import register_page_task


def allowed_sites(user: Any) -> QuerySet[Site]:
    """The sites whose Flattr settings ``user`` may change."""
    policy = FlattrSiteSettings.get_permission_policy()
    return policy.sites_user_has_permission_for(user, "change")


def can_see_report(user: Any) -> bool:
    return allowed_sites(user).exists()


class FlattrThingFilterSet(WagtailFilterSet):
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.all())
    status = django_filters.ChoiceFilter(choices=FlattrThing.STATUS_CHOICES)

    class Meta:
        model = FlattrThing
        fields = ["site", "status"]


def _thing_link(thing: FlattrThing) -> str | None:
    return links.thing_url(thing.thing_id, conf.endpoints()) if thing.thing_id else None


class RetryColumn(Column):
    cell_template_name = "wagtail_flattr/admin/retry_cell.html"


class FlattrReportView(ReportView):
    """Registration status of every page Flattr knows about."""

    page_title = "Flattr"
    header_icon = "link"
    index_url_name = "wagtail_flattr:report"
    index_results_url_name = "wagtail_flattr:report_results"
    filterset_class = FlattrThingFilterSet
    list_export = ["url", "site", "status", "thing_id", "flattrs", "error", "updated_at"]
    export_headings = {
        "thing_id": "Flattr thing id",
        "error": "Last error",
        "updated_at": "Updated",
    }
    columns = [
        TitleColumn("url", label="Page", get_url=lambda thing: thing.url),
        Column("site", label="Site"),
        Column("status", label="Status", accessor="get_status_display"),
        TitleColumn("thing_id", label="Thing", get_url=_thing_link),
        Column("flattrs", label="Flattrs"),
        Column("error", label="Last error"),
        DateColumn("updated_at", label="Updated"),
        RetryColumn("retry", label=""),
    ]

    def user_has_permission(self, permission: str) -> bool:
        return can_see_report(self.request.user)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_see_report(request.user):
            raise PermissionDenied
        # Wagtail's ReportView ships no types: what it returns is Any to mypy
        return super().dispatch(request, *args, **kwargs)  # type: ignore[no-any-return]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.results_only:  # a connected account that is not the configured one
            for line in mismatches(allowed_sites(request.user)):
                messages.warning(request, f"Flattr: {line}")
        return super().get(request, *args, **kwargs)  # type: ignore[no-any-return]  # as above

    def get_queryset(self) -> QuerySet[FlattrThing]:
        sites = allowed_sites(self.request.user)
        return FlattrThing.objects.filter(site__in=sites).select_related("site")


@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a failed or deferred thing's page again (the report's "Retry" button)."""
    thing = get_object_or_404(FlattrThing, pk=pk, site__in=allowed_sites(request.user))
    if thing.page_id is None:
        messages.error(request, f"{thing.url}: the page no longer exists.")
    else:
        task = register_page_task.using(backend=conf.get("TASK_BACKEND"))
        task.enqueue(thing.page_id)
        messages.success(request, f"{thing.url}: registration queued again.")
    return redirect("wagtail_flattr:report")
