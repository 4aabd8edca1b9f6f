"""Shared set-up of the Wagtail benchmarks: the test project (tests/wagtail) on a fresh SQLite
file, migrated, with its two-site blog. Not a test: run the ``wagtail_*.py`` scripts directly."""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def setup_django(*, sqlite: bool = True, **overrides: Any) -> Any:
    """Configure the test project on a temporary SQLite file (or, with ``sqlite=False``, the
    database its settings name: PostgreSQL with ``FLATTR_TEST_DB=postgres``); migrate; build
    the blog."""
    sys.path.insert(0, str(ROOT))  # the package tests, which the test project's conftest imports
    sys.path.insert(0, str(ROOT / "tests" / "wagtail"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
    import settings  # the test project's settings module

    if sqlite:
        db = Path(tempfile.mkdtemp(prefix="flattr-bench-")) / "db.sqlite3"
        settings.DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(db)}}
    for name, value in overrides.items():
        setattr(settings, name, value)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from conftest import build_blog

    return build_blog()


def interleaved(
    calls: dict[str, Callable[[], object]], repeat: int, warmup: int = 20
) -> dict[str, dict[str, float]]:
    """Like ``timings`` for several variants, taken in turns so machine noise hits all alike."""
    samples: dict[str, list[float]] = {name: [] for name in calls}
    for round_ in range(warmup + repeat):
        for name, call in calls.items():
            started = time.perf_counter()
            call()
            if round_ >= warmup:
                samples[name].append((time.perf_counter() - started) * 1000)
    return {name: _summary(sorted(values)) for name, values in samples.items()}


def _summary(samples: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(samples), 3),
        "mean_ms": round(statistics.fmean(samples), 3),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 3),
        "runs": len(samples),
    }


def environment() -> dict[str, str]:
    import django
    import wagtail

    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "machine": f"{platform.machine()}, {os.cpu_count()} cpu",
        "database": "postgresql"
        if os.environ.get("FLATTR_TEST_DB") == "postgres"
        else "sqlite (file)",
    }


def write(name: str, figures: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"environment": environment(), **figures}, indent=2) + "\n")
    return path
