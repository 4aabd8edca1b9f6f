"""Run one vendored real project as a Django project and serve its pages, in this process.

    python serve.py PROJECT_DIR SETTINGS_MODULE STATE_DIR PATHS_JSON OUT_JSON
    python serve.py PROJECT_DIR SETTINGS_MODULE STATE_DIR PATHS_JSON --bench

``STATE_DIR`` holds the project's SQLite database and its migrations between runs. The first
run sets the site up the project's own way: ``makemigrations`` for its apps (the trimmed copies
carry no migrations: theirs name the migrations of the Wagtail they were made on, so they are
made for the Wagtail that runs), ``migrate``, its ``load_initial_data`` command (its trimmed
fixture). A later run on a copy of that state is the owner who installs the plugin into the
running site: ``migrate`` (only the plugin's migrations are new), then, when ``wagtail_flattr``
is installed, the one thing the owner does: a Flattr username in the default site's settings.

Pages are fetched through Django's whole request cycle (the test client: middleware, URL
resolution, Wagtail's serve). The JSON written holds each page's status and HTML, the system
check messages and the versions that ran. Whatever the project logs or warns goes to stderr,
where the caller compares it between runs.

``--bench``: after the same set-up, say ``"ready"``, then answer each path read from stdin with
the CPU seconds one render of it took (``time.process_time``), one JSON number a line;
``bench/wagtail_realprojects.py`` alternates two such processes, with the plugin and without.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

USERNAME = "alice"  # the Flattr username the owner enters


def set_up(project: str, settings_module: str, state: str) -> Any:
    """Django configured for the project, its database migrated and loaded; the test client."""
    os.makedirs(state, exist_ok=True)  # before it goes on sys.path: imports look there then
    database = os.path.join(state, "db.sqlite3")
    first_run = not os.path.exists(database)
    sys.path[:0] = [project, state]
    os.environ.update(DJANGO_SETTINGS_MODULE=settings_module, FLATTR_REAL_DB=database)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    labels = own_migrations(settings_module.split(".")[0], state)
    call_command("makemigrations", *labels, interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    if first_run:
        call_command("load_initial_data", verbosity=0)
    enter_username()
    return Client()


def own_migrations(package: str, state: str) -> list[str]:
    """Point the project's own apps at migration packages in ``state``; their labels."""
    from django.apps import apps
    from django.conf import settings

    own = [
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith(package + ".") and any(config.get_models())
    ]
    os.makedirs(os.path.join(state, "real_migrations"), exist_ok=True)
    open(os.path.join(state, "real_migrations", "__init__.py"), "a").close()
    settings.MIGRATION_MODULES = {label: f"real_migrations.{label}" for label in own}
    return own


def enter_username() -> None:
    """What the owner does after installing the app: a username in Settings -> Flattr."""
    from django.apps import apps

    if not apps.is_installed("wagtail_flattr"):
        return
    from wagtail.models import Site

    from wagtail_flattr.models import FlattrSiteSettings

    settings = FlattrSiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.username = USERNAME
    settings.full_clean()
    settings.save()


def host() -> str:
    """The default site's host, as a browser would send it."""
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    return site.hostname if site.port == 80 else f"{site.hostname}:{site.port}"


def fetch(client: Any, path: str) -> dict[str, Any]:
    response = client.get(path, HTTP_HOST=host())
    return {
        "status": response.status_code,
        "content_type": response.get("Content-Type", ""),
        "html": response.content.decode(response.charset),
    }


def check_messages() -> list[str]:
    from django.core.checks import run_checks

    return sorted(f"{m.level} {m.id}: {m.msg}" for m in run_checks())


def versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in ("wagtail", "django")}


def bench(client: Any) -> None:
    """One render per path read from stdin, answered with its CPU seconds (after a first
    line, ``"ready"``, once the site is set up)."""
    print(json.dumps("ready"), flush=True)
    for line in sys.stdin:
        path = line.strip()
        if not path:
            break
        started = time.process_time()
        response = client.get(path, HTTP_HOST=host())
        spent = time.process_time() - started
        assert response.status_code == 200, (path, response.status_code)
        print(json.dumps(spent), flush=True)


def main(project: str, settings_module: str, state: str, paths_json: str, out: str) -> None:
    client = set_up(project, settings_module, state)
    if out == "--bench":
        bench(client)
        return
    pages = {path: fetch(client, path) for path in json.loads(paths_json)}
    report = {"versions": versions(), "checks": check_messages(), "pages": pages}
    with open(out, "w", encoding="utf-8") as file:
        json.dump(report, file)


if __name__ == "__main__":
    main(*sys.argv[1:6])
