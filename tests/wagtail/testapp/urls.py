from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from .feeds import BlogAtomFeed, BlogFeed

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("feed/rss/", BlogFeed()),
    path("feed/atom/", BlogAtomFeed()),
    path("", include("wagtail_flattr.site_urls")),  # funding.json and its well-known list
    path("", include(wagtail_urls)),
]
