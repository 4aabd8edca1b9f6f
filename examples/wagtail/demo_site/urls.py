from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from blog.feeds import AtomFeed, RssFeed

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("feed/rss/", RssFeed(), name="feed-rss"),
    path("feed/atom/", AtomFeed(), name="feed-atom"),
    path("", include(wagtail_urls)),
]
