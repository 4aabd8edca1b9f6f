"""System checks and install-wide settings."""

from __future__ import annotations

from typing import Any

from conftest import Blog
from django.core.management import call_command

from wagtail_flattr.checks import check_settings, check_shared_cache, check_task_backend
from wagtail_flattr.content import site_config
from wagtail_flattr.models import FlattrSiteSettings


def ids(messages: list[Any]) -> list[str]:
    return [m.id for m in messages]


def test_the_test_project_passes_every_check() -> None:
    call_command("check", fail_level="WARNING")


def test_inline_task_backend_warns(settings: Any) -> None:
    package = settings.TASKS["default"]["BACKEND"].split(".backends.")[0]
    settings.TASKS = {"default": {"BACKEND": f"{package}.backends.immediate.ImmediateBackend"}}
    [warning] = check_task_backend()
    assert warning.id == "wagtail_flattr.W001"
    assert "db_worker" in warning.hint


def test_buttons_only_installs_hear_nothing_about_the_task_backend(settings: Any) -> None:
    """Without the OAuth client no account can be connected, so nothing ever registers: an
    owner who only entered a username gets no warning to configure a worker."""
    package = settings.TASKS["default"]["BACKEND"].split(".backends.")[0]
    settings.TASKS = {"default": {"BACKEND": f"{package}.backends.immediate.ImmediateBackend"}}
    settings.WAGTAIL_FLATTR = {}
    assert check_task_backend() == []


def test_unknown_keys_and_bad_defaults_are_named(settings: Any) -> None:
    settings.WAGTAIL_FLATTR = {
        "API_URL": "http://api.example.com/rest/v2",
        "DEFAULTS": {"category": "poetry"},
        "TIMEOUTS": 3,
    }
    messages = check_settings()
    assert ids(messages) == ["wagtail_flattr.E001", "wagtail_flattr.E002"]
    assert "TIMEOUTS" in messages[0].msg
    assert "category: 'poetry' is not allowed; expected one of" in messages[1].msg
    assert "api_url: 'http://api.example.com/rest/v2'" in messages[1].msg


def test_defaults_apply_under_site_settings(settings: Any, blog: Blog) -> None:
    settings.WAGTAIL_FLATTR = {"DEFAULTS": {"category": "software", "button": "text"}}
    config = site_config(FlattrSiteSettings.objects.get(site=blog.alpha))
    assert config.site.category == "software"
    assert config.button.style == "text"
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(category="images")
    assert site_config(FlattrSiteSettings.objects.get(site=blog.alpha)).site.category == "images"


def test_a_site_never_borrows_a_token_from_the_environment(
    monkeypatch: Any, tmp_path: Any, blog: Blog
) -> None:
    monkeypatch.setenv("FLATTR_TOKEN", "tok-from-env")
    monkeypatch.setenv("FLATTR_CONFIG_DIR", str(tmp_path))
    config = site_config(FlattrSiteSettings.objects.get(site=blog.alpha))
    assert config.token is None
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(token="tok-alice")
    config = site_config(FlattrSiteSettings.objects.get(site=blog.alpha))
    assert config.token is not None
    assert config.token.reveal() == "tok-alice"
    assert "tok-alice" not in repr(config)


def test_settings_cache_pickle_leaves_the_token_out(blog: Blog) -> None:
    import pickle

    FlattrSiteSettings.objects.filter(site=blog.alpha).update(token="tok-alice")
    settings = FlattrSiteSettings.objects.get(site=blog.alpha)
    assert b"tok-alice" not in pickle.dumps(settings)
    restored = pickle.loads(pickle.dumps(settings))
    assert restored.token == "tok-alice"  # deferred: read back from the database when needed


def test_a_missing_static_finder_is_named(settings: Any) -> None:
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.AppDirectoriesFinder"]
    [error] = check_settings()
    assert error.id == "wagtail_flattr.E004"
    assert "wagtail_flattr.finders.FlattrStaticFinder" in error.msg


def test_collectstatic_copies_the_cores_button_files(settings: Any, tmp_path: Any) -> None:
    from flattr_core import markup

    settings.STATIC_ROOT = str(tmp_path)
    call_command("collectstatic", interactive=False, verbosity=0)
    for name, source in markup.static_files().items():
        assert (tmp_path / "wagtail_flattr" / name).read_bytes() == source.read_bytes()


LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                     "LOCATION": "redis://127.0.0.1:6379"}}  # fmt: skip
WORKER = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_per_process_cache_with_a_task_worker_warns(settings: Any) -> None:
    """A worker backend always runs registration in another process than the web server."""
    settings.CACHES, settings.TASKS = LOCMEM, WORKER
    [warning] = check_shared_cache()
    assert warning.id == "wagtail_flattr.W002"
    assert "registration runs in the task worker ('default': django_tasks_db" in warning.msg
    assert "thing ids" in warning.msg
    assert "RedisCache" in warning.hint


def test_a_per_process_cache_with_several_web_processes_warns(
    settings: Any, monkeypatch: Any
) -> None:
    settings.CACHES = LOCMEM  # and the dummy task backend: no worker
    assert check_shared_cache() == []
    monkeypatch.setenv("WEB_CONCURRENCY", "4")  # gunicorn's worker count
    [warning] = check_shared_cache()
    assert "WEB_CONCURRENCY is 4" in warning.msg


def test_a_shared_cache_or_a_buttons_only_install_hears_nothing(settings: Any) -> None:
    settings.CACHES, settings.TASKS = REDIS, WORKER
    assert check_shared_cache() == []
    settings.CACHES, settings.WAGTAIL_FLATTR = LOCMEM, {}  # nothing registers without a client
    assert check_shared_cache() == []
