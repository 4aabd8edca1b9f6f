"""The admin forms: the site settings (page types as checkboxes) and the page editor of pages
with Flattr fields. The core checks every Flattr value; each problem lands on its field."""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from flattr_core.errors import ConfigError
from flattr_core.settings import page_problems

# The core's page-level keys, and the ``FlattrPageMixin`` fields that set them.
PAGE_FIELDS = {
    "enabled": "flattr_enabled",
    "username": "flattr_username",
    "category": "flattr_category",
    "tags": "flattr_tags",
    "hidden": "flattr_hidden",
}


def page_type_choices() -> list[tuple[str, str]]:
    """Every concrete page model, by its lower-case label (what ``page_types`` stores)."""
    from .page_types import label, page_models

    return [(label(m), str(m._meta.verbose_name).capitalize()) for m in page_models()]


class FlattrSettingsForm(WagtailAdminModelForm):
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

        cleaned: dict[str, object] = super().clean()
        try:
            site_config(self.instance.__class__(**_model_values(self.instance, cleaned)))
        except ConfigError as exc:
            for problem in exc.problems:
                field = problem.key if problem.key in self.fields else None
                self.add_error(field, str(problem))
        return cleaned


def _model_values(instance: object, cleaned: dict[str, object]) -> dict[str, object]:
    values = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}  # type: ignore[attr-defined]
    values.update((k, v) for k, v in cleaned.items() if k in values)
    return values


class FlattrPageForm(WagtailAdminPageForm):
    """The page editor's form for a ``FlattrPageMixin`` page: its Flattr values are checked
    when the page is saved (a page model with a form of its own should derive it from this)."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        page = copy.copy(self.instance)  # the page as it would be saved, without touching it
        for field in PAGE_FIELDS.values():
            if field in cleaned:
                setattr(page, field, cleaned[field])
        for problem in page_problems(page.flattr_overrides()):
            name = PAGE_FIELDS.get(problem.key)  # None: the page's problem, not a field's
            self.add_error(name if name in self.fields else None, str(problem))
        return cleaned
