"""The default ``static`` button as a reader meets it: size, name, focus, links, privacy, CSP."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from browser_kit import (
    PageProblems,
    RequestLog,
    StaticServer,
    computed_style,
    padded_box,
    tab_to,
)
from button_pages import LABEL, THING, open_button, write_button_page
from playwright.sync_api import BrowserContext, Page, expect

from flattr_core import links
from flattr_core.models import Endpoints
from flattr_sandbox import Sandbox

STRICT_CSP = {"Content-Security-Policy": "default-src 'self'"}
LIGHT_BACKGROUND = "rgb(47, 107, 16)"  # flattr.css --flattr-bg


def test_the_button_is_a_visible_target_with_an_accessible_name(
    browser_page: Page, site: StaticServer, endpoints: Endpoints
) -> None:
    button = open_button(browser_page, site, write_button_page(site.directory, "static", endpoints))
    expect(button).to_have_count(1)
    expect(button).to_be_visible()
    expect(button).to_have_accessible_name(LABEL)
    expect(button).to_have_class("flattr-button flattr-button--static")
    assert f'- link "{LABEL}"' in button.aria_snapshot()
    expect(button.locator("svg")).to_have_attribute("aria-hidden", "true")
    box = button.bounding_box()
    assert box is not None
    assert box["width"] >= 44, box
    assert box["height"] >= 44, box


def test_the_keyboard_focus_is_visible(
    browser_page: Page,
    site: StaticServer,
    endpoints: Endpoints,
    screenshot: Callable[..., Path],
) -> None:
    button = open_button(browser_page, site, write_button_page(site.directory, "static", endpoints))
    properties = ("outline-style", "outline-width", "outline-color", "box-shadow")
    before = computed_style(button, *properties)
    around = padded_box(button, 8)
    unfocused_pixels = browser_page.screenshot(clip=around)

    assert tab_to(browser_page, button) == 2  # the article's own link comes first
    after = computed_style(button, *properties)
    assert button.evaluate("el => el.matches(':focus-visible')")
    assert before["outline-style"] == "none"
    assert (after["outline-style"], after["outline-width"]) == ("solid", "3px"), after
    assert after != before
    assert browser_page.screenshot(clip=around) != unfocused_pixels
    screenshot(browser_page.locator("article"))


def test_a_registered_thing_links_to_its_thing_page(
    browser_page: Page,
    site: StaticServer,
    endpoints: Endpoints,
    sandbox: Sandbox,
    registered_thing_id: int,
) -> None:
    path = write_button_page(site.directory, "static", endpoints, thing_id=registered_thing_id)
    button = open_button(browser_page, site, path)
    thing_page = links.thing_url(registered_thing_id, endpoints)
    assert thing_page.startswith(sandbox.url + "/thing/")
    expect(button).to_have_attribute("href", thing_page)
    button.click()
    expect(browser_page).to_have_url(thing_page)
    thing = browser_page.locator(f'article.thing[data-thing-id="{registered_thing_id}"]')
    expect(thing.get_by_role("heading", level=1)).to_have_text(THING.title)


def test_an_unregistered_thing_links_to_the_auto_submit_url(
    browser_page: Page, site: StaticServer, endpoints: Endpoints
) -> None:
    button = open_button(browser_page, site, write_button_page(site.directory, "static", endpoints))
    auto_submit = links.auto_submit_url(THING, endpoints)
    expect(button).to_have_attribute("href", auto_submit)
    button.click()
    expect(browser_page).to_have_url(auto_submit)
    pending = browser_page.locator("article.pending")
    expect(pending.get_by_role("heading", level=1)).to_have_text(THING.title)
    expect(pending).to_contain_text("Not on Flattr yet")


def test_the_page_contacts_no_origin_but_its_own(
    browser_page: Page,
    site: StaticServer,
    endpoints: Endpoints,
    sandbox: Sandbox,
    flattr_assets: StaticServer,
    requests_log: RequestLog,
) -> None:
    button = open_button(browser_page, site, write_button_page(site.directory, "static", endpoints))
    expect(button).to_be_visible()
    button.hover()  # a hover style must not fetch anything either
    browser_page.wait_for_load_state("networkidle")
    assert site.url("/static/flattr.css") in requests_log.urls()  # the log does see requests
    assert requests_log.origins() == {site.origin}
    assert flattr_assets.paths() == []
    assert sandbox.requests == 0


def test_it_works_without_javascript(
    new_context: Callable[..., BrowserContext], site: StaticServer, endpoints: Endpoints
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    button = open_button(page, site, write_button_page(site.directory, "static", endpoints))
    expect(button).to_be_visible()
    assert computed_style(button, "background-color")["background-color"] == LIGHT_BACKGROUND
    button.click()
    expect(page).to_have_url(links.auto_submit_url(THING, endpoints))
    expect(page.locator("article.pending")).to_contain_text("Not on Flattr yet")


def test_it_renders_styled_under_a_strict_content_security_policy(
    browser_page: Page,
    site_root: Path,
    served_site: Callable[..., StaticServer],
    endpoints: Endpoints,
) -> None:
    strict = served_site(site_root, STRICT_CSP)
    problems = PageProblems(browser_page)
    button = open_button(browser_page, strict, write_button_page(site_root, "static", endpoints))
    expect(button).to_be_visible()
    style = computed_style(button, "background-color", "display", "min-height")
    assert style == {"background-color": LIGHT_BACKGROUND, "display": "inline-flex",
                     "min-height": "44px"}  # fmt: skip
    assert problems.csp_violations() == []
    assert problems.console_errors == []
    assert problems.page_errors == []


def test_the_csp_watch_sees_a_violation(
    browser_page: Page, site_root: Path, served_site: Callable[..., StaticServer]
) -> None:
    """The control for the test above: an inline style under the same policy is reported."""
    (site_root / "inline.html").write_text(
        '<!DOCTYPE html><html lang="en"><title>x</title><p style="color: red">red?</p></html>',
        encoding="utf-8",
    )
    strict = served_site(site_root, STRICT_CSP)
    problems = PageProblems(browser_page)
    browser_page.goto(strict.url("inline.html"))
    expect(browser_page.locator("p")).to_have_css("color", "rgb(0, 0, 0)")
    assert problems.csp_violations() == ["style-src-attr inline"]
    assert any("Content Security Policy" in error for error in problems.console_errors)
