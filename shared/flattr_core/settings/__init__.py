"""A host's settings become the core's: a mapping into a ``SiteConfig``, a page into ``Resolved``.

``checks`` turns each raw value into its typed value (or a ``Problem``); ``layers`` makes one
level's ``Layer`` (site, section, author, page); ``site`` holds the site's layers and resolves
a page (page → author → section → site) into ``results``
(``things`` makes its thing, ``funding`` checks its other providers); ``isolation`` keeps an
invalid author or section aside so it hurts only its own pages; ``tokens`` says where
a token comes from (the settings, ``$FLATTR_TOKEN``, or ``flattr auth login``'s file);
``channel`` says whether the site has a thing of its own (a feed's channel link).
"""

from .channel import channel_thing
from .isolation import Broken
from .layers import author_problems, page_problems
from .results import FundingOnly, Resolved
from .site import SiteConfig

__all__ = [
    "Broken",
    "FundingOnly",
    "Resolved",
    "SiteConfig",
    "author_problems",
    "channel_thing",
    "page_problems",
]
