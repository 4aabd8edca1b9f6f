"""``page_markup`` with other ways of support: the support block, monetization links, asset
files; the insertion helpers treat the block as the button."""

from __future__ import annotations

import html5lib
import pytest
from markupsafe import Markup

from flattr_core import markup
from flattr_core.models import ButtonOptions, ButtonStyle, Creator, Endpoints, Thing
from flattr_core.providers import Funding, funding_layer, merge
from flattr_core.settings import FundingOnly, Resolved

ENDPOINTS = Endpoints()
THING = Thing("https://ex.org/p/", "A page title", "Description", Creator("jane", "abc123"))
FUNDING = merge(
    [
        funding_layer(
            {
                "liberapay": "jane",
                "ko_fi": {"username": "jane", "widget_id": "J4N3J4N3"},
                "web_monetization": ["https://w.example/jane", "https://w.example/co"],
            }
        )
    ]
)
WALLETS_ONLY = merge([funding_layer({"web_monetization": "https://w.example/jane"})])
DOCUMENT = "<html><head><title>t</title></head><body><main><p>Body</p></main></body></html>"


def parsed(html: str):  # type: ignore[no-untyped-def]
    return html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)


def classes(html: str, name: str) -> list[str]:
    return [
        el.get("class", "") for el in parsed(html).iter() if name in el.get("class", "").split()
    ]


def head_links(head: Markup) -> list[tuple[str, str]]:
    return [(el.get("rel"), el.get("href") or el.get("src")) for el in parsed(head).iter()
            if el.tag in ("link", "script")]  # fmt: skip


@pytest.mark.parametrize("style", ["static", "image", "text", "widget"])
def test_the_support_block_holds_the_flattr_button_once_and_a_button_per_account(
    style: ButtonStyle,
) -> None:
    options = ButtonOptions(style, "both")
    page = markup.page_markup(Resolved(THING, options, FUNDING), ENDPOINTS, assets_url="/s/")
    flattr = markup.button(THING, options, ENDPOINTS)
    assert page.flattr_button == flattr
    assert page.button == markup.support_block(
        FUNDING, flattr_button=flattr, widgets=style == "widget"
    )
    assert page.button.count(str(flattr)) == 1
    assert len(classes(page.button, "funding-button")) == 2  # Ko-fi, Liberapay; no wallet button
    assert page.position == "both"


def test_the_head_gets_one_payment_link_the_monetization_links_and_the_css_once() -> None:
    page = markup.page_markup(Resolved(THING, ButtonOptions(), FUNDING), ENDPOINTS, assets_url="/s")
    links = head_links(page.head)
    assert [rel for rel, _ in links].count("payment") == 1
    assert [href for rel, href in links if rel == "monetization"] == [
        "https://w.example/jane",
        "https://w.example/co",
    ]
    assert [href for rel, href in links if rel == "stylesheet"] == ["/s/flattr.css"]
    assert 'name="flattr:id"' in page.head


def test_the_widget_style_links_both_click_to_load_scripts_and_text_still_the_css() -> None:
    widget = markup.page_markup(
        Resolved(THING, ButtonOptions("widget"), FUNDING), ENDPOINTS, assets_url="/s/"
    )
    assert [href for _, href in head_links(widget.head)][-3:] == [
        "/s/flattr.css",
        "/s/flattr-widget.js",
        "/s/flattr-funding.js",
    ]
    text = markup.page_markup(
        Resolved(THING, ButtonOptions("text"), FUNDING), ENDPOINTS, assets_url="/s/"
    )
    assert [href for rel, href in head_links(text.head) if rel == "stylesheet"] == ["/s/flattr.css"]
    plain = markup.page_markup(Resolved(THING, ButtonOptions("text")), ENDPOINTS, assets_url="/s/")
    assert "stylesheet" not in plain.head  # as before: a text link without other providers


def test_a_page_without_other_accounts_keeps_its_bare_flattr_button() -> None:
    for funding in (Funding(), WALLETS_ONLY):
        page = markup.page_markup(
            Resolved(THING, ButtonOptions(), funding), ENDPOINTS, assets_url="/s/"
        )
        assert page.button == markup.button(THING, ButtonOptions(), ENDPOINTS)
    assert 'rel="monetization"' in page.head


def test_funding_only_has_no_flattr_button_payment_link_or_flattr_script() -> None:
    resolved = FundingOnly(ButtonOptions("widget"), FUNDING)
    page = markup.page_markup(resolved, ENDPOINTS, assets_url="/s/")
    assert page.flattr_button == ""
    assert classes(page.button, "flattr-button") == []
    assert len(classes(page.button, "funding-button--widget")) == 2  # Ko-fi (its id), Liberapay
    assert [href for _, href in head_links(page.head)] == [
        "https://w.example/jane",
        "https://w.example/co",
        "/s/flattr.css",
        "/s/flattr-funding.js",
    ]
    assert markup.site_static_files([resolved]).keys() == {"flattr.css", "flattr-funding.js"}


def test_a_page_with_only_wallets_gets_its_head_and_no_empty_slot() -> None:
    page = markup.page_markup(
        FundingOnly(ButtonOptions(), WALLETS_ONLY), ENDPOINTS, assets_url="/s/"
    )
    assert page.button == ""
    assert page.head == Markup('<link rel="monetization" href="https://w.example/jane" />')
    written = page.into_page(DOCUMENT)
    assert written == DOCUMENT.replace("</head>", f"{page.head}\n</head>")
    assert page.into_content("<p>x</p>") == "<p>x</p>"
    marker = markup.ButtonMarker()
    assert marker.placed(marker.witnessed("<p>x</p>", "bottom"), page.button) == "<p>x</p>"


def test_the_block_stands_for_the_button_so_no_second_one_goes_in() -> None:
    page = markup.page_markup(FundingOnly(ButtonOptions(), FUNDING), ENDPOINTS, assets_url="/s/")
    once = page.into_page(DOCUMENT)
    assert markup.has_button(once)
    assert once.count('class="funding-support"') == 1
    assert page.into_page(once) == once
    content = page.into_content("<p>x</p>")
    assert page.into_content(content) == content
    themed = DOCUMENT.replace("<p>Body</p>", '<div class="funding-support"></div>')
    assert markup.place_button(themed, page.button, "bottom") == themed
    marker = markup.ButtonMarker()
    written = marker.witnessed(content, "top")
    assert marker.placed(written, page.button) == content  # the content shows one already


def test_site_static_files_are_the_union_of_the_pages() -> None:
    pages = [
        Resolved(THING, ButtonOptions("text")),
        Resolved(THING, ButtonOptions("widget")),
        FundingOnly(ButtonOptions("static"), FUNDING),
    ]
    assert list(markup.site_static_files(pages)) == ["flattr.css", "flattr-widget.js"]
    pages.append(FundingOnly(ButtonOptions("widget"), FUNDING))
    assert list(markup.site_static_files(pages)) == [
        "flattr.css",
        "flattr-widget.js",
        "flattr-funding.js",
    ]
    assert markup.site_static_files([Resolved(THING, ButtonOptions("text"))]) == {}
    assert set(markup.static_files()) == {"flattr.css", "flattr-widget.js"}  # as before
