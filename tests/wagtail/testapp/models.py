"""A small blog: an index and its posts (with Flattr fields), news items (Flattr fields, a
template without Flattr tags: the middleware's case) and plain pages (no Flattr fields); and
articles as real projects write posts (a date and a body, no Flattr fields) with their index."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from wagtail_flattr.models import FlattrPageMixin


class BlogIndexPage(Page):
    intro = RichTextField(blank=True)
    subpage_types = ["testapp.BlogPage", "testapp.NewsPage", "testapp.PlainPage"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]


class BlogPage(FlattrPageMixin, Page):
    body = RichTextField(blank=True)
    parent_page_types = ["testapp.BlogIndexPage"]
    content_panels = [*Page.content_panels, FieldPanel("body")]
    settings_panels = [*Page.settings_panels, *FlattrPageMixin.flattr_panels]


class NewsPage(FlattrPageMixin, Page):
    body = RichTextField(blank=True)
    settings_panels = [*Page.settings_panels, *FlattrPageMixin.flattr_panels]


class PlainPage(Page):
    body = models.TextField(blank=True)


class JinjaPage(FlattrPageMixin, Page):
    """Rendered with Jinja2 (``{{ flattr_button(page) }}``)."""

    template = "testapp/jinja_page.html"


class ArticlePage(Page):
    """A post as real projects model one: a date and a rich body of its own, no Flattr fields."""

    date = models.DateField("post date", null=True, blank=True)
    body = RichTextField(blank=True)
    content_panels = [*Page.content_panels, FieldPanel("date"), FieldPanel("body")]


class ArticleIndexPage(Page):
    """A listing with a date and a body as well: an index all the same (it names its children)."""

    updated = models.DateField(null=True, blank=True)
    intro = RichTextField(blank=True)
    subpage_types = ["testapp.ArticlePage"]
