"""The three example sites as a reader and an editor meet them, built and served by the demo.

One demo for the module (the sandbox, the MkDocs and Pelican builds, the Wagtail project and its
server, all on free loopback ports). Needs every host installed: run it with ``tox -e demo``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest.importorskip("mkdocs", reason="the example sites need every host: tox -e demo")
pytest.importorskip("pelican.settings", reason="the example sites need every host: tox -e demo")
pytest.importorskip("wagtail", reason="the example sites need every host: tox -e demo")

from browser_kit import RequestLog, computed_style, contrast_ratio, origin_of, tab_to
from playwright.sync_api import BrowserContext, Locator, Page, Route, expect

from flattr_demo.command import Demo
from flattr_demo.layout import ADMIN_LOGIN, Ports

LABEL = "Flattr this"
TEXT_AA = 4.5
# (example, path): a post with the default static button on each host
STATIC_POSTS = {
    "mkdocs": ("mkdocs", "/blog/2024/01/09/hello-tern/"),
    "pelican": ("pelican", "/posts/first-ride-of-spring.html"),
    "wagtail-garden": ("wagtail", "/posts/tomatoes-on-a-balcony/"),
}
# a post with the widget button: per page in MkDocs and Pelican, the Night Sky site's style
WIDGET_POSTS = {
    "mkdocs": ("mkdocs", "/blog/2024/09/12/supporting-tern/"),
    "pelican": ("pelican", "/posts/fixing-a-chain.html"),
    "wagtail-sky": ("wagtail-sky", "/posts/first-light/"),
}
STUB_LOADER = (
    "window.FlattrLoader = {setup: function () { document.documentElement.dataset.setup = '1'; }};"
)

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    with Demo(tmp_path_factory.mktemp("demo"), ports=Ports.from_base(0)) as running:
        running.build()
        running.serve()
        yield running


def site_url(demo: Demo, example: str, path: str) -> str:
    ports = demo.ctx.ports
    if example == "wagtail-sky":
        return f"http://localhost:{ports.wagtail}{path}"
    return ports.url(example) + path


def thing_id_of(demo: Demo, url: str) -> int:
    """The id the sandbox gave the thing registered for ``url``."""
    assert demo.sandbox is not None
    found = [t["id"] for t in demo.sandbox.things() if t["url"] == url]
    assert len(found) == 1, f"{url} registered {len(found)} times"
    return int(str(found[0]))


@pytest.mark.parametrize("example", STATIC_POSTS)
def test_a_reader_finds_uses_and_follows_the_static_button(
    demo: Demo,
    browser_page: Page,
    requests_log: RequestLog,
    screenshot: Callable[..., Path],
    example: str,
) -> None:
    url = site_url(demo, *STATIC_POSTS[example])
    browser_page.goto(url)
    browser_page.wait_for_load_state("networkidle")
    button = browser_page.get_by_role("link", name=LABEL)
    expect(button).to_be_visible()
    assert requests_log.origins() == {origin_of(url)}  # no font, no script, no badge elsewhere
    payment = browser_page.locator('head link[rel="payment"]')
    expect(payment).to_have_count(1)
    assert payment.get_attribute("href").startswith(demo.ctx.sandbox_url + "/submit/auto?")
    thing_page = f"{demo.ctx.sandbox_url}/thing/{thing_id_of(demo, url)}"
    expect(button).to_have_attribute("href", thing_page)
    tab_to(browser_page, button, max_presses=80)
    ring = computed_style(button, "outline-style", "outline-width")
    assert ring["outline-style"] != "none", ring
    assert ring["outline-width"] != "0px", ring
    screenshot(button, "-focused")
    screenshot(browser_page)
    button.click()
    expect(browser_page).to_have_url(thing_page)
    expect(browser_page.locator("body")).to_contain_text(url)


@pytest.mark.parametrize("example", WIDGET_POSTS)
def test_flattrs_script_is_requested_only_after_a_click(
    demo: Demo,
    browser_page: Page,
    requests_log: RequestLog,
    screenshot: Callable[..., Path],
    example: str,
) -> None:
    url = site_url(demo, *WIDGET_POSTS[example])
    loader_calls: list[str] = []

    def stand_in(route: Route) -> None:  # Flattr's load.js is gone: a stand-in answers
        loader_calls.append(route.request.url)
        route.fulfill(body=STUB_LOADER, content_type="text/javascript")

    browser_page.route(re.compile(r".*/load\.js(\?.*)?$"), stand_in)
    browser_page.goto(url)
    browser_page.wait_for_load_state("networkidle")
    button = browser_page.get_by_role("link", name=LABEL)
    expect(button).to_be_visible()
    loader = button.get_attribute("data-loader-src") or ""
    assert loader_calls == []
    assert requests_log.to(origin_of(loader)) == []
    screenshot(button, "-widget")
    button.click()
    expect(browser_page.locator("html[data-setup='1']")).to_be_attached()
    assert browser_page.url == url  # the first click loads Flattr instead of navigating
    assert loader_calls == [loader]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "example",
    [
        "mkdocs",
        "pelican",
        "wagtail-garden",
        "wagtail-sky",
    ],
)
def test_the_label_is_readable_in_both_colour_schemes(
    demo: Demo,
    new_context: Callable[..., BrowserContext],
    screenshot: Callable[..., Path],
    example: str,
    scheme: str,
) -> None:
    where = WIDGET_POSTS[example] if example == "wagtail-sky" else STATIC_POSTS[example]
    page = new_context(color_scheme=scheme).new_page()
    page.goto(site_url(demo, *where))
    button = page.get_by_role("link", name=LABEL)
    label = computed_style(button.locator(".flattr-button__label"), "color")["color"]
    background = computed_style(button, "background-color")["background-color"]
    assert contrast_ratio(label, background) >= TEXT_AA, (label, background)
    assert drawn_opacity(button) == 1  # nothing above it fades the colours computed
    screenshot(page)


# -- the support block in the example themes (Material for MkDocs, Pelican's default theme, the
# Wagtail example's own) ---------------------------------------------------------------------------

# a post with the self-hosted buttons, and one with the opt-in widget style, per host
FUNDING_POSTS = {example: STATIC_POSTS[example] for example in ("mkdocs", "pelican")}
FUNDING_POSTS["wagtail-garden"] = STATIC_POSTS["wagtail-garden"]
FUNDING_POSTS["wagtail-sky"] = WIDGET_POSTS["wagtail-sky"]  # before a click: the same links
FUNDING_WIDGET_POSTS = {  # and the GitHub Sponsors account each post's widget loads
    "mkdocs": (WIDGET_POSTS["mkdocs"], "tern-notes"),  # the site's
    "pelican": (WIDGET_POSTS["pelican"], "grace-rides"),  # its author's
    "wagtail-sky": (WIDGET_POSTS["wagtail-sky"], "night-sky-notes"),  # the Night Sky site's
}
BLOCK_NAME = "Ways to support"


def drawn_opacity(target: Locator) -> float:
    """The opacity an element is drawn with: its own times each ancestor's (a faded footer
    lowers the contrast that the computed colours alone would show)."""
    script = (
        "el => { let o = 1; for (; el; el = el.parentElement)"
        " o *= parseFloat(getComputedStyle(el).opacity); return o; }"
    )
    return float(target.evaluate(script))


def third_party(log: RequestLog, url: str) -> list[str]:
    return [u for u in log.urls() if u.startswith("http") and origin_of(u) != origin_of(url)]


@pytest.mark.parametrize("example", FUNDING_POSTS)
def test_the_support_block_holds_the_flattr_button_and_asks_no_other_host(
    demo: Demo,
    vendor_context: BrowserContext,
    requests_log: RequestLog,
    screenshot: Callable[..., Path],
    example: str,
) -> None:
    url = site_url(demo, *FUNDING_POSTS[example])
    page = vendor_context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    block = page.get_by_role("group", name=BLOCK_NAME)
    expect(block).to_be_visible()
    expect(block.get_by_role("link", name=LABEL)).to_have_count(1)
    assert block.locator("a.funding-button").count() >= 3
    expect(page.locator('head link[rel="monetization"]')).to_have_count(1)
    expect(page.locator('head link[rel="payment"]')).to_have_count(1)
    assert third_party(requests_log, url) == []  # no font, script, badge or wallet elsewhere
    screenshot(block, "-block")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("example", FUNDING_POSTS)
def test_every_support_button_is_a_44px_target_readable_in_both_schemes(
    demo: Demo,
    new_context: Callable[..., BrowserContext],
    screenshot: Callable[..., Path],
    example: str,
    scheme: str,
) -> None:
    page = new_context(color_scheme=scheme).new_page()
    page.goto(site_url(demo, *FUNDING_POSTS[example]))
    buttons = page.locator(".funding-support a.funding-button").all()
    assert len(buttons) >= 3
    for button in buttons:
        box = button.bounding_box()
        assert box is not None
        assert box["width"] >= 44, (button.inner_text(), box)
        assert box["height"] >= 44, (button.inner_text(), box)
        label = computed_style(button.locator(".funding-button__label"), "color")["color"]
        background = computed_style(button, "background-color")["background-color"]
        assert contrast_ratio(label, background) >= TEXT_AA, (button.inner_text(), label)
        assert drawn_opacity(button) == 1, button.inner_text()  # the colours as computed
    screenshot(page.get_by_role("group", name=BLOCK_NAME), f"-{scheme}")


@pytest.mark.parametrize("example", FUNDING_WIDGET_POSTS)
def test_a_providers_own_button_is_requested_only_after_its_click(
    demo: Demo,
    vendor_context: BrowserContext,
    requests_log: RequestLog,
    screenshot: Callable[..., Path],
    example: str,
) -> None:
    where, account = FUNDING_WIDGET_POSTS[example]
    url = site_url(demo, *where)
    page = vendor_context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    expect(page.locator("a.funding-button--widget").first).to_be_visible()
    assert third_party(requests_log, url) == []
    page.get_by_role("link", name="GitHub Sponsors", exact=True).click()
    frame = page.locator("iframe.funding-widget__frame")
    embed = f"https://github.com/sponsors/{account}/button"
    expect(frame).to_have_attribute("src", embed)
    page.wait_for_load_state("networkidle")
    assert third_party(requests_log, url) == [embed]  # the stand-in answered it
    assert page.url == url  # the click loaded the embed instead of navigating
    screenshot(page.get_by_role("group", name=BLOCK_NAME), "-clicked")


# -- Wagtail's admin ------------------------------------------------------------------------------


@pytest.fixture
def admin_page(demo: Demo, browser_page: Page) -> Page:
    """Logged in to the Wagtail admin as the demo's admin."""
    user, password = ADMIN_LOGIN
    browser_page.goto(demo.ctx.ports.url("wagtail") + "/admin/login/")
    browser_page.get_by_label("Username").fill(user)
    browser_page.get_by_label("Password").fill(password)
    browser_page.get_by_role("button", name="Sign in").click()
    expect(browser_page).to_have_url(re.compile(r"/admin/$"))
    return browser_page


