"""``wagtail_flattr.middleware.FlattrMiddleware``: for sites that don't want to edit templates,
adds the head tags and the button to every served page of an enabled type.

It only touches complete HTML pages that Wagtail served (a ``TemplateResponse`` with a ``page``
in its context), and only when it can read them safely: a compressed body (``GZipMiddleware``
below it), a streaming response or bytes that are not text in the response's charset pass
through untouched. The core places the markup (``PageMarkup.into_page``): the head tags
before the real ``</head>``, the button in the element that holds the page's body (or the one
marked ``data-flattr-slot``), nothing twice. Position ``none``: head tags only.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .rendering import markup_for


class FlattrMiddleware:
    """Inserts Flattr head tags and the button into served Wagtail pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        page = _served_page(response)
        found = markup_for(request, page) if page is not None else None
        document = _text(response) if found is not None else None
        if found is None or document is None:
            return response
        updated = found.into_page(document)
        if updated != document:
            # Character references keep a title the charset cannot hold (the page had none).
            response.content = updated.encode(response.charset, "xmlcharrefreplace")
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response


def _served_page(response: HttpResponse) -> object | None:
    if response.status_code != 200 or response.streaming:
        return None
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    if response.get("Content-Encoding", "identity").strip().lower() != "identity":
        return None  # gzip, br, ...: bytes we would corrupt by reading them as text
    context = getattr(response, "context_data", None)
    return context.get("page") if isinstance(context, dict) else None


def _text(response: HttpResponse) -> str | None:
    """The body as text in the response's charset, or None when it is not."""
    try:
        text: str = response.content.decode(response.charset)
    except (LookupError, UnicodeDecodeError):
        return None
    return text
