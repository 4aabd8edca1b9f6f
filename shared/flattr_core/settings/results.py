"""What resolving a page gives: a Flattr thing with the page's other funding, or the funding alone.

Two types rather than one with ``thing: Thing | None``: the Flattr-only code (registration,
the Wagtail adapter, ``SiteConfig.resolve``) keeps a ``Resolved`` whose thing is always
there, and only the hosts that show every provider (``SiteConfig.resolve_support``) handle
a ``FundingOnly`` page, which the type checker makes them do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import ButtonOptions, Thing
from ..providers import Funding


@dataclass(frozen=True)
class Resolved:
    """A page's thing, how its button is shown, and the page's other ways of support."""

    thing: Thing
    button: ButtonOptions
    funding: Funding = field(default_factory=Funding)


@dataclass(frozen=True)
class FundingOnly:
    """A page with other ways of support but no Flattr account: no thing, nothing registered.

    ``button`` still says where the support block goes and in which style (``widget``: the
    providers' own embeds, loaded on a click). ``thing`` is always None, so code that reads
    ``resolved.thing`` of either result sees whether there is one.
    """

    button: ButtonOptions
    funding: Funding
    thing: None = None
