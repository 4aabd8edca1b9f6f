from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from blog.feeds import AtomFeed, RssFeed

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("feed/rss/", RssFeed(), name="feed-rss"),
    path("feed/atom/", AtomFeed(), name="feed-atom"),
    # funding.json and /.well-known/funding-manifest-urls of each site that sets the manifest's
    # fields (Settings -> Flattr); a site served over plain http, as here, cannot have one
    path("", include("wagtail_flattr.site_urls")),
    path("", include(wagtail_urls)),
]
