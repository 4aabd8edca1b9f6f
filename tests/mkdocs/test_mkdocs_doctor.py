"""``flattr doctor`` in a MkDocs site's folder, where mkdocs.yml itself or the build it
describes is broken: a problem naming the file and MkDocs' own reason, never a traceback or a
healthy report (the examples' healthy and misconfigured runs: tests/demo/test_doctor_examples.py).

Each run is the real command in a child process, in a site written to tmp_path.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.flattr_command import doctor as run_doctor

pytestmark = pytest.mark.timeout(200)


def doctor(folder: Path) -> subprocess.CompletedProcess[str]:
    return run_doctor(folder, timeout=180)


def write_site(folder: Path, flattr_options: str) -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Home\n\nWelcome.\n")
    (folder / "docs" / "notes.md").write_text("# Notes\n\nSome notes.\n")
    (folder / "mkdocs.yml").write_text(
        "site_name: Jane's notes\nsite_url: https://jane.example.org/\n"
        f"plugins:\n  - flattr:\n{flattr_options}"
    )
    return folder


def test_a_healthy_site_says_what_a_build_would_register(tmp_path: Path) -> None:
    done = doctor(write_site(tmp_path / "site", "      username: jane\n"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert 'ok       MkDocs site "Jane\'s notes" (mkdocs.yml): every option valid' in done.stdout
    assert "things to register: 2 things (2 of jane) (register: auto)" in done.stdout


def test_a_yaml_error_is_a_problem_naming_the_file_and_the_line(tmp_path: Path) -> None:
    done = doctor(write_site(tmp_path / "site", "      username: [jane\n"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr, done.stderr
    problem = done.stdout.splitlines()[0]
    assert problem.startswith("PROBLEM  mkdocs.yml: MkDocs cannot read it: "), done.stdout
    assert 'in "mkdocs.yml", line 5' in done.stdout


def test_a_build_that_would_fail_is_a_problem_with_mkdocs_own_reason(tmp_path: Path) -> None:
    """An unset ``!ENV`` leaves every page without a username: each option is valid, but
    ``mkdocs build`` fails; MkDocs' own "Aborted with a BuildError!" alone would say nothing."""
    done = doctor(write_site(tmp_path / "site", "      username: !ENV FLATTR_DOCTOR_UNSET\n"))
    assert done.returncode == 1, done.stdout
    problems = [line for line in done.stdout.splitlines() if line.startswith("PROBLEM")]
    assert len(problems) == 1, done.stdout
    assert problems[0].startswith("PROBLEM  mkdocs.yml: a build (registration off) fails: ")
    assert "has no Flattr username (option 'username')" in problems[0]
    assert "things to register" not in done.stdout
