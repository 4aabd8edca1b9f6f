"""Every install-wide value is checked at startup: a system check error names the key, the
value and what is allowed, and a bad ``DEFAULTS`` neither crashes the check nor a page."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Blog
from test_rendering import buttons, fetch

from wagtail_flattr.checks import check_settings

GOOD = {"CLIENT_ID": "wagtail-test", "CLIENT_SECRET": "wagtail-test-secret"}


def errors(settings: Any, **values: object) -> list[str]:
    settings.WAGTAIL_FLATTR = {**GOOD, **values}
    return [f"{m.id} {m.msg}" for m in check_settings()]


@pytest.mark.parametrize("defaults", [["category", "text"], "button=text", 7])
def test_defaults_that_are_not_a_mapping_are_named(settings: Any, defaults: object) -> None:
    [error] = errors(settings, DEFAULTS=defaults)
    assert error.startswith("wagtail_flattr.E005 WAGTAIL_FLATTR['DEFAULTS']: ")
    assert repr(defaults) in error
    assert "a dict of site options" in error


def test_a_page_renders_while_defaults_are_bad(client: Any, blog: Blog, settings: Any) -> None:
    settings.WAGTAIL_FLATTR = {**GOOD, "DEFAULTS": "button=text"}
    assert len(buttons(fetch(client, "/first/"))) == 1


@pytest.mark.parametrize(
    ("key", "value", "allowed"),
    [
        ("TIMEOUT", 0, "a number of seconds above 0, at most 300"),
        ("TIMEOUT", "10", "a number of seconds above 0"),
        ("TIMEOUT", float("nan"), "a number of seconds above 0"),
        ("TIMEOUT", True, "a number of seconds above 0"),
        ("TIMEOUT", 3600, "at most 300"),
        ("AUTHOR_CACHE_SECONDS", -1, "a whole number from 1 to 86400"),
        ("AUTHOR_CACHE_SECONDS", "300", "a whole number from 1 to 86400"),
        ("AUTHOR_CACHE_SECONDS", 2.5, "a whole number from 1 to 86400"),
        ("SCOPES", "thing,flattr", "a space-separated string of flattr, thing"),
        ("SCOPES", "flattr", "with thing"),
        ("SCOPES", ["thing"], "a space-separated string"),
        ("SCOPES", "thing admin", "a space-separated string"),
    ],
)
def test_bad_numbers_and_scopes_are_named(
    settings: Any, key: str, value: object, allowed: str
) -> None:
    [error] = errors(settings, **{key: value})
    assert error.startswith(f"wagtail_flattr.E005 WAGTAIL_FLATTR[{key!r}]: {value!r} is not")
    assert allowed in error


@pytest.mark.parametrize(
    ("key", "value", "named"),
    [
        ("LOADER_URL", "javascript:alert(1)", "loader_url: 'javascript:alert(1)' is not allowed"),
        ("BADGE_URL", "http://cdn.example/badge.png", "badge_url: 'http://cdn.example/badge.png'"),
        ("LOADER_URL", "/relative/load.js", "loader_url: '/relative/load.js'"),
    ],
)
def test_bad_asset_urls_are_named(settings: Any, key: str, value: str, named: str) -> None:
    [error] = errors(settings, **{key: value})
    assert error.startswith("wagtail_flattr.E002 ")
    assert named in error
    assert "https URL" in error


def test_good_values_pass(settings: Any) -> None:
    good = {
        "TIMEOUT": 2.5,
        "AUTHOR_CACHE_SECONDS": 60,
        "SCOPES": "flattr thing",
        "LOADER_URL": "https://cdn.example/load.js",
        "BADGE_URL": "http://127.0.0.1:8000/badge.png",
        "DEFAULTS": {"category": "software"},
    }
    assert errors(settings, **good) == []


def test_a_setting_that_is_not_a_dict_is_named(settings: Any) -> None:
    settings.WAGTAIL_FLATTR = ["API_URL", "https://api.example"]
    [error] = check_settings()
    assert error.id == "wagtail_flattr.E005"
    assert "WAGTAIL_FLATTR: 'list' is not allowed; expected a dict of options" in error.msg


def test_the_client_secret_is_never_shown(settings: Any) -> None:
    messages = errors(settings, CLIENT_SECRET="s3cr3t-0123456789", TIMEOUT=0, COLOUR="red")
    assert messages
    assert not any("s3cr3t-0123456789" in m for m in messages)
