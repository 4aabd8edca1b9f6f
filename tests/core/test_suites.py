"""The suites as pytest sees them: each host suite run without its host is skipped whole,
saying what it lacks (never a traceback), and test modules have unique names across suites."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
# Each suite, and a module it needs, hidden from a pytest run of that suite alone.
HIDDEN = {
    "wagtail": "django",
    "mkdocs": "mkdocs",
    "pelican": "pelican.settings",
    "browser": "playwright",
    "demo": "material",
}
# sys.modules[name] = None: importing it fails, and find_spec says it is not installed.
RUN_WITHOUT = (
    "import sys; sys.modules[sys.argv[1]] = None; import pytest; "
    "sys.exit(pytest.main(sys.argv[2:]))"
)
# pytest-django would take that None for a Django it has to set up (without Django it does not)
PYTEST_ARGS = ["-p", "no:cacheprovider", "-p", "no:django"]


@pytest.mark.parametrize(("suite", "module"), HIDDEN.items())
def test_a_suite_run_without_its_host_is_skipped_saying_why(suite: str, module: str) -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in ("FLATTR_TEST_NO_SKIP", "PYTEST_ADDOPTS")
    }
    done = subprocess.run(
        [sys.executable, "-c", RUN_WITHOUT, module, f"tests/{suite}", *PYTEST_ARGS],
        cwd=TESTS.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == pytest.ExitCode.NO_TESTS_COLLECTED, output
    [reason] = {line for line in output.splitlines() if f"tests/{suite} needs " in line}
    assert module in reason.split(" needs ", 1)[1], reason
    assert "Traceback" not in output, output


def test_module_names_are_unique_across_the_suites() -> None:
    """pytest imports each test and helper module by its bare name (the suite folders are no
    packages): two of one name cannot run in one process."""
    modules = [
        path
        for path in TESTS.rglob("*.py")
        if path.name not in ("conftest.py", "__init__.py")
        and not (path.parent / "__init__.py").exists()
        and "realsites" not in path.relative_to(TESTS).parts
    ]
    assert TESTS / "core" / "test_suites.py" in modules
    names = Counter(path.name for path in modules)
    assert [name for name, count in names.items() if count > 1] == []
