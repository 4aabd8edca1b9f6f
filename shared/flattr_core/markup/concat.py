"""Markup put together from parts that are Markup already: escaped values and trusted literals.

``Markup.join`` and ``Markup.format`` escape each part again, through ``string.Formatter`` in
Python for ``format``; on every page of a site that is most of what making a button costs.
The parts' type says they need none: mypy keeps a plain ``str`` out.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup

NOTHING = Markup("")


def concat(*parts: Markup) -> Markup:
    """The parts one after another."""
    return joined(parts)


def joined(parts: Iterable[Markup], separator: Markup = NOTHING) -> Markup:
    """The parts with ``separator`` between them."""
    # str's join, not Markup's: that would escape each part again
    return Markup(str.join(separator, parts))  # noqa: S704 - Markup parts only (see the module)
