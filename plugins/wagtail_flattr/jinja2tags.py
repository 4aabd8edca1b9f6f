"""Jinja2: add ``"wagtail_flattr.jinja2tags.flattr"`` to the environment's ``extensions``, then
``{{ flattr_head(page) }}`` and ``{{ flattr_button(page) }}`` (``request`` must be in context)."""

from __future__ import annotations

from typing import Any

import jinja2
from jinja2.ext import Extension
from markupsafe import Markup

from .rendering import button_html, head_html


@jinja2.pass_context
def flattr_button(context: Any, page: Any = None) -> Markup:
    """The page's Flattr button (nothing for pages without one)."""
    return button_html(context.get("request"), page if page is not None else context.get("page"))


@jinja2.pass_context
def flattr_head(context: Any, page: Any = None) -> Markup:
    """The page's payment link and Flattr meta tags."""
    return head_html(context.get("request"), page if page is not None else context.get("page"))


class FlattrExtension(Extension):
    """Adds the ``flattr_button`` and ``flattr_head`` globals."""

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment)
        environment.globals.update(flattr_button=flattr_button, flattr_head=flattr_head)


flattr = FlattrExtension
