"""Payment links and funding in Django syndication feeds: mix ``FlattrFeedMixin`` into a
``Feed`` whose items are Wagtail pages.

    class BlogFeed(FlattrFeedMixin, Feed):
        feed_type = Atom1Feed            # or the default RSS 2.0
        def items(self):
            site = Site.find_for_request(self.flattr_request)
            return BlogPage.objects.live().in_site(site).order_by("-first_published_at")[:20]

Each item that shows a button on the site gets ``<link rel="payment">`` (Atom) or
``<atom:link rel="payment">`` (RSS 2.0, namespace already declared by Django), and the channel
gets one for the site's own thing. The channel also gets a ``rel="monetization"`` link per
wallet of the site's own funding and, in RSS, a ``<podcast:funding>`` per support page (the
namespace declared on ``<rss>``); an item gets its own only where its page's differ (items
inherit the channel's). The elements come from the core (``feed_link_element``,
``feed_funding_elements``), as names and attributes for Django's feed writer.

The one ``Feed`` instance in ``urls.py`` serves every request, on every thread of the server:
each request is served by a copy of it, so ``self.flattr_request`` is always this request's.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from wagtail.models import Site

from flattr_core import Endpoints, FlattrError, Funding, Thing, channel_thing, markup

from .content import report, site_config
from .models import FlattrSiteSettings
from .rendering import endpoints_for, resolved_for

PAYMENT_KEY = "flattr_payment"
FUNDING_KEY = "flattr_funding"


class PaymentLinksMixin:
    """Feed generator elements: a payment link and the funding for the channel and each item."""

    feed: dict[str, Any]
    items: list[dict[str, Any]]

    def rss_attributes(self) -> dict[str, str]:
        attributes: dict[str, str] = super().rss_attributes()  # type: ignore[misc]
        holders = [self.feed, *self.items]
        if any(holder.get(FUNDING_KEY) and holder[FUNDING_KEY].buttons for holder in holders):
            name, value = markup.podcast_namespace()
            attributes[name] = value
        return attributes

    def add_root_elements(self, handler: Any) -> None:
        super().add_root_elements(handler)  # type: ignore[misc]
        self._payment_link(handler, self.feed.get(PAYMENT_KEY))
        self._funding(handler, self.feed.get(FUNDING_KEY), None)

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)  # type: ignore[misc]
        self._payment_link(handler, item.get(PAYMENT_KEY))
        self._funding(handler, item.get(FUNDING_KEY), self.feed.get(FUNDING_KEY) or Funding())

    def _funding(self, handler: Any, funding: Funding | None, channel: Funding | None) -> None:
        if funding is None:
            return
        rss = not isinstance(self, Atom1Feed)
        elements = markup.feed_funding_elements(
            funding,
            channel=channel,
            atom_prefix="atom" if rss else "",
            podcast_prefix="podcast" if rss else None,
        )
        for tag, attributes, text in elements:
            handler.addQuickElement(tag, text, attributes)

    def _payment_link(self, handler: Any, found: tuple[Thing, Endpoints] | None) -> None:
        if found is not None:
            prefix = "" if isinstance(self, Atom1Feed) else "atom"
            tag, attributes = markup.feed_link_element(*found, prefix=prefix)
            handler.addQuickElement(tag, None, attributes)


@cache
def with_payment_links(feed_type: type[SyndicationFeed]) -> type[SyndicationFeed]:
    """``feed_type`` (Atom 1.0 or RSS 2.0, or a subclass) that also writes payment links."""
    if issubclass(feed_type, PaymentLinksMixin):
        return feed_type
    if not issubclass(feed_type, Atom1Feed | Rss201rev2Feed):
        raise TypeError(f"FlattrFeedMixin supports Atom1Feed and Rss201rev2Feed, not {feed_type}")
    return type(f"Payment{feed_type.__name__}", (PaymentLinksMixin, feed_type), {})


class FlattrFeedMixin:
    """Adds channel- and item-level payment links and funding to a syndication feed."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    flattr_request: HttpRequest | None = None

    def get_feed(self, obj: Any, request: HttpRequest) -> SyndicationFeed:
        # Feed methods get no request, so it is kept on the feed: on a copy made for this
        # request, never on the instance that every thread of the server shares.
        feed = copy.copy(self)
        feed.flattr_request = request
        # a class is hashable, but mypy checks its __hash__ as its instances' (so @cache refuses it)
        feed.feed_type = with_payment_links(self.feed_type)  # type: ignore[arg-type]
        # the Feed this is mixed into (unknown to the mixin) writes it
        return super(FlattrFeedMixin, feed).get_feed(obj, request)  # type: ignore[misc, no-any-return]

    def feed_extra_kwargs(self, obj: Any) -> dict[str, Any]:
        extra = dict(super().feed_extra_kwargs(obj))  # type: ignore[misc]
        found, funding = self.flattr_channel(), self.flattr_channel_funding()
        extra.update({PAYMENT_KEY: found} if found else {})
        return {**extra, FUNDING_KEY: funding} if funding else extra

    def item_extra_kwargs(self, item: Any) -> dict[str, Any]:
        extra = dict(super().item_extra_kwargs(item))  # type: ignore[misc]
        found = resolved_for(self.flattr_request, item)
        if found is None:
            return extra
        if found.thing is not None:
            extra[PAYMENT_KEY] = (found.thing, endpoints_for(self.flattr_request))
        return {**extra, FUNDING_KEY: found.funding} if found.funding else extra

    def flattr_channel_funding(self) -> Funding | None:
        """The site's own ways of support (the channel's), or None."""
        if self.flattr_request is None or Site.find_for_request(self.flattr_request) is None:
            return None
        try:
            return site_config(FlattrSiteSettings.for_request(self.flattr_request)).funding
        except FlattrError as error:  # reported; the feed goes out without them
            report(error)
            return None

    def flattr_channel(self) -> tuple[Thing, Endpoints] | None:
        """The site itself (its home page) as a thing, when it has a creator, with its endpoints."""
        request = self.flattr_request
        site = Site.find_for_request(request) if request is not None else None
        if site is None:
            return None
        try:
            config = site_config(FlattrSiteSettings.for_request(request))
            thing = channel_thing(config, site.root_url, site.site_name or site.hostname)
        except FlattrError as error:  # the feed goes out without the channel's link
            report(error)
            return None
        return (thing, config.endpoints) if thing is not None else None
