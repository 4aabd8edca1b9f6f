"""``manage.py flattr_recover [--wait SECONDS]``: queue again what stopped workers left undone.

Closes the registration tasks a dead worker left "running" (database backends: running longer
than a task can; RQ: its own heartbeat check) and queues every page whose registration is still
pending or deferred, that no live process is registering and that the backend has not queued
(``wagtail_flattr.pending``). Run it from cron (every few minutes) and after a deploy; the
tasks also run it once a minute by themselves. ``--wait`` then waits until no registration is
pending or queued (the demo does, before it exports the pages), and fails if some still are.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ... import pending

POLL_SECONDS = 0.5


class Command(BaseCommand):
    help = "Queue again the Flattr registrations that stopped workers left pending."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--wait",
            type=float,
            default=0.0,
            metavar="SECONDS",
            help="then wait up to this long until no registration is pending or queued",
        )

    def handle(self, *args: Any, wait: float, **options: Any) -> None:
        if wait < 0 or wait != wait:  # NaN too
            raise CommandError(f"--wait {wait}: expected a number of seconds, 0 or more")
        closed, pages = pending.requeue()
        self.stdout.write(
            f"{closed} tasks left running by stopped workers closed; "
            f"{len(pages)} pages queued again"
        )
        if wait:
            self._wait(wait)

    def _wait(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (due := pending.still_due()) and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
        if due:
            raise CommandError(f"after {seconds:g} s, {due} registrations are still due")
        self.stdout.write("no registration is pending or queued")
