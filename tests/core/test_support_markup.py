"""The support block: parsed with html5lib to exactly the intended elements and attributes."""

import re
from pathlib import Path

import html5lib
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from flattr_core.markup import support
from flattr_core.models import ButtonOptions, Creator, Endpoints, Thing
from flattr_core.providers import ORDER, Account, Funding, funding_layer, merge
from flattr_core.providers.logos import PATHS

SVG = "{http://www.w3.org/2000/svg}"
THING = Thing("https://blog.example/post/", "A post", "About things.", Creator("jane"))
EVERY = merge(
    [
        funding_layer(
            {
                "github": ["octocat", "mona"],
                "patreon": {"username": "bob", "user_id": "12345"},
                "open_collective": "webpack",
                "ko_fi": {"username": "bob", "widget_id": "B0B4AHLJ"},
                "liberapay": "bob",
                "buy_me_a_coffee": "bob",
                "polar": "bob",
                "thanks_dev": "u/gh/bob",
                "paypal": "bob",
                "custom": "https://www.example.org/give?x=1&y=2",
                "web_monetization": "https://wallet.example/bob",
            }
        )
    ]
)
Tree = list[tuple[str, dict[str, str]]]


def tree(markup: str) -> Tree:
    fragment = html5lib.parseFragment(markup, treebuilder="etree", namespaceHTMLElements=False)
    return [(el.tag, dict(el.attrib)) for el in fragment.iter() if isinstance(el.tag, str)][1:]


def texts(markup: str) -> list[str]:
    fragment = html5lib.parseFragment(markup, treebuilder="etree", namespaceHTMLElements=False)
    return [el.text or "" for el in fragment.iter() if el.tag == "span"]


def button_tree(provider: str, href: str) -> Tree:
    return [
        (
            "a",
            {
                "class": f"funding-button funding-button--{provider.replace('_', '-')}",
                "href": href,
                "rel": "external",
            },
        ),
        (
            f"{SVG}svg",
            {
                "class": "funding-button__logo",
                "viewBox": "0 0 24 24",
                "width": "20",
                "height": "20",
                "aria-hidden": "true",
                "focusable": "false",
            },
        ),
        (f"{SVG}path", {"fill": "currentColor", "d": PATHS[provider]}),
        ("span", {"class": "funding-button__label"}),
    ]


def test_the_block_holds_the_flattr_button_and_one_button_per_account() -> None:
    flattr = support.Markup('<a class="flattr-button flattr-button--text" href="https://f/">F</a>')
    html = support.support_block(EVERY, flattr_button=flattr)
    expected: Tree = [
        ("div", {"class": "funding-support", "role": "group", "aria-label": "Ways to support"}),
        ("a", {"class": "flattr-button flattr-button--text", "href": "https://f/"}),
    ]
    pages = {
        "patreon": "https://www.patreon.com/bob",
        "open_collective": "https://opencollective.com/webpack/donate",
        "ko_fi": "https://ko-fi.com/bob",
        "liberapay": "https://liberapay.com/bob/donate",
        "buy_me_a_coffee": "https://buymeacoffee.com/bob",
        "polar": "https://polar.sh/bob",
        "thanks_dev": "https://thanks.dev/u/gh/bob",
        "paypal": "https://paypal.me/bob",
        "custom": "https://www.example.org/give?x=1&y=2",
    }
    expected += button_tree("github", "https://github.com/sponsors/octocat")
    expected += button_tree("github", "https://github.com/sponsors/mona")
    for provider, href in pages.items():
        expected += button_tree(provider, href)
    assert tree(html) == expected
    assert texts(html) == [
        "GitHub Sponsors: octocat",
        "GitHub Sponsors: mona",
        "Patreon",
        "Open Collective",
        "Ko-fi",
        "Liberapay",
        "Buy Me a Coffee",
        "Polar",
        "thanks.dev",
        "PayPal",
        "example.org",
    ]


def test_the_self_hosted_block_requests_nothing_and_runs_nothing() -> None:
    html = str(support.support_block(EVERY, widgets=False))
    for tag, attributes in tree(html):
        assert tag.removeprefix(SVG) in {"div", "a", "svg", "path", "span"}
        assert not {"src", "style", "srcset"} & set(attributes)
        assert not [name for name in attributes if name.startswith(("on", "data-"))]
    assert "wallet.example" not in html  # wallets go in the head, not in a button


def test_nothing_configured_gives_nothing() -> None:
    assert support.support_block(Funding()) == Markup("")
    only_wallet = Funding((Account("web_monetization", "https://wallet.example/a"),))
    assert support.support_block(only_wallet) == Markup("")


def test_the_flattr_button_alone_is_a_block() -> None:
    html = support.support_block(Funding(), flattr_button=Markup("<a href='x'>F</a>"))
    assert [tag for tag, _ in tree(html)] == ["div", "a"]


def test_a_plain_string_is_escaped_not_trusted() -> None:
    html = support.support_block(Funding(), flattr_button="<script>alert(1)</script>")
    assert [tag for tag, _ in tree(html)] == ["div"]
    assert "&lt;script&gt;" in html


@given(st.text(alphabet=st.sampled_from("\"'<>&/ ;:=x"), max_size=30))
def test_a_hostile_custom_url_and_label_stay_attribute_values(tail: str) -> None:
    url = "https://example.org/" + tail.replace(" ", "%20")
    funding = merge([funding_layer({"custom": url})])
    html = support.support_block(funding, label=f'Give "{tail}" <b>')
    elements = tree(html)
    assert [tag.removeprefix(SVG) for tag, _ in elements] == ["div", "a", "svg", "path", "span"]
    assert elements[0][1]["aria-label"] == f'Give "{tail}" <b>'
    assert elements[1][1]["href"] == url


