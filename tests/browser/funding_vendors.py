"""The funding providers' own files as local stand-ins, for Playwright routes.

No request leaves the machine: every https request of a context routed with ``serve_vendors``
is answered here or refused. Each stand-in behaves as flattr-funding.js relies on (Ko-fi's
kofiwidget2 with init/getHTML, a Buy Me a Coffee script that draws a button after itself,
GitHub's button page, the badge images); any other page (a click that follows a link) gets a
small HTML page naming its URL.
"""

from __future__ import annotations

import re

from playwright.sync_api import Route

KOFI_SCRIPT = (
    "window.kofiwidget2 = {init: function (t, c, id) { this.args = [t, c, id]; },"
    ' getHTML: function () { return \'<a class="kofi-button" href="https://ko-fi.com/\''
    " + this.args[2] + '\">' + this.args[0] + '</a>'; }};"
)
BMC_SCRIPT = (
    "(function (me) { var b = document.createElement('a'); b.className = 'bmc-btn';"
    " b.textContent = me.getAttribute('data-slug'); me.after(b); })(document.currentScript);"
)
BADGE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="30"><rect width="80"'
    ' height="30" fill="#f6c915"/></svg>'
)
JS, SVG = "application/javascript", "image/svg+xml"
# URL pattern -> (content type, body)
STAND_INS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern), kind, body)
    for pattern, kind, body in (
        (r"https://storage\.ko-fi\.com/cdn/widget/Widget_2\.js", JS, KOFI_SCRIPT),
        (r"https://cdnjs\.buymeacoffee\.com/1\.0\.0/button\.prod\.min\.js", JS, BMC_SCRIPT),
        (r"https://liberapay\.com/assets/widgets/donate\.svg", SVG, BADGE_SVG),
        (r"https://opencollective\.com/[^/]+/donate/button@2x\.png\?color=blue", SVG, BADGE_SVG),
        (r"https://github\.com/sponsors/[^/]+/button", "text/html", "<button>Sponsor</button>"),
    )
)
VENDOR_URLS = re.compile(r"^https://")


def serve_vendors(route: Route) -> None:
    """Answer a provider's request with its stand-in; a page navigation with a page; else refuse."""
    url = route.request.url
    for pattern, kind, body in STAND_INS:
        if pattern.fullmatch(url):
            route.fulfill(status=200, content_type=kind, body=body)
            return
    if route.request.resource_type == "document":
        route.fulfill(status=200, content_type="text/html", body=f"<h1>vendor page {url}</h1>")
    else:
        route.abort()
