# flattr-plugins: bakerydemo's own command, without copying media files (this copy carries no
# images) and loading the trimmed fixture beside it (base/fixtures/bakerydemo.json).
import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from wagtail.models import Page, Site


class Command(BaseCommand):
    def handle(self, **options):
        fixtures_dir = os.path.join(settings.PROJECT_DIR, "base", "fixtures")
        fixture_file = os.path.join(fixtures_dir, "bakerydemo.json")

        # Wagtail creates default Site and Page instances during install, but we already have
        # them in the data load. Remove the auto-generated ones.
        if Site.objects.filter(hostname="localhost").exists():
            Site.objects.get(hostname="localhost").delete()
        if Page.objects.filter(title="Welcome to your new Wagtail site!").exists():
            Page.objects.get(title="Welcome to your new Wagtail site!").delete()

        call_command("loaddata", fixture_file, verbosity=0)
        call_command("update_index", verbosity=0)
        call_command("rebuild_references_index", verbosity=0)
