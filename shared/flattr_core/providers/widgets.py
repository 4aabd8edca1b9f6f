"""The providers' own embeds, described for the opt-in, click-to-load button style.

Nothing here is loaded by a page as built: ``markup.support`` writes a self-hosted link with
this description in ``data-`` attributes, and the shipped ``flattr-funding.js`` fetches the
vendor's file only after the reader clicks it. What each embed is comes from
funding-providers.md (the providers' docs); a provider without an embed, or without the id
its embed needs, keeps its self-hosted button in that style too.

Kinds: ``iframe`` (GitHub's button page), ``image`` (a vendor badge inside the link),
``script`` (a vendor script placed after the link, with ``data-`` attributes of its own),
``kofi`` (Ko-fi's Widget_2.js, drawn with ``kofiwidget2.getHTML()``: its ``draw()`` would
``document.write`` over a loaded page) and ``patreon`` (the "become a patron" link, which
Patreon's bundle turns into its button).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

from ..errors import Problem
from .values import Account, Funding

WidgetKind = Literal["iframe", "image", "script", "kofi", "patreon"]
# Ko-fi draws white text on this colour: 5.51:1, AA (its default #29abe0 gives 2.6:1).
KOFI_COLOUR = "#1a6f9e"


@dataclass(frozen=True)
class VendorWidget:
    """A vendor embed: what it loads (``src``, always https) and how it is placed."""

    kind: WidgetKind
    src: str
    width: int | None = None
    height: int | None = None
    title: str = ""
    # patreon: the link Patreon's script turns into its button.
    href: str = ""
    # script: data- attributes for the vendor's script element; kofi: its init() arguments.
    params: tuple[tuple[str, str], ...] = ()


def _name(account: Account) -> str:
    return quote(account.name, safe="")


def github(account: Account) -> VendorWidget:
    """GitHub Sponsors' button, an iframe of 114 x 32 px that needs a title."""
    return VendorWidget(
        "iframe",
        f"https://github.com/sponsors/{_name(account)}/button",
        width=114,
        height=32,
        title=f"Sponsor {account.name}",
    )


def liberapay(account: Account) -> VendorWidget:
    """Liberapay's donate badge (an image: its button.js would need document.write)."""
    return VendorWidget("image", "https://liberapay.com/assets/widgets/donate.svg")


def open_collective(account: Account) -> VendorWidget:
    """Open Collective's donate button image, in blue."""
    return VendorWidget(
        "image", f"https://opencollective.com/{_name(account)}/donate/button@2x.png?color=blue"
    )


def ko_fi(account: Account) -> VendorWidget | None:
    """Ko-fi's Widget_2.js button; it needs the widget id, which is not the username."""
    if account.widget_id is None:
        return None
    return VendorWidget(
        "kofi",
        "https://storage.ko-fi.com/cdn/widget/Widget_2.js",
        params=(("id", account.widget_id), ("colour", KOFI_COLOUR)),
    )


def buy_me_a_coffee(account: Account) -> VendorWidget:
    """Buy Me a Coffee's button script; it reads ``data-slug`` from its own script element."""
    return VendorWidget(
        "script",
        "https://cdnjs.buymeacoffee.com/1.0.0/button.prod.min.js",
        params=(
            ("name", "bmc-button"),
            ("slug", account.name),
            ("text", "Buy me a coffee"),
            ("color", "#FFDD00"),
            ("font-color", "#000000"),
        ),
    )


def patreon(account: Account) -> VendorWidget | None:
    """Patreon's "become a patron" button; it needs the numeric user id, not the name."""
    if account.widget_id is None:
        return None
    return VendorWidget(
        "patreon",
        "https://c6.patreon.com/becomePatronButton.bundle.js",
        href=f"https://www.patreon.com/bePatron?u={quote(account.widget_id, safe='')}",
    )


WIDGETS: dict[str, Callable[[Account], VendorWidget | None]] = {
    "github": github,
    "liberapay": liberapay,
    "open_collective": open_collective,
    "ko_fi": ko_fi,
    "buy_me_a_coffee": buy_me_a_coffee,
    "patreon": patreon,
}


def vendor_widget(account: Account) -> VendorWidget | None:
    """The provider's own embed for ``account``, or None (no embed, or its id is missing)."""
    build = WIDGETS.get(account.provider)
    return build(account) if build else None


# The widgets above that need an id besides the name, and what that id is.
NEEDS_ID = {
    "patreon": ("user_id", "Patreon's numeric user id (its become-a-patron button needs it)"),
    "ko_fi": ("widget_id", "Ko-fi's widget id (its Widget_2.js button needs it)"),
}


def missing_widget_ids(funding: Funding) -> list[Problem]:
    """For the widget style: each account whose embed needs an id it lacks (it keeps the link).

    Not an error (the self-hosted button is shown instead), so a host reports these as
    warnings, e.g. in ``flattr doctor``.
    """
    problems = []
    for account in funding.accounts:
        field, allowed = NEEDS_ID.get(account.provider, ("", ""))
        if field and account.widget_id is None:
            problems.append(Problem(f"{account.provider}.{field}", None, allowed))
    return problems
