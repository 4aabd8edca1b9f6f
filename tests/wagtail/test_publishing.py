"""Every publish path enqueues exactly one registration, after the commit, and no API call."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from conftest import Blog, queued
from django.core.management import call_command
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from wagtail_flattr.models import FlattrSiteSettings


def test_publishing_in_code_enqueues_once_after_commit(
    connected: Blog, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        connected.first.save_revision().publish()
        assert queued() == []  # nothing before the transaction commits
    for callback in callbacks:
        callback()
    [result] = queued()
    assert result.args == [connected.first.pk]


def test_publishing_via_the_admin_enqueues_once(
    client: Any, connected: Blog, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(connected.editor_a)
    page = connected.first
    data = nested_form_data(
        {
            "title": "First post, revised",
            "slug": page.slug,
            "body": rich_text("<p>Revised text about tomatoes.</p>"),
            "flattr_enabled": "on",
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{page.pk}/edit/", data, HTTP_HOST="alpha.test")
    assert response.status_code == 302, response.content[:2000]
    page.refresh_from_db()
    assert page.title == "First post, revised"
    assert [r.args for r in queued()] == [[page.pk]]


def test_scheduled_publishing_enqueues_once(
    connected: Blog, django_capture_on_commit_callbacks: Any
) -> None:
    past = timezone.now() - timedelta(minutes=5)
    connected.second.save_revision(approved_go_live_at=past)
    assert queued() == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", verbosity=0)
    assert [r.args for r in queued()] == [[connected.second.pk]]


def test_aliases_are_skipped(connected: Blog, django_capture_on_commit_callbacks: Any) -> None:
    alias = connected.first.create_alias(parent=connected.beta_index, update_slug="first-alias")
    assert alias.alias_of_id == connected.first.pk
    with django_capture_on_commit_callbacks(execute=True):
        connected.first.save_revision().publish()  # also re-publishes the alias (alias=True)
    assert [r.args for r in queued()] == [[connected.first.pk]]


def test_nothing_is_queued_without_a_connected_account(
    blog: Blog, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        blog.first.save_revision().publish()
    assert queued() == []


@pytest.mark.parametrize("change", [{"register": False}, {"page_types": ["testapp.plainpage"]}])
def test_nothing_is_queued_when_registration_is_off_or_type_disabled(
    connected: Blog, django_capture_on_commit_callbacks: Any, change: dict[str, Any]
) -> None:
    FlattrSiteSettings.objects.filter(site=connected.alpha).update(**change)
    with django_capture_on_commit_callbacks(execute=True):
        connected.first.save_revision().publish()
    assert queued() == []


def test_unpublishing_queues_nothing(
    connected: Blog, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        connected.first.unpublish()
    assert queued() == []


def test_index_pages_are_not_queued(
    connected: Blog, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        connected.alpha_index.save_revision().publish()
    assert queued() == []
