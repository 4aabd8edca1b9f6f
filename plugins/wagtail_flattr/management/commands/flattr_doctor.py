"""``manage.py flattr_doctor [--online]``: what ``flattr doctor`` reports for a Wagtail project.

Every problem at once (``WAGTAIL_FLATTR``, each site's Settings → Flattr, each editor's account),
each account with whose its connected token is, every funding provider, the endpoints and the
pages that would be registered. Offline unless ``--online``. Exits 1 when it found a problem.
"""

from __future__ import annotations

from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from flattr_core.cli.lines import Report
from flattr_core.cli.sites import check_sites
from flattr_core.text import counted

from ...diagnosis import sites


class Command(BaseCommand):
    help = "Check the Flattr setup of every Wagtail site: settings, accounts, tokens, funding."
    requires_system_checks: list[str] = []  # the doctor reports them itself, every one

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--online",
            action="store_true",
            help="ask the API whose each token is, and the funding providers about each account",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = Report(cast("TextIO", self.stdout))  # Django's OutputWrapper: a TextIOBase
        check_sites(sites(), report, online=options["online"])
        if report.problems:
            raise CommandError(f"{counted(report.problems, 'problem')} found")
