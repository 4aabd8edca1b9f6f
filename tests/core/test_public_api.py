"""The public surface: ``flattr_core.__all__`` is what docs/core-api.md says; no host imported."""

import re
import subprocess
import sys
from pathlib import Path

import flattr_core

CORE_API = Path(__file__).parents[2] / "docs" / "core-api.md"
HOSTS = ("django", "wagtail", "pelican", "mkdocs", "jinja2", "mkdocs_flattr", "wagtail_flattr")


def documented_names() -> list[str]:
    section = CORE_API.read_text(encoding="utf-8").split("## Public names", 1)[1]
    block = re.search(r"```\n(.*?)```", section, re.DOTALL)
    assert block is not None
    return block.group(1).split()


def test_all_matches_the_documented_names() -> None:
    assert sorted(flattr_core.__all__) == sorted(documented_names())
    assert sorted(flattr_core.__all__) == flattr_core.__all__


def test_every_public_name_exists() -> None:
    for name in flattr_core.__all__:
        assert getattr(flattr_core, name) is not None


def test_importing_the_core_imports_no_host_framework() -> None:
    modules = ", ".join(f"flattr_core.{m}" for m in ("settings", "markup", "links", "text"))
    script = (
        f"import sys, flattr_core, {modules}\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HOSTS!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_reading_known_ids_imports_no_http_library() -> None:
    """A build that registers nothing never pays for importing requests."""
    script = (
        "import sys, tempfile, flattr_core, flattr_core.registration.build as r\n"
        "r.known_ids(tempfile.mkdtemp(), ['https://example.org/'])\n"
        "print('requests' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_a_build_that_registers_nothing_imports_no_store_or_sync_code() -> None:
    """``register: never`` and no store yet: the manifest is written, and neither sqlite3 nor
    the accounts and sync code is loaded (a small site's build paid most for importing them)."""
    script = (
        "import sys, tempfile, pathlib, flattr_core\n"
        "from flattr_core import SiteConfig, Thing\nfrom flattr_core.models import Creator\n"
        "site = SiteConfig.from_mapping({'username': 'ada', 'register': 'never'}, environ={})\n"
        "cache = tempfile.mkdtemp()\n"
        "thing = Thing('https://example.org/a/', 'A', 'About A.', Creator('ada'))\n"
        "ids = flattr_core.known_ids(cache, [thing])\n"
        "outcome = flattr_core.register_build([thing], site, cache_dir=cache)\n"
        "print(ids, outcome.message, outcome.manifest.exists())\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlite3'"
        " or m.startswith('flattr_core.registration.') and m.split('.')[2] != 'manifest'"
        " and m.split('.')[2] != 'build'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == [
        "{} Flattr registration is off (register: never) True",
        "[]",
    ]
