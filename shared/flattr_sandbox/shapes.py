"""The JSON shapes of the API (reference §1.6), built from the sandbox's configured bases."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from .state import Grant, ThingRow, UserRow

PRIVATE_SCOPES = frozenset({"email", "extendedread"})


@dataclass(frozen=True)
class Bases:
    """Where the sandbox serves the API and the web pages; ``quirks`` sends loose types."""

    api_url: str
    web_url: str
    quirks: bool = False

    def thing_resource(self, thing_id: int) -> str:
        return f"{self.api_url}/things/{thing_id}"

    def thing_link(self, thing_id: int) -> str:
        return f"{self.web_url}/thing/{thing_id}"

    def image(self, thing_id: int) -> str:
        """``<web>/thing/image/<digits of the id joined by "/">/medium.png`` (reference §1.12)."""
        return f"{self.web_url}/thing/image/{'/'.join(str(thing_id))}/medium.png"

    def user_resource(self, username: str) -> str:
        return f"{self.api_url}/users/{quote(username.lower())}"

    def profile(self, username: str) -> str:
        return f"{self.web_url}/profile/{quote(username.lower())}"


def mini_user(bases: Bases, username: str) -> dict[str, object]:
    return {
        "type": "user",
        "resource": bases.user_resource(username),
        "link": bases.profile(username),
        "username": username,
    }


def user(bases: Bases, row: UserRow, scopes: frozenset[str] = frozenset()) -> dict[str, object]:
    """A full user; ``scopes`` are those of the user's own token (``/user``), else empty."""
    data = mini_user(bases, row.username)
    data.update(url=None, firstname=row.username, lastname="", avatar="", about="")
    data.update(city="", country="")
    if row.flattr_id:
        data["id"] = row.flattr_id
    if scopes & PRIVATE_SCOPES:
        data["email"] = f"{row.key}@sandbox.invalid"
    if "extendedread" in scopes:
        data["registered_at"] = row.registered_at
    return data


def thing(
    bases: Bases, row: ThingRow, viewer: Grant | None, *, owner: dict[str, object] | None = None
) -> dict[str, object]:
    """A thing as ``GET /things/:id`` shows it to ``viewer``; ``owner`` replaces the mini user."""
    data = mini_thing(bases, row)
    data.update(
        description=row.description,
        tags=list(row.tags),
        language=row.language,
        category=row.category,
        owner=owner or mini_user(bases, row.owner),
        hidden=int(row.hidden) if bases.quirks else row.hidden,
        flattrs_user_count=str(row.flattr_users) if bases.quirks else row.flattr_users,
        created_at=row.created_at,
    )
    if viewer is not None:
        data.update(flattred=False, subscribed=False)
        if viewer.user.key == row.owner.lower():
            data.update(last_flattr_at=row.last_flattr_at, updated_at=row.updated_at)
    return data


def mini_thing(bases: Bases, row: ThingRow) -> dict[str, object]:
    return {
        "type": "thing",
        "resource": bases.thing_resource(row.id),
        "link": bases.thing_link(row.id),
        "id": row.id,
        "url": row.url,
        "title": row.title,
        "image": bases.image(row.id),
        "flattrs": row.flattrs,
    }
