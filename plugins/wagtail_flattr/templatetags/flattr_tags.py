"""``{% load flattr_tags %}``, then ``{% flattr_head page %}`` in ``<head>`` and
``{% flattr_button page %}`` where the button goes. Both need the ``request`` context processor."""

from __future__ import annotations

from typing import Any

from django import template
from markupsafe import Markup

from ..rendering import button_html, head_html

register = template.Library()


@register.simple_tag(takes_context=True)
def flattr_button(context: dict[str, Any], page: Any = None) -> Markup:
    """The page's Flattr button (nothing for pages without one)."""
    return button_html(context.get("request"), page if page is not None else context.get("page"))


@register.simple_tag(takes_context=True)
def flattr_head(context: dict[str, Any], page: Any = None) -> Markup:
    """The page's payment link and Flattr meta tags (nothing for pages without a button)."""
    return head_html(context.get("request"), page if page is not None else context.get("page"))
