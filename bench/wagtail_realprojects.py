"""CPU time of a real project's post page with and without wagtail_flattr, taken in turns.

Usage: python bench/wagtail_realprojects.py [--repeat N]   (needs the wagtail extra)
Writes bench/results/wagtail_realprojects-wagtail<major>.json.

The projects are the trimmed copies of bakerydemo and news-template in tests/wagtail/realprojects
(bakerydemo needs Wagtail 7.4 or later). For each, two processes of ``serve.py --bench`` run side
by side on the same site: one without the plugin, one with it installed into a copy of that site
(its app, finder and middleware; a Flattr username entered). Each round renders the post once in
each, through Django's whole request cycle, in alternating order (without first, then with first),
and each process reports the CPU seconds (``time.process_time``) its render took, so neither
wall-clock waits nor the other process's work are counted.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from wagtail_common import ROOT, write

REAL = ROOT / "tests" / "wagtail" / "realprojects"
POSTS = {  # folder: (settings package, the oldest Wagtail it runs on, a post page)
    "bakerydemo": ("bakerydemo", (7, 4), "/blog/wild-yeast/"),
    "newstemplate": (
        "myproject",
        (6, 3),
        "/blog/article-title-goes-here-and-can-be-quite-long-actually/",
    ),
}
WARMUP = 20


class Server:
    """One ``serve.py --bench`` process: a render per path sent, its CPU seconds back."""

    def __init__(self, folder: str, settings: str, state: Path) -> None:
        command = [sys.executable, str(REAL / "serve.py"), str(REAL / folder), settings,
                   str(state), "[]", "--bench"]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.answer() == "ready"

    def answer(self) -> Any:
        assert self.process.stdout is not None
        return json.loads(self.process.stdout.readline())

    def render(self, path: str) -> float:
        assert self.process.stdin is not None
        self.process.stdin.write(path + "\n")
        self.process.stdin.flush()
        return float(self.answer()) * 1000

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_cpu_ms": round(statistics.median(ordered), 3),
        "mean_cpu_ms": round(statistics.fmean(ordered), 3),
        "p95_cpu_ms": round(ordered[int(len(ordered) * 0.95) - 1], 3),
        "runs": len(ordered),
    }


def measure(folder: str, repeat: int, tmp: Path) -> dict[str, Any]:
    package, _, path = POSTS[folder]
    (tmp / folder).mkdir()
    plain = Server(folder, f"{package}.settings", tmp / folder / "plain")
    shutil.copytree(tmp / folder / "plain", tmp / folder / "flattr")
    flattred = Server(folder, f"{package}.settings_flattr", tmp / folder / "flattr")
    samples: dict[str, list[float]] = {"without": [], "with": []}
    try:
        for round_ in range(WARMUP + repeat):
            turns = [("without", plain), ("with", flattred)]
            for name, server in turns if round_ % 2 == 0 else turns[::-1]:
                spent = server.render(path)
                if round_ >= WARMUP:
                    samples[name].append(spent)
    finally:
        plain.close()
        flattred.close()
    figures = {name: summary(values) for name, values in samples.items()}
    ratio = figures["with"]["median_cpu_ms"] / figures["without"]["median_cpu_ms"]
    return {"page": path, **figures, "ratio_of_medians": round(ratio, 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=300)
    repeat = parser.parse_args().repeat
    import wagtail

    runnable = [f for f, (_, since, _) in POSTS.items() if tuple(wagtail.VERSION[:2]) >= since]
    with tempfile.TemporaryDirectory(prefix="flattr-bench-real-") as tmp:
        figures = {folder: measure(folder, repeat, Path(tmp)) for folder in runnable}
    path = write(f"wagtail_realprojects-wagtail{wagtail.__version__.split('.')[0]}", figures)
    print(path.read_text())


if __name__ == "__main__":
    main()
