"""The ``image`` style (Flattr's badge: its one documented third-party request) and ``text``."""

from __future__ import annotations

from browser_kit import RequestLog, StaticServer
from button_pages import BADGE_PATH, LABEL, THING, open_button, write_button_page
from playwright.sync_api import Page, expect

from flattr_core import links
from flattr_core.models import Endpoints
from flattr_sandbox import Sandbox


def test_the_badge_comes_from_the_badge_origin_only_and_has_alt_text(
    browser_page: Page,
    site: StaticServer,
    endpoints: Endpoints,
    flattr_assets: StaticServer,
    requests_log: RequestLog,
) -> None:
    button = open_button(browser_page, site, write_button_page(site.directory, "image", endpoints))
    badge = button.get_by_role("img")
    expect(badge).to_have_attribute("alt", LABEL)
    expect(button).to_have_accessible_name(LABEL)
    expect(badge).to_have_js_property("naturalWidth", 93)  # the image did load
    browser_page.wait_for_load_state("networkidle")
    assert requests_log.origins() == {site.origin, flattr_assets.origin}
    assert requests_log.to(flattr_assets.origin) == [endpoints.badge_url]
    assert flattr_assets.paths() == [BADGE_PATH]
    box = badge.bounding_box()
    assert box is not None
    assert (box["width"], box["height"]) == (93, 20)


def test_the_image_button_links_like_the_others(
    browser_page: Page,
    site: StaticServer,
    endpoints: Endpoints,
    sandbox: Sandbox,
    registered_thing_id: int,
) -> None:
    path = write_button_page(site.directory, "image", endpoints, thing_id=registered_thing_id)
    button = open_button(browser_page, site, path)
    button.click()
    expect(browser_page).to_have_url(links.thing_url(registered_thing_id, endpoints))
    expect(browser_page.get_by_role("heading", level=1)).to_have_text(THING.title)


def test_the_image_button_is_a_44px_target(
    browser_page: Page, site: StaticServer, endpoints: Endpoints
) -> None:
    button = open_button(browser_page, site, write_button_page(site.directory, "image", endpoints))
    box = button.bounding_box()
    assert box is not None
    assert box["height"] >= 44, box


def test_the_text_button_is_a_plain_named_link(
    browser_page: Page, site: StaticServer, endpoints: Endpoints, requests_log: RequestLog
) -> None:
    button = open_button(browser_page, site, write_button_page(site.directory, "text", endpoints))
    expect(button).to_have_count(1)
    expect(button).to_have_text(LABEL)
    expect(button).to_have_accessible_name(LABEL)
    expect(button).to_have_attribute("href", links.auto_submit_url(THING, endpoints))
    assert button.locator("img, svg, script").count() == 0
    browser_page.wait_for_load_state("networkidle")
    assert requests_log.origins() == {site.origin}
    button.click()
    expect(browser_page.locator("article.pending")).to_contain_text("Not on Flattr yet")
