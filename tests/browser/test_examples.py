"""The three example sites as a reader and an editor meet them, built and served by the demo.

One demo for the module (the sandbox, the MkDocs and Pelican builds, the Wagtail project and its
server, all on free loopback ports). Needs every host installed: run it with ``tox -e demo``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest.importorskip("mkdocs", reason="the example sites need every host: tox -e demo")
pytest.importorskip("pelican.settings", reason="the example sites need every host: tox -e demo")
pytest.importorskip("wagtail", reason="the example sites need every host: tox -e demo")

from browser_kit import RequestLog, computed_style, origin_of, padded_box, tab_to
from pixels import rendered_contrast, same_picture
from playwright.sync_api import BrowserContext, Locator, Page, expect

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


def thing_of(demo: Demo, url: str) -> dict[str, object]:
    """The thing the sandbox holds for ``url`` (registered once)."""
    assert demo.sandbox is not None
    found = [t for t in demo.sandbox.things() if t["url"] == url]
    assert len(found) == 1, f"{url} registered {len(found)} times"
    return found[0]


def thing_id_of(demo: Demo, url: str) -> int:
    """The id the sandbox gave the thing registered for ``url``."""
    return int(str(thing_of(demo, url)["id"]))


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
def test_the_widget_loads_the_sandboxs_script_on_a_click_and_its_button_flattrs(
    demo: Demo,
    browser_page: Page,
    requests_log: RequestLog,
    screenshot: Callable[..., Path],
    example: str,
) -> None:
    """The widget flow end to end: nothing of Flattr's until the click; the click loads the
    sandbox's load.js (at Flattr's path), whose FlattrLoader replaces the link with Flattr's
    framed button; pressing that flattrs the post's thing in the sandbox."""
    url = site_url(demo, *WIDGET_POSTS[example])
    browser_page.goto(url)
    browser_page.wait_for_load_state("networkidle")
    button = browser_page.get_by_role("link", name=LABEL)
    expect(button).to_be_visible()
    loader = button.get_attribute("data-loader-src") or ""
    assert loader == demo.ctx.sandbox_url + "/js/0.6/load.js?mode=manual"
    assert requests_log.to(origin_of(loader)) == []
    screenshot(button, "-widget")
    button.click()
    frame = browser_page.locator("iframe.FlattrButton")
    expect(frame).to_be_visible()
    assert browser_page.url == url  # the first click loads Flattr instead of navigating
    assert requests_log.to(origin_of(loader))[0] == loader
    framed = browser_page.frame_locator("iframe.FlattrButton")
    expect(framed.locator(".count")).to_have_text("0")
    screenshot(frame, "-loaded")
    framed.get_by_role("button", name=re.compile("^Flattr ")).click()
    expect(framed.locator(".count")).to_have_text("1")
    assert thing_of(demo, url)["flattrs"] == 1


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
    artifacts_dir: Path,
    screenshot: Callable[..., Path],
    example: str,
    scheme: str,
) -> None:
    """Measured from the rendered pixels, as a reader sees it: the theme's colours, an
    ancestor's opacity (the Wagtail example's footer once faded it to 4.11:1) and blending
    all count, which the computed colours of the label and the button do not show."""
    where = WIDGET_POSTS[example] if example == "wagtail-sky" else STATIC_POSTS[example]
    page = new_context(color_scheme=scheme, reduced_motion="reduce").new_page()
    page.goto(site_url(demo, *where))
    button = page.get_by_role("link", name=LABEL)
    seen = rendered_contrast(
        button.locator(".flattr-button__label"), artifacts_dir / f"label-{example}-{scheme}.png"
    )
    assert seen.contrast >= TEXT_AA, seen
    assert drawn_opacity(button) == 1  # nothing above it fades it
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
    page = new_context(color_scheme=scheme, reduced_motion="reduce").new_page()
    page.goto(site_url(demo, *FUNDING_POSTS[example]))
    buttons = page.locator(".funding-support a.funding-button").all()
    assert len(buttons) >= 3
    for button in buttons:
        box = button.bounding_box()
        assert box is not None
        assert box["width"] >= 44, (button.inner_text(), box)
        assert box["height"] >= 44, (button.inner_text(), box)
        seen = rendered_contrast(button.locator(".funding-button__label"))
        assert seen.contrast >= TEXT_AA, (button.inner_text(), seen)
        assert drawn_opacity(button) == 1, button.inner_text()  # nothing above it fades it
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


