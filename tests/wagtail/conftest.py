"""The Wagtail test project's fixtures: two sites with a blog each, two editors, a writer
without Flattr permissions, and a Flattr sandbox on loopback."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import django_setup
import pytest

from flattr_sandbox import Sandbox, SandboxClient, SandboxUser
from tests.suites import installed

if installed("wagtail"):  # else tests/conftest.py skips this suite, saying what it lacks
    django_setup.set_up()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.core.cache import cache
    from wagtail.models import GroupPagePermission, Locale, Page, Site

    from wagtail_flattr.models import FlattrAuthor, FlattrSiteSettings

    try:
        from django.tasks import default_task_backend
    except ImportError:  # Django 5.2: the backport
        from django_tasks import default_task_backend

    from testapp.models import BlogIndexPage, BlogPage, JinjaPage, NewsPage, PlainPage

    try:
        from wagtail.models import GroupSitePermission
    except ImportError:  # Wagtail before 7.1: a site setting's permission is for every site
        GroupSitePermission = None
    SITE_SCOPED = GroupSitePermission is not None  # editors hold Flattr's permission per site

# The funding checks every host shares (the funding.json schema, readers of pages and feeds).
sys.path.insert(0, str(Path(__file__).parents[1] / "core" / "funding"))

CLIENT = ("wagtail-test", "wagtail-test-secret")
# The one callback of the connect flow, registered with the OAuth client (the sandbox refuses
# any other redirect URI).
CALLBACK = "http://alpha.test/admin/flattr/connect/callback/"


@dataclass
class Blog:
    alpha: Site
    beta: Site
    alpha_index: BlogIndexPage
    beta_index: BlogIndexPage
    first: BlogPage
    second: BlogPage
    news: NewsPage
    plain: PlainPage
    jinja: JinjaPage
    beta_post: BlogPage
    editor_a: Any
    editor_b: Any
    writer: Any
    admin: Any


@pytest.fixture(autouse=True)
def _clean_state() -> Any:
    cache.clear()  # the lookups live in Django's cache
    default_task_backend.clear()
    yield
    default_task_backend.clear()


@pytest.fixture(autouse=True, scope="session")
def _database_blocked(django_db_blocker: Any) -> Iterator[None]:
    """No database outside the tests that ask for it: pytest-django blocks it itself when it
    sets Django up as it starts (tox), not when django_setup did it here."""
    if django_db_blocker.is_active:
        yield
        return
    with django_db_blocker.block():
        yield


@pytest.fixture
def sandbox(tmp_path: Any, settings: Any) -> Any:
    users = [
        SandboxUser("alice", "tok-alice", flattr_id="alice1"),
        SandboxUser("bob", "tok-bob"),
    ]
    clients = {CLIENT[0]: SandboxClient(CLIENT[1], redirect_uris=(CALLBACK,))}
    with Sandbox(tmp_path / "flattr.sqlite", users=users, clients=clients) as box:
        settings.WAGTAIL_FLATTR = {
            **settings.WAGTAIL_FLATTR,
            "API_URL": box.api_url,
            "WEB_URL": box.url,
            "TIMEOUT": 1,
        }
        yield box


def queued(task_name: str = "register_page_task") -> list[Any]:
    """The task results the dummy backend collected for our task."""
    return [r for r in default_task_backend.results if r.task.name == task_name]


def _editor(django_user_model: Any, name: str, site: Site | None) -> Any:
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw")
    group = Group.objects.create(name=f"group-{name}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=Page.objects.get(depth=1),
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    if site is not None:
        permission = Permission.objects.get(codename="change_flattrsitesettings")
        if GroupSitePermission is None:
            group.permissions.add(permission)  # model-wide: this editor may change every site's
        else:
            GroupSitePermission.objects.create(group=group, site=site, permission=permission)
    user.groups.add(group)
    return user


def _add(parent: Page, page: Page, owner: Any) -> Any:
    page.owner = owner
    parent.add_child(instance=page)
    return page


def _root() -> Page:
    """Wagtail's root page; transactional tests flush the one its data migration made."""
    Locale.objects.get_or_create(language_code="en")
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))


@pytest.fixture
def blog(db: Any) -> Blog:
    return build_blog()


def build_blog() -> Blog:
    """Two sites with a blog each, two editors, a writer and an admin (also used by bench/)."""
    django_user_model = get_user_model()
    root = _root()
    Site.objects.all().delete()
    Page.objects.filter(depth__gt=1).delete()
    root.refresh_from_db()
    alpha_index = root.add_child(instance=BlogIndexPage(title="Alpha blog", slug="alpha"))
    beta_index = root.add_child(instance=BlogIndexPage(title="Beta blog", slug="beta"))
    alpha = Site.objects.create(hostname="alpha.test", port=80, root_page=alpha_index,
                                is_default_site=True, site_name="Alpha")  # fmt: skip
    beta = Site.objects.create(
        hostname="beta.test", port=80, root_page=beta_index, site_name="Beta"
    )
    editor_a = _editor(django_user_model, "editor_a", alpha)
    editor_b = _editor(django_user_model, "editor_b", beta)
    writer = _editor(django_user_model, "writer", None)
    admin = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")
    body = "<p>A first post about growing tomatoes on a balcony.</p>"
    blog = Blog(
        alpha, beta, alpha_index, beta_index,
        first=_add(alpha_index, BlogPage(title="First post", slug="first", body=body), editor_a),
        second=_add(alpha_index, BlogPage(title="Second post", slug="second", body=body), editor_a),
        news=_add(alpha_index, NewsPage(title="Some news", slug="news", body=body), editor_a),
        plain=_add(alpha_index, PlainPage(title="About us", slug="about", body="About"), editor_a),
        jinja=_add(alpha_index, JinjaPage(title="Jinja page", slug="jinja"), editor_a),
        beta_post=_add(beta_index, BlogPage(title="Beta", slug="beta-post", body=body), editor_b),
        editor_a=editor_a, editor_b=editor_b, writer=writer, admin=admin,
    )  # fmt: skip
    FlattrSiteSettings.objects.create(site=alpha, username="alice", flattr_id="alice1")
    FlattrSiteSettings.objects.create(site=beta, username="bob")
    return blog


@pytest.fixture
def connected(blog: Blog) -> Blog:
    """Both sites with their Flattr accounts connected (tokens of the sandbox users)."""
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(
        token="tok-alice", connected_as="alice"
    )
    FlattrSiteSettings.objects.filter(site=blog.beta).update(token="tok-bob", connected_as="bob")
    return blog


def author(user: Any, username: str, flattr_id: str = "") -> FlattrAuthor:
    return FlattrAuthor.objects.create(user=user, username=username, flattr_id=flattr_id)
