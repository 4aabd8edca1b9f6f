"""A model's write-only token column: wrapped so it never prints, never in a pickle or a cache."""

from __future__ import annotations

from typing import Any, cast

from flattr_core import Secret


class TokenColumn:
    """Mixed into a model whose ``token`` field only the connect flow sets (a site's, an editor's,
    one waiting for the editor's yes). ``unpickled`` names the attributes a pickle leaves out:
    the token, and whatever else holds it."""

    token: str
    unpickled: tuple[str, ...] = ("token",)

    @property
    def secret(self) -> Secret | None:
        """The connected account's token, wrapped so it never prints."""
        return Secret(self.token) if self.token else None

    def __getstate__(self) -> dict[str, Any]:
        state = cast("dict[str, Any]", super().__getstate__())  # Django's Model: a dict copy
        for name in self.unpickled:
            state.pop(name, None)  # never into a cache or a pickle
        return state
