"""``flattr doctor`` in a Pelican site's folder, where pelicanconf.py cannot be read or would
not load the plugin: a problem naming the file or the setting, never a traceback or a healthy
report (the examples' healthy and misconfigured runs: tests/demo/test_doctor_examples.py).

Each run is the real command in a child process, in a site written to tmp_path.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.flattr_command import doctor as run_doctor

PLUGIN = 'PLUGINS = ["pelican.plugins.flattr"]\n'
pytestmark = pytest.mark.timeout(200)


def doctor(folder: Path) -> subprocess.CompletedProcess[str]:
    return run_doctor(folder, timeout=180)


def write_site(folder: Path, settings: str) -> Path:
    (folder / "content").mkdir(parents=True)
    for n in (1, 2):
        (folder / "content" / f"post{n}.md").write_text(
            f"Title: Post {n}\nDate: 2024-01-0{n}\nAuthor: Jane\n\nText {n}.\n"
        )
    (folder / "pelicanconf.py").write_text(
        'SITENAME = "Jane\'s log"\nSITEURL = "https://jane.example.org"\nPATH = "content"\n'
        f'TIMEZONE = "UTC"\n{settings}'
    )
    return folder


def problems(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in done.stdout.splitlines() if line.startswith("PROBLEM")]


def test_a_healthy_site_says_what_a_build_would_register(tmp_path: Path) -> None:
    done = doctor(write_site(tmp_path / "site", PLUGIN + 'FLATTR = {"username": "jane"}\n'))
    assert done.returncode == 0, done.stdout + done.stderr
    assert problems(done) == []
    assert "things to register: 2 things (2 of jane) (register: auto)" in done.stdout


@pytest.mark.parametrize(
    ("settings", "reason"),
    [
        ('FLATTR = {"username": "jane"\n', "SyntaxError: '{' was never closed"),
        ('import os\nFLATTR = {"username": os.environ["FLATTR_DOCTOR_UNSET"]}\n',
         "KeyError: 'FLATTR_DOCTOR_UNSET'"),
    ],
)  # fmt: skip
def test_a_file_pelican_cannot_read_is_a_problem_naming_why(
    settings: str, reason: str, tmp_path: Path
) -> None:
    done = doctor(write_site(tmp_path / "site", PLUGIN + settings))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr, done.stderr
    found = problems(done)
    assert len(found) == 1, done.stdout
    assert found[0].startswith(f"PROBLEM  pelicanconf.py: Pelican cannot read it: {reason}")


def test_a_plugins_list_without_the_plugin_is_a_problem_naming_plugins(tmp_path: Path) -> None:
    """FLATTR is set but Pelican would never run the plugin: no build would say so."""
    settings = 'PLUGINS = ["pelican.plugins.other"]\nFLATTR = {"username": "jane"}\n'
    done = doctor(write_site(tmp_path / "site", settings))
    assert done.returncode == 1, done.stdout
    assert problems(done) == [
        "PROBLEM  pelicanconf.py: PLUGINS: ['pelican.plugins.other'] is not allowed; "
        "expected a list with 'pelican.plugins.flattr': without it FLATTR does nothing"
    ]
