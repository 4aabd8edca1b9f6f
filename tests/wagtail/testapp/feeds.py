from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Site

from wagtail_flattr.feeds import FlattrFeedMixin

from .models import BlogPage


class BlogFeed(FlattrFeedMixin, Feed):
    title = "Alpha blog"
    link = "/"
    description = "Posts"

    def items(self):
        site = Site.find_for_request(self.flattr_request)
        return BlogPage.objects.live().in_site(site).order_by("pk")

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.search_description

    def item_link(self, item):
        return item.url


class BlogAtomFeed(BlogFeed):
    feed_type = Atom1Feed
    subtitle = "Posts"
