"""Pelican build overhead of the Flattr plugin: a generated 2,000-article site, with and without.

Each build runs in a fresh interpreter (no memoized content or connected signals carried
over), with and without the plugin in alternating order, ``--rounds`` times each; the
medians and their ratio go to bench/results/pelican_build.json. Registration is off
(``register: never``): this measures what every build pays, buttons, head links and feeds.

    python bench/pelican_build.py [--articles 2000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "pelican_build.json"
CATEGORIES = ["News", "Tutorials", "Notes", "Podcast", "Reviews", "Travel", "Code", "Books"]
AUTHORS = ["Alice Example", "Bob Builder", "Carol Writer", "Dave Guest", "Erin Editor"]
TAGS = [f"topic-{n}" for n in range(60)]
WORDS = [
    *("pelican", "static", "site", "generator", "flattr", "micropayment", "reader", "writer"),
    *("feed", "button", "page", "article", "markdown", "python", "theme", "template"),
    *("category", "tag", "author", "translation", "cache", "build"),
]
FLATTR = {
    "username": "alice",
    "authors": {"Bob Builder": "bob", "Carol Writer": "carol"},
    "categories": {"Podcast": "audio"},
    "register": "never",
}

# One build, in a child interpreter: the wall-clock and CPU seconds of Pelican(settings).run().
CHILD = """
import json, sys, time
from pelican import Pelican
from pelican.settings import read_settings
settings = read_settings(override=json.loads(sys.argv[1]))
started, cpu = time.perf_counter(), time.process_time()
Pelican(settings=settings).run()
print(json.dumps({"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu}))
"""


def write_site(content: Path, articles: int, seed: int = 2024) -> None:
    """``articles`` Markdown articles over categories, tags, authors; every tenth translated."""
    rng = random.Random(seed)
    content.mkdir(parents=True)
    for n in range(articles):
        lang = "de" if n % 10 == 9 else "en"
        slug = f"post-{n - 1 if lang == 'de' else n}"
        day = datetime.date(2020, 1, 1) + datetime.timedelta(days=n // 3)
        body = "\n\n".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 120))).capitalize() + "."
            for _ in range(rng.randint(3, 8))
        )
        header = [
            f"Title: Post number {n} about {rng.choice(WORDS)}",
            f"Date: {day.isoformat()} 10:00",
            f"Category: {rng.choice(CATEGORIES)}",
            f"Tags: {', '.join(rng.sample(TAGS, 3))}",
            f"Author: {rng.choice(AUTHORS)}",
            f"Slug: {slug}",
            f"Lang: {lang}",
        ]
        (content / f"post-{n}.md").write_text("\n".join(header) + "\n\n" + body + "\n", "utf-8")


def settings(site: Path, output: str, plugin: bool) -> dict[str, object]:
    return {
        "PATH": str(site / "content"),
        "OUTPUT_PATH": str(site / output),
        "CACHE_PATH": str(site / f"cache-{output}"),
        "SITEURL": "https://blog.example",
        "TIMEZONE": "UTC",
        "DELETE_OUTPUT_DIRECTORY": True,
        "CACHE_CONTENT": False,
        "FEED_ALL_RSS": "feeds/all.rss.xml",
        "TAG_FEED_ATOM": "feeds/tag-{slug}.atom.xml",
        "PLUGINS": ["pelican.plugins.flattr"] if plugin else [],
        "FLATTR": FLATTR,
    }


def build(site: Path, plugin: bool) -> dict[str, float]:
    output = "with" if plugin else "without"
    overrides = json.dumps(settings(site, output, plugin))
    env = {**os.environ, "FLATTR_CONFIG_DIR": str(site / "flattr-config")}
    env.pop("FLATTR_TOKEN", None)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, overrides],
        capture_output=True, text=True, check=True, env=env, cwd=site,
    )  # fmt: skip
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def check(site: Path) -> None:
    """The 'with' build did the work: buttons on article pages, payment links in feeds."""
    article = (site / "with" / "post-0.html").read_text(encoding="utf-8")
    feed = (site / "with" / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "flattr-button" in article
    assert 'rel="payment"' in article
    assert feed.count('rel="payment"') > 1
    assert "flattr-button" not in (site / "without" / "post-0.html").read_text("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="flattr-pelican-bench-") as tmp:
        site = Path(tmp)
        write_site(site / "content", args.articles)
        build(site, True)  # warm-up: imports and file system caches
        times: dict[str, list[dict[str, float]]] = {"with": [], "without": []}
        for round_ in range(args.rounds):
            order = (True, False) if round_ % 2 == 0 else (False, True)
            for plugin in order:
                times["with" if plugin else "without"].append(build(site, plugin))
        check(site)
    report(args, times)


def report(args: argparse.Namespace, times: dict[str, list[dict[str, float]]]) -> None:
    medians = {
        f"{name} {kind}": round(statistics.median(run[kind] for run in runs), 3)
        for name, runs in times.items()
        for kind in ("seconds", "cpu")
    }
    result = {
        "benchmark": "pelican_build",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": f"python bench/pelican_build.py --articles {args.articles} "
        f"--rounds {args.rounds}",
        "machine": f"{platform.platform()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "pelican": _version("pelican"),
        "articles": args.articles,
        "rounds": args.rounds,
        "load_average_at_end": os.getloadavg()[0],
        "runs": times,
        "medians": medians,
        "ratio": round(medians["with seconds"] / medians["without seconds"], 4),
        "cpu_ratio": round(medians["with cpu"] / medians["without cpu"], 4),
        "goal": "ratio under 1.05",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
