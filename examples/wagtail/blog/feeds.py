"""Each site's posts as RSS 2.0 and Atom, with Flattr payment links (FlattrFeedMixin)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Site

from wagtail_flattr.feeds import FlattrFeedMixin

from .models import BlogPage


class RssFeed(FlattrFeedMixin, Feed):
    link = "/"

    def site(self):
        return Site.find_for_request(self.flattr_request)

    def title(self):
        return self.site().site_name

    def description(self):
        return f"New posts on {self.site().site_name}"

    def items(self):
        return BlogPage.objects.live().in_site(self.site()).order_by("-date")[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.full_url


class AtomFeed(RssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
