"""Admin wiring: the URLs, the Reports menu item, and the editor's own Flattr account panel
(their Flattr account and their other ways of support)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.account import BaseSettingsPanel

from flattr_core.settings import author_problems

from . import urls
from .funding_fields import add_errors, field_names, fields_form, stored_value
from .models import FlattrAuthor
from .reports import can_see_report


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    return [path("flattr/", include(urls, namespace="wagtail_flattr"))]


class FlattrReportMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return can_see_report(request.user)


@hooks.register("register_reports_menu_item")
def register_report_menu_item() -> MenuItem:
    return FlattrReportMenuItem(
        "Flattr", reverse("wagtail_flattr:report"), icon_name="link", order=900
    )


class FlattrAuthorForm(fields_form("author"), forms.ModelForm):  # type: ignore[misc]
    """An editor's Flattr username and id, and their own other ways of support."""

    class Meta:
        model = FlattrAuthor
        fields = ["username", "flattr_id", *field_names("author")]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        funding = stored_value(cleaned)
        add_errors(self, author_problems({"funding": funding}) if funding else ())
        self.instance.funding = funding
        return cleaned


class FlattrAccountPanel(BaseSettingsPanel):
    """Account → Profile: the editor's own Flattr username (their pages are flattred to them)
    and their own connected account (its token registers those pages' things)."""

    name = "flattr"
    title = "Flattr"
    order = 900
    form_class = FlattrAuthorForm
    template_name = "wagtail_flattr/admin/account_panel.html"

    def _instance(self) -> FlattrAuthor:
        return FlattrAuthor.objects.filter(user=self.user).first() or FlattrAuthor(user=self.user)

    def get_form(self) -> FlattrAuthorForm:
        data = (self.request.POST, self.request.FILES) if self.request.method == "POST" else ()
        return self.form_class(*data, instance=self._instance(), prefix=self.name)

    def get_context_data(self) -> dict[str, Any]:
        from .accounts import mismatch

        author = self._instance()
        context: dict[str, Any] = super().get_context_data()
        context.update(connected=bool(author.token), connected_as=author.connected_as)
        context["warning"] = mismatch(author.username, author.connected_as)
        return context


@hooks.register("register_account_settings_panel")
def register_account_panel(request: Any, user: Any, profile: Any) -> FlattrAccountPanel:
    return FlattrAccountPanel(request, user, profile)
