"""``manage.py flattr_sync``: register every live page of every site (or ``--site``) with Flattr.

Unchanged pages cost no request; run it after connecting an account to register what was
published before, or from cron to retry failures and refresh the report's flattr counts. Prints a
progress bar on a terminal, and one summary per site.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from wagtail.models import Site

from flattr_core import FlattrError, Thing
from flattr_core.text import counted

from ...accounts import credentials
from ...compat import base_page_model
from ...content import resolve
from ...models import FlattrSiteSettings
from ...registration import refresh_counts, sync_things
from ...store import OrmThingStore

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Register every live page of your Wagtail sites as a Flattr thing (unchanged: skipped)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--site", type=int, action="append", help="only this site id (repeatable)"
        )
        parser.add_argument("--concurrency", type=int, default=4, help="parallel API requests")

    def handle(self, *args: Any, **options: Any) -> None:
        sites = Site.objects.all()
        if options["site"]:
            sites = sites.filter(pk__in=options["site"])
            if not sites:
                raise CommandError(f"--site {options['site']}: no such site; see the Sites admin")
        for site in sites:
            self.stdout.write(f"{site}: {self._sync_site(site, options['concurrency'])}")

    def _sync_site(self, site: Site, concurrency: int) -> str:
        settings = FlattrSiteSettings.for_site(site)
        if not settings.register:
            return "skipped (registration is off)"
        by_owner: dict[int | None, list[Thing]] = {}
        pages = {}
        for page in self._live_pages(site):
            try:
                resolved = resolve(page, settings)
            except FlattrError as exc:
                self.stderr.write(f"  {page.url_path}: {exc}")
                continue
            if resolved is not None:
                by_owner.setdefault(page.owner_id, []).append(resolved.thing)
                pages[resolved.thing.url] = (page.pk, site.pk)
        store = OrmThingStore(pages)
        lines = [self._sync_owner(settings, owner, things, store, concurrency)
                 for owner, things in by_owner.items()]  # fmt: skip
        return "; ".join([*lines, refresh_counts(settings)])

    def _sync_owner(
        self,
        settings: FlattrSiteSettings,
        owner_id: int | None,
        things: list[Thing],
        store: OrmThingStore,
        concurrency: int,
    ) -> str:
        """One page owner's things: with their own connected account or the site's."""
        found = credentials(settings, owner_id)
        if not found:
            return f"{counted(len(things), 'thing')} skipped (no Flattr account is connected)"
        bar = self._bar if self.stdout.isatty() else None  # a log or a pipe: the summary only
        return sync_things(things, settings, store, found, concurrency=concurrency, progress=bar)

    def _live_pages(self, site: Site) -> Any:
        pages = base_page_model().objects.live().descendant_of(site.root_page, inclusive=True)
        return pages.filter(alias_of__isnull=True).specific().iterator()

    def _bar(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // max(total, 1)
        self.stdout.write(
            f"\r  [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}", ending=""
        )
        if done >= total:
            self.stdout.write("")
