"""Placing the head tags and the button in a served page: the old regular expressions against
the core's HTML-aware insertion, on pathological markup of growing size and on real pages.

Usage: python bench/html_insertion.py [--sizes 2500 5000 10000 20000] [--repeat 50]
Writes bench/results/html_insertion.json.

"old" is the Wagtail middleware's placement before the core's tokenizer (kept here, verbatim,
as the reference): a lazy ``<article ...>(.*?)</article>`` search, then ``<main>``, then
``<body>``, around the core's old regex ``insert_button``. "new" is ``place_button``. The
pathological page is a body of ``n`` unclosed ``<article>`` tags, each followed by a word:
every search start scans to the end of the page for an end tag that is not there.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "shared"))

from markupsafe import Markup  # noqa: E402

from flattr_core import markup  # noqa: E402
from flattr_core.models import ButtonOptions, Creator, Endpoints, Thing  # noqa: E402

REAL = ROOT / "tests" / "wagtail" / "realpages"
THING = Thing("https://ex.org/p", "Title here", "Description", Creator("jane", "abc123"))
BUTTON = markup.button(THING, ButtonOptions(), Endpoints())


def old_place(document: str, button: Markup) -> str:
    """The middleware's placement as it was (regexes; first article, else main, else body)."""
    for name in ("article", "main", "body"):
        found = re.search(rf"<{name}\b[^>]*>(.*?)</{name}\s*>", document, re.S | re.I)
        if found:
            inner = found.group(1) + "\n" + markup.button_slot(button)
            return document[: found.start(1)] + inner + document[found.end(1) :]
    return document


def pathological(n: int) -> str:
    return "<html><head></head><body><main>" + "<article>word " * n + "</main></body></html>"


def seconds(function: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[2500, 5000, 10000, 20000])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    figures: dict[str, object] = {"date": datetime.datetime.now().isoformat(timespec="minutes")}
    growth = []
    for n in args.sizes:
        page = pathological(n)
        old = seconds(lambda p=page: old_place(p, BUTTON), 1)
        new = seconds(lambda p=page: markup.place_button(p, BUTTON, "bottom"), 3)
        growth.append({"n": n, "bytes": len(page), "old_s": round(old, 4), "new_s": round(new, 5)})
        print(growth[-1], flush=True)
    figures["pathological"] = growth
    real = {}
    pages = sorted(REAL.glob("*.html"))
    assert pages, f"no real pages in {REAL}"
    for path in pages:
        page = path.read_text(encoding="utf-8")
        old = seconds(lambda p=page: old_place(p, BUTTON), args.repeat)
        new = seconds(lambda p=page: markup.place_button(p, BUTTON, "bottom"), args.repeat)
        real[path.name] = {
            "bytes": len(page),
            "old_ms": round(old * 1e3, 3),
            "new_ms": round(new * 1e3, 3),
        }
        print(path.name, real[path.name], flush=True)
    figures["real_pages"] = real
    out = ROOT / "bench" / "results" / "html_insertion.json"
    out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(out)


if __name__ == "__main__":
    main()
