"""A home page per site, a posts index, and posts with tags and the Flattr fields."""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from wagtail_flattr.models import FlattrPageMixin


class HomePage(Page):
    intro = RichTextField(blank=True)
    subpage_types = ["blog.PostIndexPage", "blog.AboutPage"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    def latest_posts(self):
        return BlogPage.objects.live().descendant_of(self).order_by("-date")[:5]


class PostIndexPage(Page):
    subpage_types = ["blog.BlogPage"]

    def posts(self):
        return BlogPage.objects.child_of(self).live().order_by("-date")


class PostTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class BlogPage(FlattrPageMixin, Page):
    date = models.DateField("post date")
    intro = models.CharField(max_length=250)
    body = RichTextField(blank=True)
    tags = ClusterTaggableManager(through=PostTag, blank=True)

    parent_page_types = ["blog.PostIndexPage"]
    content_panels = [*Page.content_panels, "date", "intro", "body", "tags"]
    settings_panels = [*Page.settings_panels, *FlattrPageMixin.flattr_panels]

    def get_flattr_tags(self):
        """The post's own tags become Flattr tags too."""
        return [tag.name for tag in self.tags.all()]


class AboutPage(Page):
    """A plain page: no Flattr fields, not an enabled page type, so no button."""

    body = RichTextField(blank=True)
    content_panels = [*Page.content_panels, "body"]
