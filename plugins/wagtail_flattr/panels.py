"""Panels of the site settings: "connected as X / Connect / Disconnect" (the account name the
connect flow stored, never the token), the editors whose own Flattr account (or funding) is
invalid, which page types get a button now, and the other ways of support."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib.auth import get_user_model
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, Panel

from flattr_core import FlattrError

from .funding_fields import field_names


def fields(*names: str) -> list[FieldPanel]:
    """A ``FieldPanel`` per field name (Wagtail before 6.4 takes no bare names in panels)."""
    return [FieldPanel(name) for name in names]


def site_settings_panels() -> list[Panel]:
    """The site settings form: the account, the defaults, and the button with its page types."""
    account = [
        *fields("username", "flattr_id", "register"),
        ConnectionPanel(),
        BrokenAccountsPanel(),
    ]
    button = [
        FieldRowPanel(fields("button", "position")),
        FieldPanel("page_types"),
        PageTypesPanel(),
    ]
    return [
        MultiFieldPanel(account, "Account"),
        MultiFieldPanel(fields("category", "language", "tags", "hidden"), "Defaults"),
        MultiFieldPanel(button, "Button"),
        MultiFieldPanel(fields(*field_names("site"), "funding_json"), "Other ways of support"),
    ]


class ConnectionPanel(Panel):
    """Shows whether the site has a connected Flattr account, with the connect/disconnect links."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_flattr/admin/connection_panel.html"

        def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
            from .accounts import mismatch  # here: models import this module

            context: dict[str, Any] = super().get_context_data(parent_context)
            context["connected"] = bool(self.instance.token)
            context["connected_as"] = self.instance.connected_as
            context["site_id"] = self.instance.site_id
            context["warning"] = mismatch(self.instance.username, self.instance.connected_as)
            return context


class BrokenAccountsPanel(Panel):
    """Lists the editors whose own Flattr account is invalid (saved before it was checked, or
    not through the account form): their pages show no button until they correct it."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_flattr/admin/broken_accounts_panel.html"

        def is_shown(self) -> bool:
            return bool(self.broken_accounts)

        @cached_property
        def broken_accounts(self) -> list[tuple[str, str]]:
            """(editor, what is wrong), by the editor's login name."""
            from .content import site_config  # here: content imports the models, and they this

            try:
                broken = site_config(self.instance).broken
            except FlattrError:  # the site's own values are shown on their fields instead
                return []
            ids = [b.name for b in broken if b.kind == "author"]
            users = get_user_model().objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
            names = {str(user.pk): user.get_username() for user in users}
            return [
                (names.get(b.name, b.name), "; ".join(str(p) for p in b.problems)) for b in broken
            ]

        def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
            context: dict[str, Any] = super().get_context_data(parent_context)
            context["broken"] = self.broken_accounts
            return context


class PageTypesPanel(Panel):
    """Says which page types get a button now: the ticked ones, or the rule's (``page_types``),
    as saved; so an owner who ticks nothing sees where the buttons are."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_flattr/admin/page_types_panel.html"

        def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
            from . import page_types  # here: it imports the models, and they this

            context: dict[str, Any] = super().get_context_data(parent_context)
            context["ticked"] = bool(self.instance.page_types)
            context["buttoned"] = page_types.buttoned(list(self.instance.page_types or []))
            context["username"] = self.instance.username
            return context
