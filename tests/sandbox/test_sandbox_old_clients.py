"""Old third-party Flattr clients against the sandbox, unchanged, as their users ran them.

``flattrclient`` 0.2 (PyPI, 2015; chrigl/python-flattr; Apache License 2.0) is installed from
PyPI by tox (`deps` of the core env, pinned). It hard-codes ``https://api.flattr.com`` and
``https://flattr.com``; the only thing changed here is where those hosts lead: a transport
adapter on the client's own ``requests`` session sends them to the sandbox, as a hosts-file
entry would. Every request the client builds (paths, trailing slashes, form bodies,
``_method=patch``, headers) reaches the sandbox as the client made it.

Checked and not runnable: ``collective.flattr`` 0.2 (PyPI, 2012, GPL), a Plone 4 add-on written
for Python 2 (``urllib2``, ``zope.interface.implements``); it would need porting, so it is not run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

# the old client: tox -e core installs it (tox.ini: flattrclient==0.2); elsewhere pip install it
pytest.importorskip(
    "flattrclient", reason="needs flattrclient: tox -e core, or pip install flattrclient==0.2"
)

import flattrclient.api
import flattrclient.exc
import flattrclient.oauth
import requests
import requests.adapters
from sandbox_http import CLIENTS

from flattr_sandbox import Sandbox

CALLBACK = "http://127.0.0.1:9/callback"  # the redirect URI of the OAuth contract tests


class ToSandbox(requests.adapters.HTTPAdapter):
    """Sends requests for ``origin`` (a host the client hard-codes) to the sandbox."""

    def __init__(self, origin: str, sandbox_url: str) -> None:
        super().__init__()
        self.origin = origin
        self.sandbox_url = sandbox_url

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        assert request.url is not None
        assert request.url.startswith(self.origin)
        request.url = self.sandbox_url + request.url[len(self.origin) :]
        return super().send(request, **kwargs)


def route_to(session: requests.Session, sandbox: Sandbox) -> None:
    session.trust_env = False  # no proxy from the environment between the client and loopback
    for origin in ("https://api.flattr.com", "https://flattr.com"):
        session.mount(origin + "/", ToSandbox(origin, sandbox.url))


@pytest.fixture
def old_api(sandbox: Sandbox) -> Iterator[Any]:
    api = flattrclient.api.get("tok-alice")
    route_to(api._session, sandbox)
    yield api
    api._session.close()


def stored(sandbox: Sandbox, thing_id: int) -> dict[str, object]:
    return next(thing for thing in sandbox.things() if thing["id"] == thing_id)


def create_thing(api: Any, url: str) -> Any:
    """``Thing.commit()`` posts a form to ``/rest/v2/things/`` (the trailing slash)."""
    thing = api.things.new(
        url=url,
        title="An old client's post",
        description="Registered by flattrclient 0.2",
        tags=["old", "client"],
        category="text",
    )
    result = thing.commit()
    assert result["message"] == "ok"
    assert isinstance(thing.id, int)
    return thing


def test_create_lookup_get_update_list_delete(old_api: Any, sandbox: Sandbox) -> None:
    thing = create_thing(old_api, "https://old.example/post")
    expected = {
        "url": "https://old.example/post",
        "title": "An old client's post",
        "description": "Registered by flattrclient 0.2",
        "tags": ["old", "client"],
        "category": "text",
        "hidden": False,
    }
    assert {key: stored(sandbox, thing.id)[key] for key in expected} == expected
    assert old_api.things.lookup("https://old.example/post").id == thing.id  # 302, followed
    got = old_api.things.get(str(thing.id))
    assert (got.title, got.owner["username"], got.tags) == (thing.title, "alice", ["old", "client"])

    got.title = "Renamed by the old client"
    got.tags = ["renamed"]
    assert got.commit()["description"] == "Thing was updated correctly"  # POST + _method=patch
    assert (stored(sandbox, thing.id)["title"], stored(sandbox, thing.id)["tags"]) == (
        "Renamed by the old client",
        ["renamed"],
    )

    assert [t.id for t in old_api.authenticated.get_things()] == [thing.id]
    assert [t.title for t in old_api.users("alice").get_things()] == ["Renamed by the old client"]
    assert got.delete() == ""  # 204
    assert sandbox.things() == []
    with pytest.raises(flattrclient.exc.NotFoundError):
        old_api.things.get(str(thing.id))


def test_get_many_search_and_users(old_api: Any, sandbox: Sandbox) -> None:
    first = create_thing(old_api, "https://old.example/one")
    second = create_thing(old_api, "https://old.example/two")
    many = old_api.things.get(str(second.id), str(first.id))
    assert [t.url for t in many] == ["https://old.example/two", "https://old.example/one"]
    found = old_api.things.search(query="old", user="alice", sort="flattrs")
    assert (found.total_items, sorted(t.id for t in found.things)) == (2, [first.id, second.id])
    user = old_api.users.get("alice")
    assert (user.username, user.resource) == ("alice", f"{sandbox.api_url}/users/alice")


def test_the_old_client_sees_the_documented_errors(sandbox: Sandbox) -> None:
    reader = flattrclient.api.get("tok-reader")  # a token without the thing scope
    stranger = flattrclient.api.get("not-a-token")
    for api in (reader, stranger):
        route_to(api._session, sandbox)
    with pytest.raises(flattrclient.exc.InsufficientScopeError):
        reader.things.new(url="https://old.example/denied").commit()
    with pytest.raises(flattrclient.exc.UnauthorizedError):
        list(stranger.authenticated.get_things())
    with pytest.raises(flattrclient.exc.NotAccaptableError):
        reader.authenticated.get_activities()  # asks for Activity Streams: JSON only here
    assert sandbox.things() == []


def test_the_old_clients_oauth_flow(sandbox: Sandbox) -> None:
    auth = flattrclient.oauth.get()
    route_to(auth._session, sandbox)
    ((client_id, secret),) = CLIENTS.items()
    page = auth._session.get(auth.authorize(client_id, "flattr,thing", CALLBACK))  # commas
    assert page.status_code == 200
    assert '<select name="user">' in page.text
    form = {"client_id": client_id, "redirect_uri": CALLBACK, "response_type": "code"}
    decision = {**form, "scope": "flattr,thing", "user": "Bob", "decision": "approve"}
    with requests.Session() as browser:  # the user's browser submits the approve form
        browser.trust_env = False
        url = f"{sandbox.url}/oauth/authorize"
        approved = browser.post(url, data=decision, allow_redirects=False)
    code = parse_qs(urlsplit(approved.headers["Location"]).query)["code"][0]
    auth.set_auth(client_id, secret)
    token = auth.token(code, CALLBACK)  # HTTP Basic, form body
    assert token["token_type"] == "bearer"
    api = flattrclient.api.get(token["access_token"])
    route_to(api._session, sandbox)
    thing = create_thing(api, "https://old.example/bob")
    assert stored(sandbox, thing.id)["owner"]["username"] == "Bob"  # type: ignore[index]
