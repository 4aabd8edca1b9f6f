"""The site's own thing, for a feed's channel link: one rule for when a site has one.

It is a settings question (the site layer names a creator, or it does not), so it lives with
the settings; ``SiteConfig.channel_thing`` builds the thing once the answer is yes.
"""

from __future__ import annotations

from ..models import Thing
from .site import SiteConfig


def channel_thing(
    site: SiteConfig, url: str, title: str, description: str = "", locale: str | None = None
) -> Thing | None:
    """The thing of the site at ``url`` (its home page: a final ``/`` is added when missing),
    or None when the site has none.

    A site has its own thing when its settings name a creator (``username``; an author's or a
    section's account is not the site's) and Flattr is not switched off for the whole site.
    A bad ``url`` is a ``ContentError``, as for any page.
    """
    if site.site.username is None or site.site.enabled is False:
        return None
    home = url if url.endswith("/") else url + "/"
    return site.channel_thing(home, title, description, locale)
