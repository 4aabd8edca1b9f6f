"""Flattr's embedded button, working again: the sandbox serves ``/js/0.6/load.js`` at Flattr's
path, and the button it frames posts flattrs (reference §2.1-2.4; the script itself runs in
Chromium in tests/browser/test_examples.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from sandbox_http import Raw, create

from flattr_sandbox import Sandbox

NASTY = '<script>alert("x")</script> & more'
BUTTON = {
    "uid": "alice",
    "url": "https://web.example/widget",
    "title": NASTY,
    "description": "A post with the widget button.",
    "category": "text",
}


def test_the_loader_is_served_at_flattrs_path_as_a_script(web: Raw) -> None:
    reply = web.get("/js/0.6/load.js?mode=manual")
    assert reply.status == 200
    assert reply.header("Content-Type") == "text/javascript; charset=utf-8"
    script = reply.body.decode()
    assert "window.FlattrLoader" in script
    for name in ("setup", "render", "addLoadEvent"):  # the JS API of load.js 0.6
        assert f"{name}:" in script
    assert '"/button/view/?"' in script


def test_the_framed_button_counts_the_things_flattrs_escaped(api: Raw, web: Raw) -> None:
    thing_id = create(api, BUTTON["url"])
    web.post(f"/thing/{thing_id}/flattr")
    view = web.get("/button/view/?" + urlencode(BUTTON))
    page = view.body.decode()
    assert view.status == 200
    assert '<span class="count" aria-label="1 flattr">1</span>' in page
    assert '<form method="post" action="/button/flattr">' in page
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_pressing_it_flattrs_and_shows_the_new_count(api: Raw, web: Raw) -> None:
    thing_id = create(api, BUTTON["url"])
    pressed = web.post("/button/flattr", form=BUTTON)
    assert pressed.status == 303
    assert pressed.header("Location") == "/button/view/?" + urlencode(BUTTON)
    assert api.get(f"/things/{thing_id}").json()["flattrs"] == 1  # type: ignore[index]
    shown = web.get(str(pressed.header("Location"))).body.decode()
    assert 'aria-label="1 flattr">1</span>' in shown


def test_the_first_flattr_of_a_new_url_creates_its_thing_for_uid(
    web: Raw, sandbox: Sandbox
) -> None:
    assert web.post("/button/flattr", form=BUTTON).status == 303
    [thing] = sandbox.things()
    assert (thing["url"], thing["owner"]["username"], thing["flattrs"]) == (  # type: ignore[index]
        BUTTON["url"], "alice", 1,
    )  # fmt: skip
    unknown = web.post(
        "/button/flattr", form={**BUTTON, "uid": "nobody", "url": "https://x.example/"}
    )
    assert unknown.status == 400
    assert b"no such Flattr user" in unknown.body
