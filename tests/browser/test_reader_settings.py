"""Every style under the settings readers choose: keyboard only, forced colours, a small screen."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from browser_kit import StaticServer, computed_style, tab_to
from button_pages import open_button, write_button_page
from playwright.sync_api import BrowserContext, Page

from flattr_core.models import BUTTON_STYLES, ButtonStyle, Endpoints


def test_every_style_shows_where_the_keyboard_focus_is(
    browser_page: Page, site: StaticServer, endpoints: Endpoints
) -> None:
    for style in BUTTON_STYLES:  # one page for all: a new page costs more than the check
        path = write_button_page(site.directory, style, endpoints)
        button = open_button(browser_page, site, path)
        tab_to(browser_page, button)
        assert button.evaluate("el => el.matches(':focus-visible')"), style
        ring = computed_style(button, "outline-style", "outline-width")
        assert ring["outline-style"] not in ("none", "hidden"), (style, ring)
        assert ring["outline-width"] != "0px", (style, ring)


@pytest.mark.parametrize("style", ["static", "widget"])
def test_forced_colours_show_a_border_around_the_button(
    new_context: Callable[..., BrowserContext],
    site: StaticServer,
    endpoints: Endpoints,
    style: ButtonStyle,
) -> None:
    """The background is dropped in forced colours: the transparent border must then show."""
    page = new_context(forced_colors="active").new_page()
    button = open_button(page, site, write_button_page(site.directory, style, endpoints))
    border = computed_style(button, "border-top-style", "border-top-color", "border-top-width")
    assert border["border-top-style"] == "solid", border
    assert border["border-top-width"] == "1px", border
    background = computed_style(page.locator("body"), "background-color")["background-color"]
    assert border["border-top-color"] not in ("rgba(0, 0, 0, 0)", background), border


def test_every_style_fits_a_small_screen(
    new_context: Callable[..., BrowserContext], site: StaticServer, endpoints: Endpoints
) -> None:
    page = new_context(viewport={"width": 320, "height": 568}, device_scale_factor=2).new_page()
    for style in BUTTON_STYLES:
        button = open_button(page, site, write_button_page(site.directory, style, endpoints))
        box = button.bounding_box()
        assert box is not None, style
        assert box["x"] >= 0, (style, box)
        assert box["x"] + box["width"] <= 320, (style, box)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, style