def test_the_admin_settings_page_shows_the_sites_flattr_account(
    demo: Demo, admin_page: Page, screenshot: Callable[..., Path]
) -> None:
    admin_page.goto(
        demo.ctx.ports.url("wagtail") + "/admin/settings/wagtail_flattr/flattrsitesettings/"
    )
    expect(admin_page.get_by_label("Username")).to_have_value("ada")
    expect(admin_page.locator("body")).to_contain_text("Connected to Flattr as ada")
    screenshot(admin_page)


def test_the_admin_reconnects_a_site_through_the_sandboxs_oauth_pages(
    demo: Demo, admin_page: Page, screenshot: Callable[..., Path]
) -> None:
    admin_page.goto(
        demo.ctx.ports.url("wagtail") + "/admin/settings/wagtail_flattr/flattrsitesettings/"
    )
    admin_page.get_by_role("link", name="Disconnect").click()
    admin_page.get_by_role("button", name=re.compile("Disconnect")).click()
    expect(admin_page.locator("body")).to_contain_text("No Flattr account is connected")
    admin_page.get_by_role("link", name="Connect Flattr account").click()
    expect(admin_page).to_have_url(
        re.compile("^" + re.escape(demo.ctx.sandbox_url + "/oauth/authorize"))
    )
    admin_page.locator("select[name=user]").select_option("ada")
    screenshot(admin_page, "-sandbox-approve")
    admin_page.get_by_role("button", name=re.compile("approve", re.I)).click()
    # nothing is saved before the editor confirms the account, named
    expect(admin_page.locator("body")).to_contain_text(
        "Connect Flattr account ada to Kitchen Garden?"
    )
    screenshot(admin_page, "-confirm")
    admin_page.get_by_role("button", name="Connect ada").click()
    expect(admin_page.locator("body")).to_contain_text("Connected to Flattr as ada")
    screenshot(admin_page)


def test_the_admin_report_lists_the_registered_things(
    demo: Demo, admin_page: Page, screenshot: Callable[..., Path]
) -> None:
    admin_page.goto(demo.ctx.ports.url("wagtail") + "/admin/flattr/report/")
    assert demo.sandbox is not None
    wagtail_things = [
        t for t in demo.sandbox.things() if f":{demo.ctx.ports.wagtail}/" in str(t["url"])
    ]
    assert len(wagtail_things) == 11  # 12 posts, one opted out
    for thing in wagtail_things:
        expect(
            admin_page.locator(f'a[href="{demo.ctx.sandbox_url}/thing/{thing["id"]}"]')
        ).to_have_count(1)
    thing_links = admin_page.locator(f'a[href^="{demo.ctx.sandbox_url}/thing/"]')
    expect(thing_links).to_have_count(len(wagtail_things))
    screenshot(admin_page)
