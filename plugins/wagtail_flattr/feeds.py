"""Payment links in Django syndication feeds: mix ``FlattrFeedMixin`` into a ``Feed`` whose
items are Wagtail pages.

    class BlogFeed(FlattrFeedMixin, Feed):
        feed_type = Atom1Feed            # or the default RSS 2.0
        def items(self):
            site = Site.find_for_request(self.flattr_request)
            return BlogPage.objects.live().in_site(site).order_by("-first_published_at")[:20]

Each item that shows a button on the site gets ``<link rel="payment">`` (Atom) or
``<atom:link rel="payment">`` (RSS 2.0, namespace already declared by Django), and the channel
gets one for the site's own thing. The elements come from the core (``feed_link_element``).

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

from flattr_core import Endpoints, FlattrError, Thing, channel_thing, markup

from .content import report, site_config
from .models import FlattrSiteSettings
from .rendering import endpoints_for, resolved_for

PAYMENT_KEY = "flattr_payment"


class PaymentLinksMixin:
    """Feed generator elements: a payment link for the channel and for each item."""

    feed: dict[str, Any]

    def add_root_elements(self, handler: Any) -> None:
        super().add_root_elements(handler)  # type: ignore[misc]
        self._payment_link(handler, self.feed.get(PAYMENT_KEY))

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)  # type: ignore[misc]
        self._payment_link(handler, item.get(PAYMENT_KEY))

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
    """Adds channel- and item-level payment links to a ``django.contrib.syndication`` feed."""

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
        found = self.flattr_channel()
        return {**extra, PAYMENT_KEY: found} if found else extra

    def item_extra_kwargs(self, item: Any) -> dict[str, Any]:
        extra = dict(super().item_extra_kwargs(item))  # type: ignore[misc]
        found = resolved_for(self.flattr_request, item)
        if found is None:
            return extra
        return {**extra, PAYMENT_KEY: (found.thing, endpoints_for(self.flattr_request))}

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
