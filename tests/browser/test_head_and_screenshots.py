"""What the browser finds in ``<head>``, and a picture of every style in both colour schemes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from browser_kit import StaticServer
from button_pages import LABEL, THING, open_button, write_button_page
from playwright.sync_api import Page, expect

from flattr_core import links
from flattr_core.models import BUTTON_STYLES, ButtonStyle, Creator, Endpoints

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_the_head_has_one_payment_link_and_the_flattr_id(
    browser_page: Page, site: StaticServer, endpoints: Endpoints
) -> None:
    for style in BUTTON_STYLES:
        open_button(browser_page, site, write_button_page(site.directory, style, endpoints))
        payment = browser_page.locator('link[rel~="payment"]')
        expect(payment).to_have_count(1)  # and none on the button: that relation is the head's
        expect(browser_page.locator('head > link[rel~="payment"]')).to_have_attribute(
            "href", links.auto_submit_url(THING, endpoints)
        )
        expect(payment).to_have_attribute("type", "text/html")
        flattr_id = browser_page.locator('meta[name="flattr:id"]')
        expect(flattr_id).to_have_count(1)
        expect(flattr_id).to_have_attribute("content", "ab12cd")


def test_a_registered_things_payment_link_is_still_the_auto_submit_url_and_answers_directly(
    browser_page: Page, site: StaticServer, endpoints: Endpoints, registered_thing_id: int
) -> None:
    path = write_button_page(site.directory, "static", endpoints, thing_id=registered_thing_id)
    button = open_button(browser_page, site, path)
    expect(button).to_have_attribute("href", links.thing_url(registered_thing_id, endpoints))
    href = browser_page.locator('link[rel="payment"]').get_attribute("href")
    assert href == links.auto_submit_url(THING, endpoints)
    answer = browser_page.request.get(href, max_redirects=0)
    assert answer.status == 200  # never a redirect
    assert THING.title in answer.text()


def test_no_flattr_id_meta_without_a_flattr_id(
    browser_page: Page, site: StaticServer, endpoints: Endpoints
) -> None:
    thing = replace(THING, owner=Creator("alice"))
    path = write_button_page(site.directory, "text", endpoints, thing=thing)
    open_button(browser_page, site, path)
    expect(browser_page.locator('link[rel="payment"]')).to_have_count(1)
    expect(browser_page.locator('meta[name="flattr:id"]')).to_have_count(0)


@pytest.mark.parametrize("style", BUTTON_STYLES)
def test_screenshots(
    browser_page: Page,
    site: StaticServer,
    endpoints: Endpoints,
    style: ButtonStyle,
    screenshot: Callable[..., Path],
) -> None:
    """The article with its button, light and dark, under test-artifacts/browser/ to look at."""
    path = write_button_page(site.directory, style, endpoints)
    for scheme in ("light", "dark"):
        browser_page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
        button = open_button(browser_page, site, path)
        expect(button).to_be_visible()
        expect(button).to_have_accessible_name(LABEL)
        saved = screenshot(browser_page.locator("article"), f"-{scheme}")
        assert saved.read_bytes().startswith(PNG_SIGNATURE)
