"""Podcasting 2.0 ``<podcast:funding url="…">label</podcast:funding>`` for RSS feeds.

Namespace ``https://podcastindex.org/namespace/1.0`` (Podcastindex-org/podcast-namespace,
docs/tags/funding.md): in ``<channel>`` and ``<item>``, repeatable, the label at most 128
characters. One element per account with a support page; Web Monetization wallets have
none (they go in ``monetization.feed_monetization_links``). Declaring the namespace on the
root element is the feed patcher's job; ``namespace_declaration`` gives the attribute.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup

from .. import text
from ..errors import ContentError
from ..providers import Account, Funding, label, support_url

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
PREFIX = "podcast"
LABEL_MAX = 128
_XML_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def funding_label(account: Account, *, with_name: bool = False) -> str:
    """``Support on Liberapay``: the provider (or a custom page's host), at most 128 chars."""
    words = f"Support on {label(account, with_name=with_name)}"
    return text.truncate(text.collapse_whitespace(words, keep_newlines=False), LABEL_MAX)


def podcast_funding(funding: Funding, *, prefix: str = PREFIX) -> Markup:
    """A ``<podcast:funding>`` element per account with a support page, newline-separated."""
    return Markup("\n").join(element for _, element in funding_elements(funding, prefix=prefix))


def funding_elements(funding: Funding, *, prefix: str = PREFIX) -> list[tuple[str, Markup]]:
    """Each ``<podcast:funding>`` element with its ``url`` (a feed patcher skips the ones a
    feed already has), in ``providers.ORDER``."""
    return list(_funding_elements(funding, prefix))


# Every feed item of a page asks again (a page is in several feeds); Funding is frozen.
@lru_cache(maxsize=1024)
def _funding_elements(funding: Funding, prefix: str) -> tuple[tuple[str, Markup], ...]:
    tag = _tag(prefix)
    several = funding.several
    elements = []
    for account in funding.buttons:
        element = _element(account, account.provider in several, tag)
        if element is not None:
            elements.append(element)
    return tuple(elements)


# A page's own funding is one of many (each a miss above), its accounts mostly the site's.
@lru_cache(maxsize=1024)
def _element(account: Account, with_name: bool, tag: str) -> tuple[str, Markup] | None:
    url = support_url(account)
    if url is None:
        return None
    words = funding_label(account, with_name=with_name)
    return url, Markup("<{0} url={1}>{2}</{0}>").format(tag, _quoted(url), words)


def funding_pages(funding: Funding) -> list[tuple[str, str]]:
    """(support page, label) per account with a support page, in ``providers.ORDER``."""
    several = funding.several
    pages = []
    for account in funding.buttons:
        url = support_url(account)
        if url is not None:
            pages.append((url, funding_label(account, with_name=account.provider in several)))
    return pages


def podcast_funding_elements(
    funding: Funding, *, prefix: str = PREFIX
) -> list[tuple[str, dict[str, str], str]]:
    """The same elements as names, attributes and text (not escaped), for feed writers that
    write elements themselves: Django's ``handler.addQuickElement(name, text, attributes)``."""
    tag = _tag(prefix)
    return [(tag, {"url": url}, words) for url, words in funding_pages(funding)]


def namespace_attribute(prefix: str = PREFIX) -> tuple[str, str]:
    """The root's ``xmlns:podcast`` attribute as a name and a value (not escaped)."""
    return f"xmlns:{_name(prefix)}", PODCAST_NS


def namespace_declaration(prefix: str = PREFIX) -> Markup:
    """`` xmlns:podcast="…"`` for the feed's root element."""
    return Markup(' xmlns:{}="{}"').format(_name(prefix), PODCAST_NS)


def _tag(prefix: str) -> str:
    return f"{_name(prefix)}:funding"


def _name(prefix: str) -> str:
    if not _XML_NAME.fullmatch(prefix):
        raise ContentError(f"prefix: {prefix!r} is not an XML namespace prefix")
    return prefix


def _quoted(value: str) -> Markup:
    return Markup('"{}"').format(value)
