"""Admin wiring: the URLs, the Reports menu item, and the editor's own Flattr account panel
(their Flattr account and their other ways of support)."""

from __future__ import annotations

from typing import Any, cast

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


# Wagtail ships no types: to mypy its hook decorator is untyped (it returns the function as is)
@hooks.register("register_admin_urls")  # type: ignore[untyped-decorator]
def register_admin_urls() -> list[Any]:
    return [path("flattr/", include(urls, namespace="wagtail_flattr"))]


class FlattrReportMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return can_see_report(request.user)


@hooks.register("register_reports_menu_item")  # type: ignore[untyped-decorator]  # as above
def register_report_menu_item() -> MenuItem:
    return FlattrReportMenuItem(
        "Flattr", reverse("wagtail_flattr:report"), icon_name="link", order=900
    )


# misc: a base made by a call (mypy takes none); type-arg: ModelForm takes no [] at run time
class FlattrAuthorForm(fields_form("author"), forms.ModelForm):  # type: ignore[misc, type-arg]
    """An editor's Flattr username and id, and their own other ways of support."""

    class Meta:
        model = FlattrAuthor
        fields = ["username", "flattr_id", *field_names("author")]

    def clean(self) -> dict[str, Any]:
        # Django's ModelForm.clean gives its cleaned_data (a dict, never None)
        cleaned = cast("dict[str, Any]", super().clean())
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
        # data is (POST, FILES) or (), but mypy reads a star-arg of either as of any length, so
        # as if it might fill instance= and prefix= too
        return self.form_class(*data, instance=self._instance(), prefix=self.name)  # type: ignore[misc]

    def get_context_data(self) -> dict[str, Any]:
        from .accounts import mismatch

        author = self._instance()
        context: dict[str, Any] = super().get_context_data()
        context.update(connected=bool(author.token), connected_as=author.connected_as)
        context["warning"] = mismatch(author.username, author.connected_as)
        return context


@hooks.register("register_account_settings_panel")  # type: ignore[untyped-decorator]  # as above
def register_account_panel(request: Any, user: Any, profile: Any) -> FlattrAccountPanel:
    return FlattrAccountPanel(request, user, profile)
