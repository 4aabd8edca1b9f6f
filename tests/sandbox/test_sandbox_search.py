"""Contract: GET /things/search (reference §1.8.8) and its tag expressions."""

from __future__ import annotations

import pytest
from sandbox_http import Raw, create

from flattr_sandbox.search import parse_tags, tags_match


@pytest.fixture
def catalog(api: Raw) -> dict[str, int]:
    specs = {
        "game": {"tags": "game,fun", "category": "software", "language": "en_GB"},
        "games": {"tags": "games", "category": "software", "language": "de_DE"},
        "soft": {"tags": "game,software", "category": "software"},
        "photo": {"tags": "photos,travel,iphone", "category": "images", "title": "Travel photos"},
        "flickr": {"tags": "photos,travel,iphone,flickr", "category": "images"},
        "secret": {"tags": "game", "hidden": True},
        "bobs": {"tags": "game", "token": "tok-bob", "title": "Bob plays a game"},
    }
    return {
        name: create(api, f"https://search.example/{name}", **spec)  # type: ignore[arg-type]
        for name, spec in specs.items()
    }


def ids(api: Raw, query: str, token: str | None = None) -> list[int]:
    reply = api.get(f"/things/search?{query}", token=token)
    assert reply.status == 200, reply.body
    return [thing["id"] for thing in reply.json()["things"]]  # type: ignore[index]


def test_the_response_shape(api: Raw, catalog: dict[str, int]) -> None:
    body = api.get("/things/search?tags=photos&count=1").json()
    assert set(body) == {"total_items", "items", "page", "things"}  # type: ignore[arg-type]
    assert (body["total_items"], body["items"], body["page"]) == (2, 1, 1)  # type: ignore[index]
    assert body["things"][0]["type"] == "thing"  # type: ignore[index]
    second = api.get("/things/search?tags=photos&count=1&page=2").json()
    assert (second["items"], second["page"]) == (1, 2)  # type: ignore[index]
    assert second["things"][0]["id"] != body["things"][0]["id"]  # type: ignore[index]


def test_tag_expressions(api: Raw, catalog: dict[str, int]) -> None:
    c = catalog
    assert set(ids(api, "tags=game+%7C+games+%21+software")) == {c["game"], c["games"], c["bobs"]}
    assert ids(api, "tags=photos+%26+travel+%26+iphone+%21flickr") == [c["photo"]]


def test_filters(api: Raw, catalog: dict[str, int]) -> None:
    c = catalog
    assert set(ids(api, "category=images")) == {c["photo"], c["flickr"]}
    assert ids(api, "language=de_DE") == [c["games"]]
    assert ids(api, "user=BOB") == [c["bobs"]]
    assert ids(api, "query=travel+photos") == [c["photo"], c["flickr"]]  # by relevance
    assert ids(api, "url=search.example/flickr") == [c["flickr"]]
    assert api.get("/things/search?category=nope").status == 400
    assert api.get("/things/search?sort=random").status == 400


def test_hidden_things_need_extendedread(api: Raw, catalog: dict[str, int]) -> None:
    assert catalog["secret"] not in ids(api, "tags=game", token="tok-alice")
    assert catalog["secret"] in ids(api, "tags=game", token="tok-admin")


def test_sort_by_flattrs(api: Raw, web: Raw, catalog: dict[str, int]) -> None:
    for _ in range(2):
        web.post(f"/thing/{catalog['games']}/flattr")
    web.post(f"/thing/{catalog['soft']}/flattr")
    for sort in ("flattrs", "flattrs_week", "trend"):
        assert ids(api, f"category=software&sort={sort}")[:2] == [catalog["games"], catalog["soft"]]


def test_parse_tags_groups_or_inside_and() -> None:
    clauses = parse_tags("game | games ! software")
    assert clauses == [[(False, "game"), (False, "games")], [(True, "software")]]
    assert tags_match(clauses, ("Games",))
    assert not tags_match(clauses, ("game", "software"))
    assert not tags_match(clauses, ("fun",))
