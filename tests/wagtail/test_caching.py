"""The lookups in Django's cache stay right across processes: a value read before a change is
never served after it, a change is seen once it commits, and a registered thing id evicted from
the cache is read back from the database."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from conftest import Blog, author
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from wagtail_flattr import lookups
from wagtail_flattr.models import FlattrThing


def test_a_value_read_before_a_change_is_not_served_after_it(blog: Blog) -> None:
    """Process A reads the rows, B saves a change, then A writes what it read to the cache."""
    dave = author(blog.editor_a, "dave")
    user = str(blog.editor_a.pk)

    def read_then_someone_changes_it() -> dict[str, Any]:
        read = {user: {"username": "dave"}}  # A has read the old rows
        dave.username = "erin"
        dave.save()  # B's change, and B's invalidation, before A writes its value
        return read

    served = lookups._cached(lookups._AUTHORS, read_then_someone_changes_it)
    assert served[user] == {"username": "dave"}  # what A read, for A's own request
    assert lookups.author_accounts()[user] == {"username": "erin"}


@pytest.mark.django_db(transaction=True)
def test_a_change_is_loaded_again_once_it_commits(blog: Blog) -> None:
    """While a change is not committed yet, another process loads the old rows and caches them;
    after the commit every process loads the new ones."""
    dave = author(blog.editor_a, "dave")
    user = str(blog.editor_a.pk)
    seen: list[dict[str, Any]] = []

    def another_process() -> None:
        try:
            seen.append(lookups.author_accounts())  # its own connection: the committed rows
        finally:
            connection.close()

    with transaction.atomic():
        dave.username = "erin"
        dave.save()
        reader = threading.Thread(target=another_process)
        reader.start()
        reader.join(10)
    assert seen == [{user: {"username": "dave"}}]  # read before the commit, and cached
    assert lookups.author_accounts()[user] == {"username": "erin"}


@pytest.mark.django_db(transaction=True)
def test_an_evicted_thing_id_is_read_back_from_the_database(blog: Blog) -> None:
    url = blog.first.get_full_url()
    FlattrThing.objects.create(url=url, page_id=blog.first.pk, thing_id=42, status="registered")
    cache.clear()  # a flushed or evicted cache; the worker wrote the id long ago
    assert lookups.thing_id(url) == 42
    with CaptureQueriesContext(connection) as captured:
        assert lookups.thing_id(url) == 42  # cached again
        assert lookups.thing_id("http://alpha.test/never-registered/") is None
        assert lookups.thing_id("http://alpha.test/never-registered/") is None
    assert len(captured) == 1  # the unknown URL once: "no thing" is cached too


@pytest.mark.django_db(transaction=True)
def test_a_forgotten_thing_id_is_not_read_back(blog: Blog) -> None:
    """The registration drops an id (the thing is another account's): a render that read the
    row just before must not put the old id back."""
    url = blog.first.get_full_url()
    FlattrThing.objects.create(url=url, page_id=blog.first.pk, thing_id=42, status="registered")
    lookups.remember_thing_ids({url: 42})
    lookups.forget_thing_ids([url])  # the row's update is racing: the render would read 42
    assert lookups.thing_id(url) is None
