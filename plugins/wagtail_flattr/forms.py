"""The admin forms: the site settings (page types as checkboxes) and the page editor of pages
with Flattr fields (an editor's own account: ``wagtail_hooks``). The core checks every Flattr
and funding value; each problem lands on its field (``funding_fields`` for the providers')."""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from flattr_core.errors import ConfigError, Problem
from flattr_core.settings import page_problems

from . import funding_fields
from .funding_fields import NONE_FIELD, fields_form

# The core's page-level keys, and the ``FlattrPageMixin`` fields that set them.
PAGE_FIELDS = {
    "enabled": "flattr_enabled",
    "username": "flattr_username",
    "category": "flattr_category",
    "tags": "flattr_tags",
    "hidden": "flattr_hidden",
}
NOT_TOGETHER = "either no other way of support on this page, or the providers set here: not both"


def page_type_choices() -> list[tuple[str, str]]:
    """Every concrete page model, by its lower-case label (what ``page_types`` stores)."""
    from .page_types import label, page_models

    return [(label(m), str(m._meta.verbose_name).capitalize()) for m in page_models()]


class FlattrSettingsForm(fields_form("site"), WagtailAdminModelForm):  # type: ignore[misc]
    """The site settings form; every value is checked by the core, problems land on their field."""

    page_types = forms.MultipleChoiceField(
        choices=page_type_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Page types that get a button. None ticked: the posts (types with a body and "
        "a date of their own, not forms or indexes) and the types with the Flattr fields.",
    )

    def clean(self) -> dict[str, object]:
        from .content import site_config
        from .site_files import site_files

        cleaned: dict[str, object] = super().clean()
        values = _model_values(self.instance, cleaned)
        if self.shows_funding:
            values["funding"] = funding_fields.stored_value(cleaned)
        candidate = self.instance.__class__(**values)
        try:
            site_files(candidate, site_config(candidate))  # funding.json, when it is set
        except ConfigError as exc:
            self._add_problems(exc)
        self.instance.funding = candidate.funding
        return cleaned

    def _add_problems(self, error: ConfigError) -> None:
        if error.source == "funding_json":  # the manifest's own fields: all on its field
            for problem in error.problems:
                self.add_error("funding_json", f"funding.json: {problem}")
            return
        funding_fields.add_errors(self, [p for p in error.problems if _is_funding(p)])
        for problem in (p for p in error.problems if not _is_funding(p)):
            self.add_error(problem.key if problem.key in self.fields else None, str(problem))


def _is_funding(problem: Problem) -> bool:
    return problem.key.startswith("funding.")


def _model_values(instance: object, cleaned: dict[str, object]) -> dict[str, object]:
    values = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}  # type: ignore[attr-defined]
    values.update((k, v) for k, v in cleaned.items() if k in values)
    return values


class FlattrPageForm(fields_form("page"), WagtailAdminPageForm):  # type: ignore[misc]
    """The page editor's form for a ``FlattrPageMixin`` page: its Flattr values are checked
    when the page is saved (a page model with a form of its own should derive it from this)."""

    funding_attr = "flattr_funding"

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        page = copy.copy(self.instance)  # the page as it would be saved, without touching it
        for field in PAGE_FIELDS.values():
            if field in cleaned:
                setattr(page, field, cleaned[field])
        if self.shows_funding:
            if funding_fields.conflicts(cleaned):
                self.add_error(NONE_FIELD, NOT_TOGETHER)
            page.flattr_funding = funding_fields.stored_value(cleaned)
            self.instance.flattr_funding = page.flattr_funding
        problems = page_problems(page.flattr_overrides())
        funding = [p for p in problems if p.key.startswith("funding")]
        # Without the fields the editor could not correct it: its pages say so, once, instead.
        funding_fields.add_errors(self, funding if self.shows_funding else ())
        for problem in (p for p in problems if p not in funding):
            name = PAGE_FIELDS.get(problem.key)  # None: the page's problem, not a field's
            self.add_error(name if name in self.fields else None, str(problem))
        return cleaned