WIDGET_DATA = {
    "github": {
        "data-funding-widget": "iframe",
        "data-funding-src": "https://github.com/sponsors/octocat/button",
        "data-funding-width": "114",
        "data-funding-height": "32",
        "data-funding-title": "Sponsor octocat",
    },
    "patreon": {
        "data-funding-widget": "patreon",
        "data-funding-src": "https://c6.patreon.com/becomePatronButton.bundle.js",
        "data-funding-href": "https://www.patreon.com/bePatron?u=12345",
    },
    "open_collective": {
        "data-funding-widget": "image",
        "data-funding-src": "https://opencollective.com/webpack/donate/button@2x.png?color=blue",
    },
    "ko_fi": {
        "data-funding-widget": "kofi",
        "data-funding-src": "https://storage.ko-fi.com/cdn/widget/Widget_2.js",
        "data-funding-param-id": "B0B4AHLJ",
        "data-funding-param-colour": "#1a6f9e",
    },
    "liberapay": {
        "data-funding-widget": "image",
        "data-funding-src": "https://liberapay.com/assets/widgets/donate.svg",
    },
    "buy_me_a_coffee": {
        "data-funding-widget": "script",
        "data-funding-src": "https://cdnjs.buymeacoffee.com/1.0.0/button.prod.min.js",
        "data-funding-param-name": "bmc-button",
        "data-funding-param-slug": "bob",
        "data-funding-param-text": "Buy me a coffee",
        "data-funding-param-color": "#FFDD00",
        "data-funding-param-font-color": "#000000",
    },
}


def test_the_widget_style_describes_each_vendor_embed_and_loads_nothing() -> None:
    html = support.support_block(EVERY, widgets=True)
    anchors = [attrs for tag, attrs in tree(html) if tag == "a"]
    assert len(anchors) == 11
    for attributes in anchors:
        provider = attributes["class"].split()[1].removeprefix("funding-button--")
        key = provider.replace("-", "_")
        data = {name: value for name, value in attributes.items() if name.startswith("data-")}
        if key in WIDGET_DATA:
            name = attributes["href"].rsplit("/", 1)[1]  # github: octocat, then mona
            expected = {k: v.replace("octocat", name) for k, v in WIDGET_DATA[key].items()}
            assert data == (expected if key == "github" else WIDGET_DATA[key])
            assert attributes["class"].endswith(" funding-button--widget")
        else:
            assert data == {}
            assert "funding-button--widget" not in attributes["class"]
    assert not [tag for tag, _ in tree(html) if tag in ("script", "iframe", "img")]


def test_a_widget_that_needs_an_id_falls_back_to_the_self_hosted_button() -> None:
    for key in ("patreon", "ko_fi"):
        account = Account(key, "bob")
        assert support.widget_button(account) == support.provider_button(account)


def test_asset_tags_and_static_files() -> None:
    assert support.support_asset_tags("/static") == Markup(
        '<link rel="stylesheet" href="/static/flattr.css" />'
    )
    assert support.support_asset_tags("https://cdn.example/s/", widgets=True).endswith(
        '<script src="https://cdn.example/s/flattr-funding.js" defer></script>'
    )
    files = support.support_static_files()
    assert sorted(files) == ["flattr-funding.js", "flattr.css"]
    assert all(path.is_file() for path in files.values())


def test_every_provider_with_a_page_has_a_logo() -> None:
    assert set(PATHS) == set(ORDER) - {"web_monetization"}
    for path in PATHS.values():
        assert re.fullmatch(r"[MmZzLlHhVvCcSsQqTtAa0-9 .,-]+", path)


CSS = (Path(support.__file__).parent / "static" / "flattr.css").read_text(encoding="utf-8")


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(("scheme", "page"), [("light", "#ffffff"), ("dark", "#121212")])
def test_the_block_colours_meet_aa_in_light_and_dark(scheme: str, page: str) -> None:
    blocks = re.findall(r"\.funding-support \{([^}]*)\}", CSS)
    colours = dict(re.findall(r"--funding-([a-z-]+): (#[0-9a-f]{6});", blocks[scheme == "dark"]))
    assert contrast(colours["fg"], colours["bg"]) >= 4.5
    assert contrast(colours["fg"], colours["bg-hover"]) >= 4.5
    assert contrast(colours["border"], colours["bg"]) >= 3
    assert contrast(colours["border"], page) >= 3
    assert contrast(colours["ring"], page) >= 3


def test_the_targets_are_44_px_and_focus_is_visible() -> None:
    rule = re.search(r"\.funding-support a\.funding-button \{([^}]*)\}", CSS)
    assert rule is not None
    assert "min-block-size: 44px;" in rule.group(1)
    assert "min-inline-size: 44px;" in rule.group(1)
    assert ".funding-support a.funding-button:focus-visible {\n  outline: 3px solid" in CSS


def test_a_flattr_button_fits_in_the_block() -> None:
    from flattr_core.markup import button

    flattr = button(THING, ButtonOptions("static"), Endpoints())
    html = support.support_block(EVERY, flattr_button=flattr)
    assert tree(html)[1][1]["class"] == "flattr-button flattr-button--static"
