"""Funding values: an account at a provider, one layer's funding settings, and the merge.

A layer (site, section, author, page) can set a provider's accounts, turn one provider off,
or turn everything off (``funding: false``). ``merge`` applies layers from the least to the
most specific, so the most specific layer that mentions a provider decides it, and each
provider is decided on its own: a page can add Liberapay, drop Patreon and keep the site's
GitHub Sponsors. The result, ``Funding``, lists accounts in the fixed ``ORDER``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..models import without_kept_hash

# The order buttons, links and channels appear in; Web Monetization has no button.
ORDER: tuple[str, ...] = (
    "github",
    "patreon",
    "open_collective",
    "ko_fi",
    "liberapay",
    "buy_me_a_coffee",
    "polar",
    "thanks_dev",
    "paypal",
    "custom",
    "web_monetization",
)


@dataclass(frozen=True)
class Account:
    """One account at one provider.

    ``name`` is what the provider's URLs use: a username or slug, a custom page URL, or a
    wallet address URL. ``widget_id`` is the id a vendor widget needs where that differs
    from the name (Patreon's numeric user id, Ko-fi's widget id); None when not given.
    """

    provider: str
    name: str
    widget_id: str | None = None


@dataclass(frozen=True)
class FundingLayer:
    """What one layer says: accounts per provider it sets, providers it turns off, or all off."""

    accounts: tuple[tuple[str, tuple[Account, ...]], ...] = ()
    off: frozenset[str] = frozenset()
    all_off: bool = False

    def __bool__(self) -> bool:
        return bool(self.accounts or self.off or self.all_off)


@dataclass(frozen=True)
class Funding:
    """The accounts a page (or the site) is funded through, in ``ORDER``."""

    accounts: tuple[Account, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.accounts)

    # A Funding keys the memoized markup (the buttons, head and feed elements), looked up
    # several times a page; its dataclass hash called each account's __hash__ in Python each
    # time. Equal fundings have equal accounts, so equal hashes. Kept once made, as
    # ``models.kept_hash`` keeps a thing's, but hashed from the one field itself.
    def __hash__(self) -> int:
        known: int | None = self.__dict__.get("_hash")
        if known is None:
            known = self.__dict__["_hash"] = hash(self.accounts)
        return known

    __getstate__ = without_kept_hash

    def of(self, provider: str) -> tuple[Account, ...]:
        """The accounts at ``provider`` (a FUNDING.yml key), in the order given."""
        return tuple(account for account in self.accounts if account.provider == provider)

    # Cached: a page's markup and each feed item ask again, and merge gives the same object
    # for the same layers (cached_property writes the instance's dict, past the frozen guard).
    @cached_property
    def providers(self) -> tuple[str, ...]:
        """The providers with at least one account, in ``ORDER``."""
        present = {account.provider for account in self.accounts}
        return tuple(key for key in ORDER if key in present)

    @cached_property
    def several(self) -> frozenset[str]:
        """The providers with more than one account: their buttons and elements name each."""
        counts = Counter(account.provider for account in self.accounts)
        return frozenset(key for key in self.providers if counts[key] > 1)

    @cached_property
    def wallets(self) -> tuple[str, ...]:
        """The Web Monetization wallet addresses (https URLs)."""
        return tuple(account.name for account in self.of("web_monetization"))

    @cached_property
    def buttons(self) -> tuple[Account, ...]:
        """The accounts that get a button: all but the wallets, which go in the head."""
        return tuple(account for account in self.accounts if account.provider != "web_monetization")


def merge(layers: Iterable[FundingLayer]) -> Funding:
    """The funding the layers give, least specific first (site, sections, author, page)."""
    return _merged(tuple(layers))


# The same few combinations (the site's, each author's, a page's own) on page after page, all
# frozen: one Funding for each, which the memoized markup made from it then finds at once.
@lru_cache(maxsize=1024)
def _merged(layers: tuple[FundingLayer, ...]) -> Funding:
    chosen: dict[str, tuple[Account, ...]] = {}
    for layer in layers:
        if layer.all_off:
            chosen.clear()
        for provider in layer.off:
            chosen.pop(provider, None)
        chosen.update(layer.accounts)
    return Funding(tuple(account for key in ORDER for account in chosen.get(key, ())))


def resolve(
    site: FundingLayer,
    sections: Iterable[FundingLayer] = (),
    author: FundingLayer | None = None,
    page: FundingLayer | None = None,
) -> Funding:
    """The resolution order page -> author -> section -> site, per provider."""
    return merge([site, *sections, author or FundingLayer(), page or FundingLayer()])
