"""The web pages a button links to: thing, flattr, profile, auto-submit (reference §2.6-2.7)."""

from __future__ import annotations

from urllib.parse import urlencode

from sandbox_http import Raw, create

from flattr_sandbox import Sandbox

NASTY = '<script>alert("x")</script> & more'


def test_thing_page_shows_the_thing_escaped_and_a_flattr_form(api: Raw, web: Raw) -> None:
    thing_id = create(api, "https://web.example/a?x=1&y=2", title=NASTY)
    reply = web.get(f"/thing/{thing_id}")
    page = reply.body.decode()
    assert reply.status == 200
    assert reply.header("Content-Type") == "text/html; charset=utf-8"
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert 'href="https://web.example/a?x=1&amp;y=2"' in page
    assert f'<form method="post" action="/thing/{thing_id}/flattr">' in page
    assert '<a href="/profile/alice">alice</a>' in page
    assert web.get(f"/thing/{thing_id}/Some-Slug").status == 200


def test_flattring_counts_and_redirects_back(api: Raw, web: Raw) -> None:
    thing_id = create(api, "https://web.example/b")
    reply = web.post(f"/thing/{thing_id}/flattr")
    assert (reply.status, reply.header("Location")) == (303, f"/thing/{thing_id}")
    web.post(f"/thing/{thing_id}/flattr")
    assert api.get(f"/things/{thing_id}").json()["flattrs"] == 2  # type: ignore[index]
    assert '<span class="flattrs">2</span>' in web.get(f"/thing/{thing_id}").body.decode()
    owner_view = api.get(f"/things/{thing_id}", token="tok-alice").json()
    assert owner_view["last_flattr_at"] > 0  # type: ignore[index]


def test_missing_thing_and_profile_are_404_pages(web: Raw) -> None:
    for path in ("/thing/999", "/profile/nobody"):
        reply = web.get(path)
        assert reply.status == 404
        assert b"not_found" in reply.body


def test_profile_lists_public_things(api: Raw, web: Raw) -> None:
    shown = create(api, "https://web.example/shown", title="Shown post")
    create(api, "https://web.example/hidden", title="Hidden post", hidden=True)
    page = web.get("/profile/ALICE").body.decode()
    assert f'<a href="/thing/{shown}">Shown post</a>' in page
    assert "Hidden post" not in page


def test_thing_image_is_served(api: Raw, web: Raw) -> None:
    thing_id = create(api, "https://web.example/img")
    image = str(api.get(f"/things/{thing_id}").json()["image"])  # type: ignore[index]
    reply = web.get(image[len(web.base) :])
    assert reply.status == 200
    assert reply.body.startswith(b"\x89PNG")


def test_auto_submit_shows_a_pending_page_then_the_first_flattr_creates(
    web: Raw, sandbox: Sandbox
) -> None:
    query = {
        "user_id": "alice",
        "url": "https://web.example/new",
        "title": NASTY,
        "category": "text",
        "tags": "a,b",
    }
    pending = web.get("/submit/auto?" + urlencode(query))
    assert pending.status == 200
    assert b"first flattr creates" in pending.body
    assert b"<script>" not in pending.body
    assert sandbox.things() == []
    created = web.post("/submit/auto", form=query)
    assert created.status == 303
    [thing] = sandbox.things()
    assert (thing["url"], thing["owner"]["username"], thing["flattrs"]) == (  # type: ignore[index]
        "https://web.example/new",
        "alice",
        1,
    )
    again = web.get("/submit/auto?" + urlencode(query))
    assert f'data-thing-id="{thing["id"]}"'.encode() in again.body


def test_auto_submit_by_flattr_id_and_its_errors(web: Raw, sandbox: Sandbox) -> None:
    by_fid = web.get("/submit/auto?" + urlencode({"fid": "a1b2c3", "url": "https://web.example/f"}))
    assert by_fid.status == 200
    assert b"for alice" in by_fid.body
    bad_user = web.get("/submit/auto?" + urlencode({"user_id": "x", "url": "https://a.example/"}))
    bad_url = web.get("/submit/auto?" + urlencode({"user_id": "alice", "url": "/relative"}))
    assert bad_user.status == 400
    assert b"user_id" in bad_user.body
    assert bad_url.status == 400
    assert b"url" in bad_url.body
