"""Colour contrast of the self-hosted buttons in the light and dark schemes (WCAG 2.x AA)."""

from __future__ import annotations

from typing import Literal

import pytest
from browser_kit import StaticServer, computed_style, contrast_ratio, relative_luminance, tab_to
from button_pages import open_button, write_button_page
from pixels import rendered_contrast
from playwright.sync_api import Locator, Page

from flattr_core.models import ButtonStyle, Endpoints

TEXT_AA = 4.5  # WCAG 1.4.3, normal-size text
NON_TEXT_AA = 3.0  # WCAG 1.4.11, the focus ring against what surrounds it
SCHEMES: tuple[Literal["light", "dark"], ...] = ("light", "dark")


def open_in_scheme(
    page: Page, site: StaticServer, path: str, scheme: Literal["light", "dark"]
) -> Locator:
    """Open ``path`` as a reader with that colour scheme (one page, reused: a new one is slow)."""
    # reduced motion: no background-colour transition, so a hover shows its final colour at once
    page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
    return open_button(page, site, path)


def label_contrast(button: Locator) -> float:
    label = computed_style(button.locator(".flattr-button__label"), "color")["color"]
    return contrast_ratio(label, computed_style(button, "background-color")["background-color"])


def page_background(page: Page) -> str:
    return computed_style(page.locator("body"), "background-color")["background-color"]


@pytest.mark.parametrize("style", ["static", "widget"])
def test_the_label_is_readable_at_rest_on_hover_and_with_focus(
    browser_page: Page, site: StaticServer, endpoints: Endpoints, style: ButtonStyle
) -> None:
    path = write_button_page(site.directory, style, endpoints)
    for scheme in SCHEMES:
        button = open_in_scheme(browser_page, site, path, scheme)
        assert label_contrast(button) >= TEXT_AA, scheme
        resting = computed_style(button, "background-color")
        button.hover()
        assert computed_style(button, "background-color") != resting  # the hover style applied
        assert label_contrast(button) >= TEXT_AA, (scheme, "hover")
        browser_page.mouse.move(0, 0)
        tab_to(browser_page, button)
        ring = computed_style(button, "outline-color")["outline-color"]
        assert contrast_ratio(ring, page_background(browser_page)) >= NON_TEXT_AA, scheme


@pytest.mark.parametrize("style", ["static", "widget"])
def test_the_dark_scheme_gives_a_dark_page_a_lighter_button(
    browser_page: Page, site: StaticServer, endpoints: Endpoints, style: ButtonStyle
) -> None:
    path = write_button_page(site.directory, style, endpoints)
    looks = {}
    for scheme in SCHEMES:
        button = open_in_scheme(browser_page, site, path, scheme)
        looks[scheme] = (
            relative_luminance(page_background(browser_page)),
            relative_luminance(computed_style(button, "background-color")["background-color"]),
        )
    (light_page, light_button), (dark_page, dark_button) = looks["light"], looks["dark"]
    assert dark_page < 0.05 < 0.9 < light_page, looks  # the emulation reached the page
    assert dark_button > light_button, looks  # the button follows the reader's scheme


def test_the_contrast_formula_gives_the_known_ratios() -> None:
    assert contrast_ratio("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21.0)
    white = "rgb(255, 255, 255)"
    assert contrast_ratio("rgb(118, 118, 118)", white) == pytest.approx(4.54, abs=0.01)  # #767676
    assert contrast_ratio(white, "rgb(47, 107, 16)") == pytest.approx(6.50, abs=0.01)  # flattr.css
    with pytest.raises(ValueError, match="translucent"):
        relative_luminance("rgba(0, 0, 0, 0.5)")


# -- contrast as a reader sees it: measured from the rendered pixels -----------------------------


@pytest.mark.parametrize("style", ["static", "widget"])
def test_the_label_measured_from_its_pixels_is_readable_in_both_schemes(
    browser_page: Page, site: StaticServer, endpoints: Endpoints, style: ButtonStyle
) -> None:
    """On a plain page the pixels agree with the computed colours (which checks the measuring:
    anti-aliasing lowers it a little, never by a tenth)."""
    path = write_button_page(site.directory, style, endpoints)
    for scheme in SCHEMES:
        button = open_in_scheme(browser_page, site, path, scheme)
        seen = rendered_contrast(button.locator(".flattr-button__label"))
        assert seen.contrast >= TEXT_AA, (scheme, seen)
        assert seen.contrast == pytest.approx(label_contrast(button), rel=0.1), (scheme, seen)


def test_the_pixels_see_an_ancestors_opacity_that_computed_colours_miss(
    browser_page: Page, site: StaticServer, endpoints: Endpoints
) -> None:
    """A theme that fades the button's container (the Wagtail example's footer did, at .8)
    leaves every computed colour as it was; on screen the label is fainter."""
    path = write_button_page(site.directory, "static", endpoints)
    button = open_in_scheme(browser_page, site, path, "light")
    computed, crisp = (
        label_contrast(button),
        rendered_contrast(button.locator(".flattr-button__label")),
    )
    browser_page.locator(".flattr-slot").evaluate("slot => { slot.style.opacity = '0.8'; }")
    faded = rendered_contrast(button.locator(".flattr-button__label"))
    assert label_contrast(button) == computed  # the computed colours did not move
    assert faded.contrast < crisp.contrast * 0.85, (crisp, faded)
