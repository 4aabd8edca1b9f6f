"""Which page types get a button: the ones the site ticked, or else the site's *posts*.

Real projects never mix ``FlattrPageMixin`` into their models, so the default cannot wait for
it. A page type is a post when a reader comes to it to read one piece, which on real models
(Wagtail's tutorial blog, bakerydemo, news-template) shows as:

- a body of its own: a rich-text or stream field declared by the type (not by Wagtail's page);
- a date of its own: a date or date-time field declared by the type (a publication date;
  Wagtail's own ``first_published_at``, ``go_live_at``... and ``auto_now`` stamps don't count);
- not a form (Wagtail's form pages), and not an index: a type whose ``subpage_types`` names
  the types it lists is a listing, whatever its fields.

Home, index, listing, about and form pages have no date of their own or are forms or lists,
so they get no button. A type with ``FlattrPageMixin`` always counts: its owner added the Flattr
fields on purpose. Ticked types replace the rule, mixin or not.
"""

from __future__ import annotations

from functools import cache

from django.db import models
from wagtail.fields import RichTextField, StreamField

from .compat import base_page_model

BODY_FIELDS = (RichTextField, StreamField)


def page_models() -> list[type[models.Model]]:
    """Every concrete page model but Wagtail's own base page."""
    from wagtail.models import get_page_models

    base = base_page_model()
    return [m for m in get_page_models() if m is not base and not m._meta.swapped]


def label(model: type[models.Model]) -> str:
    """The lower-case label the site settings store (``blog.blogpage``)."""
    return model._meta.label_lower


@cache
def why_default(model: type[models.Model]) -> str | None:
    """Why a page type gets a button when no type is ticked, or None when it does not."""
    from .models import FlattrPageMixin

    if issubclass(model, FlattrPageMixin):
        return "has the Flattr fields"
    if is_post(model):
        return "a post: a body and a date of its own"
    return None


def is_post(model: type[models.Model]) -> bool:
    """A type with a body and a date of its own that is neither a form nor an index."""
    if _is_form(model) or getattr(model, "subpage_types", None):
        return False
    own = _own_fields(model)
    has_body = any(isinstance(f, BODY_FIELDS) for f in own)
    has_date = any(isinstance(f, models.DateField) and not f.auto_now for f in own)
    return has_body and has_date


def _own_fields(model: type[models.Model]) -> list[models.Field]:  # type: ignore[type-arg]
    """The concrete fields the type (or a parent of it below the base page) declares."""
    base = base_page_model()
    return [f for f in model._meta.concrete_fields if not issubclass(base, f.model)]


def _is_form(model: type[models.Model]) -> bool:
    # Wagtail's ``FormMixin`` (form and email-form pages), without importing the forms app.
    return callable(getattr(model, "process_form_submission", None)) and callable(
        getattr(model, "get_form_fields", None)
    )


def enabled(ticked: list[str], model: type[models.Model]) -> bool:
    """Whether pages of ``model`` get a button on a site that ticked ``ticked`` (maybe none)."""
    return label(model) in ticked if ticked else why_default(model) is not None


def buttoned(ticked: list[str]) -> list[tuple[str, str]]:
    """(type name, why) for every page type that gets a button, as the settings form lists it."""
    found = []
    for model in page_models():
        if enabled(ticked, model):
            why = "ticked" if ticked else why_default(model)
            found.append((str(model._meta.verbose_name).capitalize(), str(why)))
    return sorted(found)
