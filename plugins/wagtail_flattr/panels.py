"""The "connected as X / Connect / Disconnect" panel of the site settings: it shows the account
name the connect flow stored, never the token."""

from __future__ import annotations

from typing import Any

from wagtail.admin.panels import Panel


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
