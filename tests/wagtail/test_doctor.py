"""``manage.py flattr_doctor``: each site's settings, accounts and pages; every problem at once.

Against the test project's two sites (``blog``); ``--online`` asks the sandbox over HTTP whose
each connected token is. ``flattr_sync``'s progress bar is drawn only on a terminal.
"""

from __future__ import annotations

import os
import subprocess
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from conftest import Blog
from django.core.management import CommandError, call_command

from tests.flattr_command import FLATTR
from wagtail_flattr.models import FlattrAuthor, FlattrSiteSettings


def doctor(*args: str) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("flattr_doctor", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def test_each_site_its_accounts_and_its_pages_are_reported(connected: Blog) -> None:
    out, error = doctor()
    assert error is None, out
    assert "ok       Wagtail site 'Alpha' (Settings → Flattr of Alpha): every option valid" in out
    assert "Wagtail site 'Beta'" in out
    assert (
        "account alice (Flattr id alice1), the site's: token from the account connected to "
        "Alpha, which belongs to alice"
    ) in out
    assert "things to register: 4 things (4 of alice) (register: auto)" in out
    assert "tok-alice" not in out
    assert "offline: --online asks" in out


def test_a_token_connected_for_another_account_is_a_problem_even_offline(connected: Blog) -> None:
    FlattrSiteSettings.objects.filter(site=connected.beta).update(connected_as="mallory")
    out, error = doctor()
    assert error is not None
    assert str(error) == "1 problem found"
    assert "belongs to the Flattr account mallory, not bob" in out


def test_online_asks_the_api_whose_each_token_is(sandbox: Any, connected: Blog) -> None:
    FlattrSiteSettings.objects.filter(site=connected.beta).update(token="tok-alice")
    out, error = doctor("--online")
    assert error is not None
    assert f"{sandbox.api_url}/rate_limit answers" in out
    problems = [line for line in out.splitlines() if line.startswith("PROBLEM")]
    assert problems == [
        "PROBLEM  account bob, the site's: token from the account connected to Beta "
        "belongs to the Flattr account alice, not bob: bob's things would not be registered "
        "with it"
    ]


def test_every_problem_is_named_at_once(settings: Any, connected: Blog) -> None:
    settings.WAGTAIL_FLATTR = {
        **settings.WAGTAIL_FLATTR,
        "TIMEOUT": 0,
        "DEFAULTS": {"category": "poems", "usrname": "x"},
    }
    out, error = doctor()
    assert error is not None
    problems = [line for line in out.splitlines() if line.startswith("PROBLEM")]
    assert any("WAGTAIL_FLATTR['TIMEOUT']: 0 is not allowed" in line for line in problems)
    assert any(
        "WAGTAIL_FLATTR['DEFAULTS'].category: 'poems' is not allowed" in line for line in problems
    )
    assert any("did you mean 'username'?" in line for line in problems)
    assert str(error) == f"{len(problems)} problems found"


def test_an_editors_invalid_account_is_named(connected: Blog) -> None:
    """Kept aside by the site (only that editor's pages lose their button), and reported."""
    FlattrAuthor.objects.bulk_create([FlattrAuthor(user=connected.writer, username="bad name!")])
    out, error = doctor()
    assert error is not None
    problems = [line for line in out.splitlines() if line.startswith("PROBLEM")]
    assert len(problems) == 2, out  # on both sites
    assert "'bad name!' is not allowed; expected a Flattr username" in problems[0]


@pytest.mark.django_db(transaction=True)  # the sync's threads write the store
@pytest.mark.parametrize("terminal", [False, True])
def test_flattr_syncs_progress_bar_is_drawn_only_on_a_terminal(
    sandbox: Any, connected: Blog, terminal: bool
) -> None:
    class Terminal(StringIO):
        def isatty(self) -> bool:
            return terminal

    out = Terminal()
    call_command("flattr_sync", "--site", str(connected.alpha.pk), stdout=out)
    assert ("4/4" in out.getvalue()) is terminal
    assert "4 created" in out.getvalue()


@pytest.mark.parametrize(
    ("settings", "reason"),
    [
        ('INSTALLED_APPS = ["wagtail_flattr", "no_such_app"]\n',
         "ModuleNotFoundError: No module named 'no_such_app'"),
        ("SECRET_KEY = (\n", "SyntaxError: '(' was never closed"),
    ],
)  # fmt: skip
def test_flattr_doctor_in_a_project_django_cannot_load_names_why(
    settings: str, reason: str, tmp_path: Path
) -> None:
    """``flattr doctor`` beside a manage.py whose settings fail: a problem, not a traceback."""
    (tmp_path / "manage.py").write_text(
        'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "brokensite.settings")\n'
    )
    (tmp_path / "brokensite").mkdir()
    (tmp_path / "brokensite" / "__init__.py").write_text("")
    (tmp_path / "brokensite" / "settings.py").write_text(settings)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FLATTR_", "DJANGO_"))}
    done = subprocess.run(
        [*FLATTR, "doctor"],
        cwd=tmp_path, env=clean, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith(f"PROBLEM  brokensite.settings: Django cannot load it: {reason}")
