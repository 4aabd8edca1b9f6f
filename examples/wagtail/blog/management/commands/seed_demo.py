"""`manage.py seed_demo --port 8768`: two sites, two authors, twelve published posts.

Each post is published through a revision, so Wagtail sends ``page_published`` and
wagtail_flattr queues its registration task (the demo's db_worker runs it: TASKS). A site,
and an editor's own account, is connected to Flattr when ``$FLATTR_DEMO_TOKEN_<USERNAME>`` holds
that account's token (asked ``GET /user`` whose it is, as the admin's connect flow does);
without one the buttons still work (auto-submit links) and you can connect in the admin. Each
post is registered under its author's own account, also on the other author's site.
"""

import datetime
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale, Page, Site

from blog.models import AboutPage, BlogPage, HomePage, PostIndexPage
from blog.seed_data import AUTHORS, PAGE_FLATTR, SITES
from flattr_core import FlattrClient, Secret
from wagtail_flattr import conf
from wagtail_flattr.models import FlattrAuthor, FlattrSiteSettings

ADMIN_PASSWORD = os.environ.get("FLATTR_DEMO_ADMIN_PASSWORD", "flattr-demo")


class Command(BaseCommand):
    help = "Create the demo's two sites, authors and published posts (on an empty database)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8768, help="where runserver listens")

    def handle(self, *args, port, **options):
        if HomePage.objects.exists():
            raise CommandError("already seeded: delete the database to start again")
        Locale.objects.get_or_create(language_code="en")
        root = _clear_default_site()
        users = _users()
        for index, spec in enumerate(SITES):
            _seed_site(root, spec, port, users, default=index == 0)
        self.stdout.write(f"seeded {len(SITES)} sites, {BlogPage.objects.live().count()} posts")


def _clear_default_site():
    """Wagtail's first migration made a welcome page and a site: the demo brings its own."""
    Site.objects.all().delete()
    Page.objects.filter(depth__gt=1).delete()
    return Page.get_first_root_node()


def _users():
    model = get_user_model()
    model.objects.create_superuser("admin", "admin@example.org", ADMIN_PASSWORD)
    moderators = Group.objects.get(name="Moderators")  # Wagtail's own: may publish pages
    users = {}
    for name, (first, last, account) in AUTHORS.items():
        user = model.objects.create_user(
            name, f"{name}@example.org", first_name=first, last_name=last
        )
        user.groups.add(moderators)
        FlattrAuthor.objects.create(user=user, **account, **_connected(account["username"]))
        users[name] = user
    return users


def _connected(username):
    """The token and the account it belongs to, for a demo account that has a token."""
    token = os.environ.get(f"FLATTR_DEMO_TOKEN_{username.upper()}", "")
    if not token:
        return {}
    with FlattrClient(conf.endpoints(), Secret(token)) as client:
        return {"token": token, "connected_as": client.user().username}


def _seed_site(root, spec, port, users, *, default):
    home = root.add_child(
        instance=HomePage(title=spec["site_name"], slug=spec["key"], intro=spec["intro"])
    )
    site = Site.objects.create(
        hostname=spec["hostname"],
        port=port,
        root_page=home,
        site_name=spec["site_name"],
        is_default_site=default,
    )
    _settings(site, spec["flattr"])
    home.add_child(instance=AboutPage(title="About", slug="about", body=spec["about"]))
    index = home.add_child(instance=PostIndexPage(title="Posts", slug="posts"))
    for post in spec["posts"]:
        _publish(index, post, users)


def _settings(site, flattr):
    FlattrSiteSettings.objects.create(
        site=site, page_types=["blog.blogpage"], **flattr, **_connected(flattr["username"])
    )


def _publish(index, post, users):
    slug, title, author, date, tags, intro, body = post
    page = BlogPage(
        title=title,
        slug=slug,
        date=datetime.date.fromisoformat(date),
        intro=intro,
        body=body,
        owner=users[author],
        live=False,
        **PAGE_FLATTR.get(slug, {}),
    )
    index.add_child(instance=page)
    page.tags.set(tags)
    page.save_revision(user=users[author]).publish(user=users[author])
