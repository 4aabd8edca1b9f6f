"""The funding fields of the admin forms: one text field per provider, from the core's table.

The site settings, an editor's account and a page with the Flattr fields each store their
funding as the core's ``funding`` mapping in one JSON field (``{"liberapay": "bob",
"github": ["octocat", "mona"]}``); an editor edits it as one field per provider
(``funding_liberapay``, ...), plus the id a vendor widget needs (``funding_patreon_user_id``,
``funding_ko_fi_widget_id``). A provider the core adds appears here without a migration.

A field left blank leaves the provider to the less specific layer (page → editor → site →
``DEFAULTS``); ``off`` turns it off at this layer; a page may also turn every provider off.
The core checks every value when the form is saved, and each problem lands on its field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any, Literal

from django import forms

from flattr_core.errors import Problem
from flattr_core.providers import PROVIDERS, Provider
from flattr_core.providers.config import OFF_WORDS

Level = Literal["site", "author", "page"]
PREFIX = "funding_"
NONE_FIELD = "funding_none"  # a page's "no other way of support here" (``funding: false``)
OFF = "off"
_SEPARATORS = re.compile(r"[\s,]+")
_KEY = re.compile(r"funding\.([a-z_]+)(?:\[\d+\])?(?:\.([a-z_]+))?")
_BLANK = {
    "site": "Blank: the install's default (WAGTAIL_FLATTR DEFAULTS), if any. off: none here.",
    "author": "Blank: the site's. off: none on your pages.",
    "page": "Blank: the author's or the site's. off: none on this page.",
}


def field_names(level: Level) -> list[str]:
    """The form fields of one level, in the core's provider order."""
    names = [name for provider in PROVIDERS.values() for name in _names(provider)]
    return [*names, NONE_FIELD] if level == "page" else names


def _names(provider: Provider) -> list[str]:
    own = PREFIX + provider.key
    return [own, f"{own}_{provider.widget_field}"] if provider.widget_field else [own]


class FundingFieldsForm(forms.Form):
    """Mixed into a model form (before it): the funding fields its panels (or ``Meta.fields``)
    name, filled from the instance's JSON field ``funding_attr``."""

    funding_attr = "funding"
    _meta: Any
    instance: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wanted = self._meta.fields
        for name in [n for n in self.fields if n.startswith(PREFIX)]:
            if wanted != forms.ALL_FIELDS and name not in (wanted or ()):
                del self.fields[name]  # a model whose panels leave them out keeps its value
        for name, value in initial_values(getattr(self.instance, self.funding_attr)).items():
            if name in self.fields and name not in self.initial:
                self.initial[name] = value

    @property
    def shows_funding(self) -> bool:
        """True when the form has the funding fields: only then does saving it set them."""
        return any(name.startswith(PREFIX) for name in self.fields)


@cache
def fields_form(level: Level) -> type[FundingFieldsForm]:
    """A form class declaring the level's funding fields, to mix into its model form."""
    declared: dict[str, forms.Field] = {}
    for provider in PROVIDERS.values():
        declared[PREFIX + provider.key] = forms.CharField(
            label=provider.name, required=False, help_text=_help(provider, level)
        )
        if provider.widget_field and provider.widget_check:
            declared[f"{PREFIX}{provider.key}_{provider.widget_field}"] = forms.CharField(
                label=f"{provider.name} {provider.widget_field.replace('_', ' ')}",
                required=False,
                help_text=f"{_refused(provider.widget_check)}, for its own button (the widget "
                "style); blank: the self-hosted button.",
            )
    if level == "page":
        declared[NONE_FIELD] = forms.BooleanField(
            label="No other way of support on this page", required=False,
            help_text="Only the Flattr button here: none of the author's or the site's others.",
        )  # fmt: skip
    return type(f"Funding{level.capitalize()}Fields", (FundingFieldsForm,), declared)


def _help(provider: Provider, level: Level) -> str:
    several = provider.max_accounts != 1
    count = f"Up to {provider.max_accounts}, " if provider.max_accounts else "One or more, "
    what = f"{count}separated by commas: each {provider.allowed}" if several else provider.allowed
    return f"{what[0].upper()}{what[1:]}. {_BLANK[level]}"


def _refused(check: Any) -> str:
    """What a widget id check allows, as it says when it refuses a value."""
    try:
        check(None)
    except ValueError as bad:
        return str(bad)[0].upper() + str(bad)[1:]
    return "An id"  # pragma: no cover - every check refuses None


def stored_value(cleaned: Mapping[str, Any]) -> dict[str, object] | bool:
    """The JSON to store from the cleaned fields: the core's ``funding`` mapping, or False."""
    if cleaned.get(NONE_FIELD):
        return False
    mapping: dict[str, object] = {}
    for provider in PROVIDERS.values():
        text = str(cleaned.get(PREFIX + provider.key) or "").strip()
        widget = provider.widget_field
        widget_id = str(cleaned.get(f"{PREFIX}{provider.key}_{widget}") or "").strip()
        if widget and widget_id:
            mapping[provider.key] = {**({"username": text} if text else {}), widget: widget_id}
        elif text.lower() in OFF_WORDS or (text and provider.max_accounts == 1):
            mapping[provider.key] = text
        elif text:
            mapping[provider.key] = [part for part in _SEPARATORS.split(text) if part]
    return mapping


def conflicts(cleaned: Mapping[str, Any]) -> bool:
    """True when a page turns every provider off and sets one all the same."""
    names = (n for n in field_names("page") if n != NONE_FIELD)
    return bool(cleaned.get(NONE_FIELD)) and any(str(cleaned.get(n) or "").strip() for n in names)


def initial_values(stored: object) -> dict[str, object]:
    """The fields' values for a stored value (what ``stored_value`` made, or code did)."""
    if stored is False:
        return {NONE_FIELD: True}
    if not isinstance(stored, Mapping):
        return {}
    values: dict[str, object] = {}
    for key, value in stored.items():
        provider = PROVIDERS.get(str(key))
        if provider is None:
            continue  # the core names it when the value is used; never shown here
        if isinstance(value, Mapping) and provider.widget_field:
            values[PREFIX + provider.key] = value.get("username", "")
            values[f"{PREFIX}{provider.key}_{provider.widget_field}"] = value.get(
                provider.widget_field, ""
            )
        elif isinstance(value, list | tuple):
            values[PREFIX + provider.key] = ", ".join(str(part) for part in value)
        elif isinstance(value, str | int) and not isinstance(value, bool):
            values[PREFIX + provider.key] = str(value)
        elif value is False:
            values[PREFIX + provider.key] = OFF
    return values


def field_for(key: str) -> str | None:
    """The form field a core problem key names: ``funding.github[1]`` -> ``funding_github``,
    ``funding.patreon.user_id`` -> ``funding_patreon_user_id``; None for any other key."""
    found = _KEY.fullmatch(key)
    if found is None:
        return None
    provider, part = found.groups()
    return f"{PREFIX}{provider}_{part}" if part and part != "username" else PREFIX + provider


def add_errors(form: forms.BaseForm, problems: Iterable[Problem]) -> None:
    """Each funding problem on its field (the form's own errors when it has no such field)."""
    for problem in problems:
        field = field_for(problem.key)
        form.add_error(field if field in form.fields else None, str(problem))
