"""How each provider names an account: checks that turn a raw value into a typed one.

A check returns the canonical value or raises ``Invalid`` carrying what would have been
allowed (the caller adds the key and the value). The rules come from the providers' own
code and docs (docs/funding.md lists the sources); where a provider states none, the rule
is the narrow one every name seen in the wild fits: a single URL path segment that starts
with a letter or digit, so a name can never become ``.``, ``..`` or another path.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .. import links
from ..errors import ContentError, Invalid

# GitHub: letters, digits and single hyphens, not at either end; up to 39 characters.
GITHUB_NAME = re.compile(r"[A-Za-z0-9](?:-?[A-Za-z0-9])*")
GITHUB_MAX = 39
# Liberapay (liberapay/constants.py): ASCII letters, digits, - _ . ; up to 32 (USERNAME_MAX_SIZE).
LIBERAPAY_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,31}")
# PayPal.me: up to 20 letters and digits.
PAYPAL_NAME = re.compile(r"[A-Za-z0-9]{1,20}")
# Open Collective slugs: letters, digits and hyphens.
COLLECTIVE_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,99}")
# Patreon, Ko-fi, Buy Me a Coffee, Polar, thanks.dev segments: no stated rule (see above).
SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
# Patreon's "become a patron" widget: the numeric user id (not the name).
PATREON_USER_ID = re.compile(r"[0-9]{1,20}")
# Ko-fi's button widget: the page id of kofiwidget2.init (e.g. B0B4AHLJ), not the username.
KOFI_WIDGET_ID = re.compile(r"[A-Za-z0-9]{4,20}")


def text(value: object, allowed: str) -> str:
    """A non-empty string, stripped; an int is read as its digits (YAML ids, Pelican)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise Invalid(allowed)
    return str(value).strip()  # a plain str (not Markup): accounts are compared and memoized


def name(pattern: re.Pattern[str], allowed: str, max_length: int = 100) -> NameCheck:
    """A check for names that fit ``pattern`` (and ``max_length``)."""
    return NameCheck(pattern, allowed, max_length)


class NameCheck:
    """Checks one account name; a URL or ``@name`` in its place gets a suggestion."""

    def __init__(self, pattern: re.Pattern[str], allowed: str, max_length: int) -> None:
        self.pattern, self.allowed, self.max_length = pattern, allowed, max_length

    def __call__(self, value: object) -> str:
        word = text(value, self.allowed)
        if len(word) <= self.max_length and self.pattern.fullmatch(word):
            return word
        raise Invalid(self.allowed + self._suggestion(word))

    def _suggestion(self, word: str) -> str:
        tail = word.lstrip("@") if word.startswith("@") else _last_segment(word)
        if tail and tail != word and self.pattern.fullmatch(tail):
            return f" (did you mean {tail!r}?)"
        return ""


def _last_segment(word: str) -> str:
    if "://" not in word:
        return ""
    return urlsplit(word).path.rstrip("/").rpartition("/")[2]


def thanks_dev_path(value: object) -> str:
    """A thanks.dev name: ``u/gh/NAME`` as FUNDING.yml writes it, or a bare name."""
    allowed = "a thanks.dev name such as u/gh/octocat (1 to 3 segments of letters, digits, _ . -)"
    word = text(value, allowed)
    segments = word.split("/")
    if len(segments) > 3 or not all(SLUG.fullmatch(segment) for segment in segments):
        raise Invalid(allowed)
    return word


def support_url(value: object) -> str:
    """A custom support page: an absolute https URL (http only on a loopback host)."""
    allowed = "an absolute https URL (http only on 127.0.0.1, localhost or ::1)"
    word = text(value, allowed)
    if "://" not in word and not word.startswith("/"):
        raise Invalid(f"{allowed} (did you mean {'https://' + word!r}?)")
    url = _checked(word, allowed)
    if not links.is_https_or_loopback(url):
        raise Invalid(f"{allowed} (did you mean {'https://' + url.split('://', 1)[1]!r}?)")
    return url


def wallet_address(value: object) -> str:
    """A Web Monetization wallet address: an https URL without query or fragment.

    The ``$wallet.example/alice`` payment pointer was removed from the spec on 2024-01-01;
    it is refused with the wallet address it stands for (``$host`` alone meant
    ``https://host/.well-known/pay``).
    """
    allowed = "a wallet address: an https URL such as https://wallet.example/alice"
    word = text(value, allowed)
    if word.startswith("$"):
        suggestion = f"use {pointer_url(word)!r}: $ payment pointers were removed in 2024"
        raise Invalid(f"{allowed} ({suggestion})")
    url = _checked(word, allowed)
    parts = urlsplit(url)
    if parts.scheme.lower() != "https":
        raise Invalid(allowed)
    if parts.query or parts.fragment:
        raise Invalid(allowed + " without a query or fragment")
    return url


def pointer_url(pointer: str) -> str:
    """The https URL a ``$host/path`` payment pointer stands for (``$host``: /.well-known/pay)."""
    rest = pointer.removeprefix("$")
    return f"https://{rest}" if "/" in rest else f"https://{rest}/.well-known/pay"


def _checked(url: str, allowed: str) -> str:
    try:
        return links.check_url(url, "url")
    except ContentError:
        raise Invalid(allowed) from None
