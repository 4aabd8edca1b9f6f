"""Django settings of the Wagtail test project (a blog on two sites).

``FLATTR_TEST_DB=postgres`` switches to PostgreSQL, reading the usual PG* variables and
``FLATTR_TEST_PGDATABASE`` (a distinct name per tox env, so parallel envs don't collide).
"""

import os
import tempfile
from importlib.util import find_spec
from pathlib import Path

import django

BASE_DIR = os.path.dirname(os.path.abspath(__file__))
SECRET_KEY = "wagtail-flattr-tests"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "testapp.urls"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
WAGTAIL_SITE_NAME = "Flattr test"
WAGTAILADMIN_BASE_URL = "http://alpha.test"
STATIC_URL = "/static/"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "wagtail_flattr.finders.FlattrStaticFinder",  # the button's CSS and JS, from flattr_core
]
MEDIA_ROOT = os.path.join(BASE_DIR, ".media")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "wagtail_flattr",
    "testapp",
    "wagtail.contrib.settings",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.sites",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail_flattr.middleware.FlattrMiddleware",
]

_CONTEXT = [
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "wagtail.contrib.settings.context_processors.settings",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": _CONTEXT},
    },
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"extensions": ["wagtail_flattr.jinja2tags.flattr"]},
    },
]

if os.environ.get("FLATTR_TEST_DB") == "postgres":
    INSTALLED_APPS.append("django.contrib.postgres")  # Wagtail 8's search index needs it
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("FLATTR_TEST_PGDATABASE", "flattr_wagtail"),
            "HOST": os.environ.get("PGHOST", "127.0.0.1"),
            "PORT": os.environ.get("PGPORT", "5432"),
            "USER": os.environ.get("PGUSER", "flattr"),
            "PASSWORD": os.environ.get("PGPASSWORD", "flattr"),
        }
    }
else:
    # Files, not ":memory:": a live server (started before the test database exists) shares
    # one in-memory connection among its threads, and concurrent requests on one SQLite
    # connection fail ("bad parameter or other API misuse") or crash the process.
    _DB = Path(tempfile.gettempdir(), f"flattr-wagtail-{os.getpid()}")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": f"{_DB}.sqlite3",
            "TEST": {"NAME": f"{_DB}-test.sqlite3"},
        }
    }

# Tasks are collected, not run: tests run them explicitly (and a worker would in production).
_TASKS_PACKAGE = "django.tasks" if django.VERSION >= (6, 0) else "django_tasks"
TASKS = {"default": {"BACKEND": f"{_TASKS_PACKAGE}.backends.dummy.DummyBackend"}}
if _TASKS_PACKAGE == "django_tasks":
    # The backport before 0.8 (Wagtail 6.4 and 7.0 pin it) enqueues on commit by itself; the app
    # already does, and tests run the commit callbacks inside the test's transaction.
    TASKS["default"]["ENQUEUE_ON_COMMIT"] = False

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The production tests (test_production.py) queue on django-tasks-db and RQ, where installed
# (tox -e wagtail-production); their workers use settings_production.
INSTALLED_APPS += [app for app in ("django_tasks_db", "django_rq") if find_spec(app)]

# Tests point these at a sandbox on loopback; this is what a real install would look like.
WAGTAIL_FLATTR = {
    "CLIENT_ID": "wagtail-test",
    "CLIENT_SECRET": "wagtail-test-secret",
    "TIMEOUT": 2,
}
