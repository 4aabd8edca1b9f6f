"""One entry per provider: its key, display name, value rules and support page.

Keys are FUNDING.yml's own names where one exists (GitHub's docs), plus
``web_monetization`` and ``paypal``. Support pages are funding-providers.md's; each name is
percent-encoded as one path segment (thanks.dev's ``u/gh/NAME``: each segment) and every URL
is checked by ``links.check_url`` before it is handed out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, urlsplit

from .. import links
from ..errors import Invalid
from . import rules
from .values import ORDER, Account

Page = Callable[[Account], str]


def _page(template: str) -> Page:
    def page(account: Account) -> str:
        return template.format(quote(account.name, safe=""))

    return page


def _thanks_dev_page(account: Account) -> str:
    path = "/".join(quote(segment, safe="") for segment in account.name.split("/"))
    return f"https://thanks.dev/{path}"


def _own_url(account: Account) -> str:
    return account.name


@dataclass(frozen=True)
class Provider:
    """What the core knows about one provider."""

    key: str
    name: str
    check: Callable[[object], str]
    page: Page | None
    max_accounts: int | None = 1  # None: no limit
    in_funding_yml: bool = True
    # The field of the mapping form that holds the vendor widget's own id, and its check.
    widget_field: str | None = None
    widget_check: Callable[[object], str] | None = None

    @property
    def allowed(self) -> str:
        """What one value may be, for messages."""
        try:
            self.check(None)
        except Invalid as bad:
            return bad.allowed
        raise AssertionError("a check must refuse None")  # pragma: no cover

    def support_url(self, account: Account) -> str | None:
        """The page a reader goes to, or None (Web Monetization has no page)."""
        if self.page is None:
            return None
        return links.check_url(self.page(account), f"funding.{self.key}")


PROVIDERS: dict[str, Provider] = {
    provider.key: provider
    for provider in (
        Provider(
            "github",
            "GitHub Sponsors",
            rules.name(
                rules.GITHUB_NAME,
                "a GitHub username (letters, digits, single hyphens inside; up to 39)",
                rules.GITHUB_MAX,
            ),
            _page("https://github.com/sponsors/{}"),
            max_accounts=4,
        ),
        Provider(
            "patreon",
            "Patreon",
            rules.name(rules.SLUG, "a Patreon name (letters, digits, _ . -; up to 100)"),
            _page("https://www.patreon.com/{}"),
            widget_field="user_id",
            widget_check=rules.name(rules.PATREON_USER_ID, "Patreon's numeric user id"),
        ),
        Provider(
            "open_collective",
            "Open Collective",
            rules.name(rules.COLLECTIVE_SLUG, "an Open Collective slug (letters, digits, -)"),
            _page("https://opencollective.com/{}/donate"),
        ),
        Provider(
            "ko_fi",
            "Ko-fi",
            rules.name(rules.SLUG, "a Ko-fi username (letters, digits, _ . -; up to 100)"),
            _page("https://ko-fi.com/{}"),
            widget_field="widget_id",
            widget_check=rules.name(
                rules.KOFI_WIDGET_ID, "Ko-fi's widget id (4 to 20 letters or digits)"
            ),
        ),
        Provider(
            "liberapay",
            "Liberapay",
            rules.name(
                rules.LIBERAPAY_NAME, "a Liberapay username (letters, digits, - _ .; up to 32)"
            ),
            _page("https://liberapay.com/{}/donate"),
        ),
        Provider(
            "buy_me_a_coffee",
            "Buy Me a Coffee",
            rules.name(rules.SLUG, "a Buy Me a Coffee username (letters, digits, _ . -)"),
            _page("https://buymeacoffee.com/{}"),
        ),
        Provider(
            "polar",
            "Polar",
            rules.name(rules.SLUG, "a Polar name (letters, digits, _ . -; up to 100)"),
            _page("https://polar.sh/{}"),
        ),
        Provider("thanks_dev", "thanks.dev", rules.thanks_dev_path, _thanks_dev_page),
        Provider(
            "paypal",
            "PayPal",
            rules.name(rules.PAYPAL_NAME, "a PayPal.me name (up to 20 letters or digits)"),
            _page("https://paypal.me/{}"),
            in_funding_yml=False,
        ),
        Provider("custom", "Support page", rules.support_url, _own_url, max_accounts=4),
        Provider(
            "web_monetization",
            "Web Monetization",
            rules.wallet_address,
            None,
            max_accounts=None,
            in_funding_yml=False,
        ),
    )
}
assert tuple(PROVIDERS) == ORDER, "the table lists the providers in ORDER"


def provider(key: str) -> Provider:
    """The provider with this FUNDING.yml key (KeyError for an unknown one)."""
    return PROVIDERS[key]


# A site's accounts are few and every page and feed item asks again; an Account is frozen
# and the table constant, so a URL or label never goes stale.
@lru_cache(maxsize=1024)
def support_url(account: Account) -> str | None:
    """The support page of ``account``, checked; None for a wallet address."""
    return PROVIDERS[account.provider].support_url(account)


@lru_cache(maxsize=1024)
def label(account: Account, *, with_name: bool = False) -> str:
    """A button's accessible name: the provider's name (a custom page: its host).

    ``with_name`` adds the account, for a provider with several (``GitHub Sponsors: octocat``;
    a custom page: its path too).
    """
    if account.provider == "custom":
        host = _host(account.name)
        return host + urlsplit(account.name).path.rstrip("/") if with_name else host
    name = PROVIDERS[account.provider].name
    return f"{name}: {account.name}" if with_name else name


def _host(url: str) -> str:
    """The host of a custom page as a reader knows it: no ``www.``, IDNA decoded."""
    host = (urlsplit(url).hostname or url).removeprefix("www.")
    if "xn--" not in host.lower():  # nothing to decode (and no codec to import: 1 ms)
        return host
    try:
        return host.encode("ascii").decode("idna")
    except UnicodeError:
        return host


def public_json_url(account: Account) -> str | None:
    """What ``flattr doctor --online`` may fetch to confirm the account exists, if anything.

    A wallet address answers ``Accept: application/json`` with its public document; Liberapay
    has ``/NAME/public.json`` (CORS ``*``). Other providers publish no such document.
    """
    if account.provider == "web_monetization":
        return links.check_url(account.name, "funding.web_monetization")
    if account.provider == "liberapay":
        url = f"https://liberapay.com/{quote(account.name, safe='')}/public.json"
        return links.check_url(url, "funding.liberapay")
    return None
