"""The site settings form: page types as checkboxes; the core validates every other value."""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from flattr_core.errors import ConfigError


def page_type_choices() -> list[tuple[str, str]]:
    """Every concrete page model, by its lower-case label (what ``page_types`` stores)."""
    from wagtail.models import get_page_models

    models = [m for m in get_page_models() if m._meta.label_lower != "wagtailcore.page"]
    return [(m._meta.label_lower, str(m._meta.verbose_name).capitalize()) for m in models]


class FlattrSettingsForm(WagtailAdminModelForm):
    """The site settings form; every value is checked by the core, problems land on their field."""

    page_types = forms.MultipleChoiceField(
        choices=page_type_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Page types that get a button. None ticked: every page type with Flattr fields.",
    )

    def clean(self) -> dict[str, object]:
        from .content import site_config

        cleaned = super().clean()
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
