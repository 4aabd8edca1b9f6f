"""Flattr's embedded button, working again: ``/js/0.6/load.js`` and the button it frames.

The script (``static/load.js``) replaces each ``a.FlattrButton`` with an iframe of
``/button/view/?uid=...&url=...``: the thing's flattr count and a Flattr button. Pressing it
posts to ``/button/flattr``, which flattrs the thing for that URL (first creating it for
``uid``, as the auto-submit page does) and shows the button again, counted. Anonymous, like
every flattr from the sandbox's pages.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from flattr_core.text import counted

from . import web
from .protocol import Request, Response, html_response, redirect, route

if TYPE_CHECKING:
    from .app import App

SCRIPT = Path(__file__).with_name("static") / "load.js"
SCRIPT_TYPE = "text/javascript; charset=utf-8"
# the button's own parameters (reference §2.2: uid, not the auto-submit URL's user_id)
BUTTON_KEYS = ("uid", "url", "title", "description", "language", "category", "tags", "hidden")
STYLE = (
    "html,body{margin:0;font:12px/1.2 system-ui,sans-serif}"
    "form{display:flex;flex-direction:column;align-items:center;gap:4px}"
    ".count{font-size:16px;font-weight:700;color:#14300a}"
    "button{font:inherit;font-weight:600;color:#fff;background:#2f6b10;border:0;"
    "border-radius:4px;padding:4px 6px;cursor:pointer}"
    "button:focus-visible{outline:3px solid #1a4d00;outline-offset:1px}"
)


def load_js(app: App, request: Request) -> Response:
    """The loader, from the package (``?mode=auto|manual`` is read by the script itself)."""
    return Response(200, SCRIPT.read_bytes(), SCRIPT_TYPE, [("Cache-Control", "max-age=300")])


def button_view(app: App, request: Request) -> Response:
    """The framed button: the thing's count and a Flattr button that posts a flattr."""
    params = request.given(BUTTON_KEYS)
    row = app.state.thing_by_url(params.get("url", ""))
    count = row.flattrs if row is not None else 0
    title = params.get("title") or params.get("url", "")
    inputs = web.hidden_inputs(params)
    body = (
        f'<form method="post" action="/button/flattr">{inputs}'
        f'<span class="count" aria-label="{counted(count, "flattr")}">{count}</span>'
        f'<button aria-label="Flattr {escape(title)}">Flattr</button></form>'
    )
    html = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Flattr {escape(title)}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>\n"
    )
    return html_response(200, html)


def button_flattr(app: App, request: Request) -> Response:
    """One flattr for the button's thing (created first for ``uid`` when it is new)."""
    params = request.given(BUTTON_KEYS)
    row = app.state.thing_by_url(params.get("url", ""))
    if row is None:
        values = {("user_id" if key == "uid" else key): value for key, value in params.items()}
        user, fields = web.submission(app, values)
        app.state.insert_thing(user.username, fields)
        row = app.state.thing_by_url(str(fields["url"]))
    assert row is not None
    app.state.add_flattr(row.id, None)
    return redirect("/button/view/?" + urlencode(params), 303)


ROUTES = [
    route("GET", r"/js/0\.6/load\.js", load_js),
    route("GET", r"/button/view/?", button_view),
    route("POST", r"/button/flattr/?", button_flattr),
]
