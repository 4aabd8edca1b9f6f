"""Two Wagtail sites (a kitchen garden and a night-sky blog) with Flattr, on SQLite.

`flattr demo` runs it against the local sandbox through the FLATTR_DEMO_* variables below; the
defaults suit `flattr sandbox --port 8765` and `manage.py runserver 127.0.0.1:8768`.
"""

import os
from pathlib import Path

import django

HERE = Path(__file__).resolve().parent.parent
ENV = os.environ
STATE = Path(ENV.get("FLATTR_DEMO_STATE", HERE / ".state"))  # database, cache, media
# made here, not by whichever command touches the file cache first: SQLite creates no folder,
# so `manage.py migrate --skip-checks` (or a fresh checkout's first command) would fail
STATE.mkdir(parents=True, exist_ok=True)

SECRET_KEY = ENV.get("DJANGO_SECRET_KEY", "flattr-demo-only-not-a-secret")
DEBUG = ENV.get("DJANGO_DEBUG", "1") == "1"  # a local demo: runserver serves static files
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "demo_site.urls"
WSGI_APPLICATION = None
USE_TZ = True
TIME_ZONE = "Europe/Berlin"
LANGUAGE_CODE = "en"
WAGTAIL_SITE_NAME = "Flattr demo"
WAGTAILADMIN_BASE_URL = ENV.get("FLATTR_DEMO_SITE_URL", "http://127.0.0.1:8768")
STATIC_URL = "/static/"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "wagtail_flattr.finders.FlattrStaticFinder",  # the button's CSS and JS, from flattr_core
]
STATIC_ROOT = STATE / "static"
MEDIA_ROOT = STATE / "media"
MEDIA_URL = "/media/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": STATE / "db.sqlite3",
        # WAL: runserver, db_worker and the demo's commands share the file; NORMAL: fewer fsyncs
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # the worker and the seed write at once: wait for the lock instead of failing, and
            # take it when a transaction begins (a read lock upgraded later fails at once)
            "timeout": 30,
            **({"transaction_mode": "IMMEDIATE"} if django.VERSION >= (5, 1) else {}),
        },
    }
}

INSTALLED_APPS = [
    "blog",
    "wagtail_flattr",
    "django_tasks_db",
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
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",  # the Flattr tags need it
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ]
        },
    }
]

# Registered thing ids reach every process (runserver, the seed, the export) only through a
# shared cache: a file cache here, Redis or Memcached in production (see docs/wagtail.md).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": STATE / "cache",
    }
}

# Registration runs in a background task, on a real worker as in production: django-tasks-db
# keeps the queue in this database, and `manage.py db_worker` (which `flattr demo` starts and
# stops with the rest) runs it. docs/wagtail.md, "Production", has the full recipe.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

WAGTAIL_FLATTR = {
    "API_URL": ENV.get("FLATTR_DEMO_API_URL", "http://127.0.0.1:8765/rest/v2"),
    "WEB_URL": ENV.get("FLATTR_DEMO_WEB_URL", "http://127.0.0.1:8765"),
    # the widget style's script: Flattr's load.js is gone, the sandbox serves a working one
    "LOADER_URL": ENV.get("FLATTR_DEMO_LOADER_URL", "http://127.0.0.1:8765/js/0.6/load.js"),
    # the OAuth app behind Settings -> Flattr -> "Connect Flattr account" (a sandbox client)
    "CLIENT_ID": ENV.get("FLATTR_DEMO_CLIENT_ID", "wagtail-demo"),
    "CLIENT_SECRET": ENV.get("FLATTR_DEMO_CLIENT_SECRET", "wagtail-demo-secret"),
    "SCOPES": "thing",
    "TIMEOUT": 5,
}
