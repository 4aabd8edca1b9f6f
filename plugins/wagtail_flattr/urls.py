"""Admin URLs (mounted under /admin/flattr/ by ``wagtail_hooks``), namespace ``wagtail_flattr``."""

from django.urls import path

from . import reports, views

app_name = "wagtail_flattr"
urlpatterns = [
    path("connect/<int:site_id>/", views.connect, name="connect"),
    path("connect/<int:site_id>/callback/", views.callback, name="callback"),
    path("disconnect/<int:site_id>/", views.disconnect, name="disconnect"),
    path("report/", reports.FlattrReportView.as_view(), name="report"),
    path(
        "report/results/",
        reports.FlattrReportView.as_view(results_only=True),
        name="report_results",
    ),
    path("report/retry/<int:pk>/", reports.retry, name="retry"),
]
