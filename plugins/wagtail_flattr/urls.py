"""Admin URLs (mounted under /admin/flattr/ by ``wagtail_hooks``), namespace ``wagtail_flattr``."""

from django.urls import path

from . import reports, views

app_name = "wagtail_flattr"
urlpatterns = [
    path("connect/<int:site_id>/", views.connect, name="connect"),
    # One callback for every site and editor: the session's flow says what it connects.
    path("connect/callback/", views.callback, name="callback"),
    path("connect/confirm/", views.confirm, name="confirm"),
    path("disconnect/<int:site_id>/", views.disconnect, name="disconnect"),
    path("account/connect/", views.author_connect, name="author_connect"),
    path("account/disconnect/", views.author_disconnect, name="author_disconnect"),
    path("report/", reports.FlattrReportView.as_view(), name="report"),
    path(
        "report/results/",
        reports.FlattrReportView.as_view(results_only=True),
        name="report_results",
    ),
    path("report/retry/<int:pk>/", reports.retry, name="retry"),
]
