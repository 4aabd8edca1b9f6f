"""``wagtail_flattr.middleware.FlattrMiddleware``: for sites that don't want to edit templates,
adds the head tags and the button to every served page of an enabled type.

It only touches complete HTML pages that Wagtail served (a ``TemplateResponse`` with a ``page``
in its context). The core's insertion is idempotent: a page whose template already used the tags
gets nothing twice. Position ``none`` means: head tags only, the template places the button.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from markupsafe import Markup

from flattr_core import markup
from flattr_core.models import Position

from .rendering import button_html, head_html, resolved_for

_CONTAINERS = ("article", "main", "body")


class FlattrMiddleware:
    """Inserts Flattr head tags and the button into served Wagtail pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        page = _served_page(response)
        if page is None or resolved_for(request, page) is None:
            return response
        charset = response.charset or "utf-8"
        document = response.content.decode(charset)
        updated = _decorate(request, page, document)
        if updated != document:
            response.content = updated.encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response


def _served_page(response: HttpResponse) -> object | None:
    if response.status_code != 200 or response.streaming:
        return None
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    context = getattr(response, "context_data", None)
    return context.get("page") if isinstance(context, dict) else None


def _decorate(request: HttpRequest, page: object, document: str) -> str:
    position = resolved_for(request, page).button.position  # type: ignore[union-attr]
    document = markup.insert_head(document, head_html(request, page))
    if position == "none" or markup.has_button(document):
        return document
    return _insert_button(document, button_html(request, page), position)


def _insert_button(document: str, button: Markup, position: Position) -> str:
    """The button at the top/bottom of the page's ``<article>``, else ``<main>``, else body."""
    for name in _CONTAINERS:
        found = re.search(rf"<{name}\b[^>]*>(.*?)</{name}\s*>", document, re.S | re.I)
        if found:
            inner = markup.insert_button(found.group(1), button, position)
            return document[: found.start(1)] + inner + document[found.end(1) :]
    return document
