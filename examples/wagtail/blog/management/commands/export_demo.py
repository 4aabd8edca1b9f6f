"""`manage.py export_demo --out DIR`: every live page and both feeds of every site, as files.

The demo's summary and the browser tests read what a reader would get: each page is rendered
through Django's full request cycle (middleware, templates, the Flattr tags) for its own site's
host, and written to ``DIR/<host>-<port>/<path>/index.html``; feeds to ``feed/rss.xml`` and
``feed/atom.xml``. ``DIR/sites.json`` lists each site's folder and root URL.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from wagtail.models import Page, Site

FEEDS = {"/feed/rss/": "feed/rss.xml", "/feed/atom/": "feed/atom.xml"}


class Command(BaseCommand):
    help = "Render every live page and feed of every site into a folder."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True)

    def handle(self, *args, out, **options):
        sites = [_export_site(site, out) for site in Site.objects.order_by("pk")]
        (out / "sites.json").write_text(json.dumps(sites, indent=2), encoding="utf-8")
        self.stdout.write(f"exported {len(sites)} sites to {out}")


def _export_site(site, out):
    folder = out / f"{site.hostname}-{site.port}"
    client = Client(HTTP_HOST=f"{site.hostname}:{site.port}")
    pages = Page.objects.live().in_site(site).specific()
    for page in pages:
        path = page.get_url_parts()[2]
        _save(client, path, folder / path.strip("/") / "index.html")
    for path, name in FEEDS.items():
        _save(client, path, folder / name)
    return {"name": site.site_name, "root_url": site.root_url, "folder": folder.name}


def _save(client, path, target):
    response = client.get(path)
    if response.status_code != 200:
        raise CommandError(f"{path}: HTTP {response.status_code}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(response.content)
