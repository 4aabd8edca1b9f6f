"""The ``widget`` style: a plain link that asks Flattr's load.js for nothing until clicked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from browser_kit import PageProblems, RequestLog, StaticServer
from button_pages import LOADER_PATH, THING, open_button, write_button_page
from playwright.sync_api import BrowserContext, Page, expect

from flattr_core import links
from flattr_core.models import Endpoints

SETUP_DONE = "html[data-flattr-setup]"  # set by the fake load.js when setup() is called


def test_nothing_is_asked_of_flattr_before_the_click(
    browser_page: Page,
    site: StaticServer,
    endpoints: Endpoints,
    flattr_assets: StaticServer,
    requests_log: RequestLog,
) -> None:
    button = open_button(browser_page, site, write_button_page(site.directory, "widget", endpoints))
    expect(button).to_be_visible()
    expect(button).to_have_attribute("data-loader-src", links.loader_url(endpoints))
    browser_page.wait_for_load_state("networkidle")
    assert site.url("/static/flattr-widget.js") in requests_log.urls()
    assert requests_log.origins() == {site.origin}
    assert flattr_assets.paths() == []


def test_the_click_loads_flattr_once_and_sets_the_buttons_up(
    browser_page: Page,
    site: StaticServer,
    endpoints: Endpoints,
    flattr_assets: StaticServer,
    requests_log: RequestLog,
) -> None:
    problems = PageProblems(browser_page)
    page_url = site.url(write_button_page(site.directory, "widget", endpoints))
    button = open_button(browser_page, site, page_url.removeprefix(site.origin))
    button.click()
    expect(browser_page.locator(SETUP_DONE)).to_have_attribute("data-flattr-setup", "1")
    assert browser_page.url == page_url  # the click did not navigate
    assert browser_page.evaluate("window.FlattrLoader.calls") == 1
    assert requests_log.to(flattr_assets.origin) == [links.loader_url(endpoints)]
    assert flattr_assets.paths() == [LOADER_PATH + "?mode=manual"]
    expect(button).not_to_have_attribute("aria-busy", "true")
    assert problems.console_errors == []
    assert problems.page_errors == []


def test_a_second_click_follows_the_link_without_loading_again(
    browser_page: Page, site: StaticServer, endpoints: Endpoints, flattr_assets: StaticServer
) -> None:
    button = open_button(browser_page, site, write_button_page(site.directory, "widget", endpoints))
    button.click()
    expect(browser_page.locator(SETUP_DONE)).to_be_attached()
    button.click()  # our stand-in leaves the anchor in place; Flattr's would replace it
    expect(browser_page).to_have_url(links.auto_submit_url(THING, endpoints))
    assert flattr_assets.paths() == [LOADER_PATH + "?mode=manual"]


def test_when_flattr_cannot_be_loaded_the_click_follows_the_link(
    browser_page: Page, site: StaticServer, endpoints: Endpoints, flattr_assets: StaticServer
) -> None:
    gone = replace(endpoints, loader_url=flattr_assets.url("/js/gone/load.js"))
    button = open_button(browser_page, site, write_button_page(site.directory, "widget", gone))
    button.click()
    expect(browser_page).to_have_url(links.auto_submit_url(THING, gone))
    expect(browser_page.locator("article.pending")).to_contain_text("Not on Flattr yet")
    assert flattr_assets.paths() == ["/js/gone/load.js?mode=manual"]


def test_without_javascript_it_is_a_plain_link(
    new_context: Callable[..., BrowserContext],
    site: StaticServer,
    endpoints: Endpoints,
    flattr_assets: StaticServer,
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    button = open_button(page, site, write_button_page(site.directory, "widget", endpoints))
    expect(button).to_have_accessible_name("Flattr this")
    button.click()
    expect(page).to_have_url(links.auto_submit_url(THING, endpoints))
    expect(page.locator("article.pending")).to_contain_text("Not on Flattr yet")
    assert flattr_assets.paths() == []


def test_under_a_strict_policy_that_allows_the_loader_nothing_is_refused(
    browser_page: Page,
    site_root: Path,
    served_site: Callable[..., StaticServer],
    endpoints: Endpoints,
    flattr_assets: StaticServer,
) -> None:
    """The policy flattr-widget.js asks for: 'self' plus the loader's origin in script-src."""
    policy = f"default-src 'self'; script-src 'self' {flattr_assets.origin}"
    strict = served_site(site_root, {"Content-Security-Policy": policy})
    problems = PageProblems(browser_page)
    button = open_button(browser_page, strict, write_button_page(site_root, "widget", endpoints))
    expect(button).to_have_css("display", "inline-flex")
    button.click()
    expect(browser_page.locator(SETUP_DONE)).to_have_attribute("data-flattr-setup", "1")
    assert problems.csp_violations() == []
    assert problems.console_errors == []
    assert problems.page_errors == []
