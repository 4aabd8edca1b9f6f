"""The support block in Chromium: no third-party request on load; vendor embeds only on a click.

The providers are stood in for by Playwright routes (no request leaves the machine): see
``funding_vendors`` and the ``vendor_context`` fixture.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest
from browser_kit import PageProblems, RequestLog, StaticServer, contrast_ratio
from playwright.sync_api import BrowserContext, Page, expect

from flattr_core.markup import monetization, support
from flattr_core.providers import funding_layer, merge

FUNDING = merge(
    [
        funding_layer(
            {
                "github": "octocat",
                "ko_fi": {"username": "bob", "widget_id": "B0B4AHLJ"},
                "liberapay": "bob",
                "buy_me_a_coffee": "bob",
                "paypal": "bob",
                "web_monetization": "https://wallet.example/bob",
            }
        )
    ]
)


def _page(site: StaticServer, widgets: bool) -> str:
    static = site.directory / "static"
    static.mkdir(exist_ok=True)
    for name, path in support.support_static_files().items():
        shutil.copy(path, static / name)
    head = support.support_asset_tags("/static/", widgets=widgets)
    head += monetization.monetization_links(FUNDING)
    body = support.support_block(FUNDING, widgets=widgets)
    name = f"funding-{widgets}.html"
    (site.directory / name).write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>T</title>{head}'
        f"</head><body><main><p>A post.</p>{body}</main></body></html>",
        encoding="utf-8",
    )
    return site.url("/" + name)


def _third_party(log: RequestLog, site: StaticServer) -> list[str]:
    return [url for url in log.urls() if url.startswith("http") and site.origin not in url]


@pytest.mark.parametrize("widgets", [False, True])
def test_loading_the_page_asks_no_other_host(
    vendor_context: BrowserContext, site: StaticServer, requests_log: RequestLog, widgets: bool
) -> None:
    page = vendor_context.new_page()
    page.goto(_page(site, widgets))
    page.wait_for_load_state("networkidle")
    assert _third_party(requests_log, site) == []
    expect(page.locator("a.funding-button")).to_have_count(5)
    expect(page.locator("a.funding-button--widget")).to_have_count(4 if widgets else 0)
    expect(page.get_by_role("group", name="Ways to support")).to_be_visible()


def _click(page: Page, name: str) -> None:
    page.get_by_role("link", name=name, exact=True).click()


def test_github_loads_its_iframe_only_after_the_click(
    vendor_context: BrowserContext, site: StaticServer, requests_log: RequestLog
) -> None:
    problems = PageProblems(page := vendor_context.new_page())
    page.goto(_page(site, True))
    _click(page, "GitHub Sponsors")
    frame = page.locator("iframe.funding-widget__frame")
    expect(frame).to_have_attribute("src", "https://github.com/sponsors/octocat/button")
    expect(frame).to_have_attribute("title", "Sponsor octocat")
    page.wait_for_load_state("networkidle")
    assert _third_party(requests_log, site) == ["https://github.com/sponsors/octocat/button"]
    assert problems.page_errors == []


def test_ko_fi_draws_with_get_html_and_buy_me_a_coffee_beside_its_script(
    vendor_context: BrowserContext, site: StaticServer, requests_log: RequestLog
) -> None:
    page = vendor_context.new_page()
    page.goto(_page(site, True))
    _click(page, "Ko-fi")
    expect(page.locator(".funding-widget__vendor a.kofi-button")).to_have_attribute(
        "href", "https://ko-fi.com/B0B4AHLJ"
    )
    _click(page, "Buy Me a Coffee")
    expect(page.locator("a.bmc-btn")).to_have_text("bob")
    expect(page.locator("a.funding-button--buy-me-a-coffee")).to_have_count(0)
    assert page.url.endswith("funding-True.html")


def test_liberapays_badge_then_its_page(vendor_context: BrowserContext, site: StaticServer) -> None:
    page = vendor_context.new_page()
    page.goto(_page(site, True))
    _click(page, "Liberapay")
    badge = page.locator("a.funding-button--liberapay img.funding-widget__image")
    expect(badge).to_have_attribute("alt", "Liberapay")
    page.locator("a.funding-button--liberapay").click()
    expect(page).to_have_url("https://liberapay.com/bob/donate")


def test_a_vendor_that_cannot_be_loaded_sends_the_reader_to_the_page(
    vendor_context: BrowserContext, site: StaticServer
) -> None:
    vendor_context.route("https://storage.ko-fi.com/**", lambda route: route.abort())
    page = vendor_context.new_page()
    page.goto(_page(site, True))
    _click(page, "Ko-fi")
    expect(page).to_have_url("https://ko-fi.com/bob")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_targets_and_contrast(
    new_context: Callable[..., BrowserContext], site: StaticServer, scheme: str
) -> None:
    page = new_context(color_scheme=scheme).new_page()
    page.goto(_page(site, False))
    for button in page.locator("a.funding-button").all():
        box = button.bounding_box()
        assert box is not None
        assert box["height"] >= 44
        assert box["width"] >= 44
        colours = button.evaluate(
            "b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]"
        )
        assert contrast_ratio(*colours) >= 4.5
    page.keyboard.press("Tab")
    focused = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert focused == "3px"