# -- the README's and the docs' images, made here: they show what the code renders today ---------

DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
UPDATE_IMAGES = "FLATTR_UPDATE_DOCS_IMAGES"  # tox -e screenshots sets it: write, don't compare
# image -> (example, path, colour scheme): a post of each host, its button in view
POST_IMAGES = {
    "demo-mkdocs-post.png": (*STATIC_POSTS["mkdocs"], "light"),
    "demo-pelican-post.png": (*STATIC_POSTS["pelican"], "light"),
    "demo-wagtail-dark.png": (*WIDGET_POSTS["wagtail-sky"], "dark"),
}
ADMIN_IMAGE = "demo-wagtail-admin.png"
WIDGET_IMAGE = "demo-widget-loaded.png"
IMAGES_MADE_HERE = (*POST_IMAGES, ADMIN_IMAGE, WIDGET_IMAGE)  # tests/docs checks the docs' names


def keep_docs_image(name: str, png: bytes, artifacts_dir: Path) -> None:
    """Write ``docs/images/NAME`` (tox -e screenshots), else check the committed one is what
    renders now, within a few anti-aliased pixels (the fresh one is saved beside the others)."""
    (artifacts_dir / f"docs-{name}").write_bytes(png)
    committed = DOCS_IMAGES / name
    if os.environ.get(UPDATE_IMAGES) == "1":
        committed.write_bytes(png)
        return
    assert committed.is_file(), f"docs/images/{name} is missing: run `tox -e screenshots`"
    difference = same_picture(committed.read_bytes(), png)
    assert not difference, f"docs/images/{name} is stale ({difference}): run `tox -e screenshots`"


@pytest.mark.parametrize("name", POST_IMAGES)
def test_the_docs_images_of_each_hosts_post_are_current(
    demo: Demo, new_context: Callable[..., BrowserContext], artifacts_dir: Path, name: str
) -> None:
    example, path, scheme = POST_IMAGES[name]
    page = new_context(color_scheme=scheme, reduced_motion="reduce").new_page()
    page.goto(site_url(demo, example, path))
    page.wait_for_load_state("networkidle")
    button = page.get_by_role("link", name=LABEL)
    button.evaluate("button => button.scrollIntoView({block: 'center'})")
    keep_docs_image(name, page.screenshot(animations="disabled"), artifacts_dir)


def test_the_docs_image_of_the_admins_flattr_settings_is_current(
    demo: Demo, admin_page: Page, artifacts_dir: Path
) -> None:
    admin_page.goto(
        demo.ctx.ports.url("wagtail") + "/admin/settings/wagtail_flattr/flattrsitesettings/"
    )
    admin_page.set_viewport_size({"width": 1000, "height": 760})  # down to the connection
    expect(admin_page.locator("body")).to_contain_text("Connected to Flattr as ada")
    png = admin_page.screenshot(animations="disabled")
    keep_docs_image(ADMIN_IMAGE, png, artifacts_dir)


def test_the_docs_image_of_the_loaded_widget_is_current(
    demo: Demo, browser_page: Page, artifacts_dir: Path
) -> None:
    browser_page.goto(site_url(demo, *WIDGET_POSTS["mkdocs"]))
    browser_page.get_by_role("link", name=LABEL).click()
    frame = browser_page.locator("iframe.FlattrButton")
    expect(browser_page.frame_locator("iframe.FlattrButton").locator(".count")).to_be_visible()
    png = browser_page.screenshot(animations="disabled", clip=padded_box(frame, 24))
    keep_docs_image(WIDGET_IMAGE, png, artifacts_dir)
