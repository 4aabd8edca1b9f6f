"""Markup put together from parts that are Markup already: escaped values and trusted literals.

``Markup.join`` and ``Markup.format`` escape each part again, through ``string.Formatter`` in
Python for ``format``; on every page of a site that is most of what making a button costs.
The parts' type says they need none: mypy keeps a plain ``str`` out.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from markupsafe import Markup, escape

NOTHING = Markup("")


def concat(*parts: Markup) -> Markup:
    """The parts one after another."""
    return joined(parts)


def joined(parts: Iterable[Markup], separator: Markup = NOTHING) -> Markup:
    """The parts with ``separator`` between them."""
    # str's join, not Markup's: that would escape each part again
    return Markup(str.join(separator, parts))  # noqa: S704 - Markup parts only (see the module)


def escaped_url(url: str) -> Markup:
    """``markupsafe.escape(url)``, in a few searches in C when ``&`` is all it has to escape:
    so are the URLs the plugin writes (their query values percent-encoded), each long, and
    each on every page and in every feed an article is in. markupsafe reads it a character
    at a time; a search for a character runs many to a step.

    Only a ``str`` itself is memoized: a ``Markup`` equal to it is not escaped again."""
    return _escaped_url(url) if type(url) is str else escape(url)


# A build escapes each thing's auto-submit URL for its head, its button and each kind of feed
# it is in, and the memoized URL is the same object each time: its hash is worked out once.
@lru_cache(maxsize=4096)
def _escaped_url(url: str) -> Markup:
    if "<" in url or ">" in url or '"' in url or "'" in url:
        return escape(url)
    return Markup(url.replace("&", "&amp;"))  # noqa: S704 - escaped: no other character needs it
