"""Pelican build overhead of the Flattr plugin: a generated 2,000-article site, with and without.

Each build runs in a fresh interpreter (no memoized content or connected signals carried
over), with and without the plugin in alternating order, ``--rounds`` times each; the
medians and their ratio go to bench/results/pelican_build.json. Registration is off
(``register: never``): this measures what every build pays, buttons, head links and feeds.
Python's bytecode is cached for the builds, as an installed wheel's is, even where
``PYTHONDONTWRITEBYTECODE`` is set.

    python bench/pelican_build.py [--articles 2000] [--rounds 3] [--instructions]

``--instructions`` also counts the instructions each build's ``run()`` executes, under
Valgrind's cachegrind (one build each, some fifty times slower): unlike CPU time, the count is
the same from run to run, whatever else the machine is doing (the hash seed is fixed).
Each build's CPU time is also split into user and kernel time: the kernel's (writing and
deleting the output, page faults) moves between builds of the same site by more than the
plugin costs, so ``user_ratio`` is the steadier CPU figure. ``--collector off`` runs every
build with Python's cyclic garbage collector off: against a run with it on, what the
collector costs each build; with it on, each build also reports the collector's own CPU time
(``collector``, timed from ``gc.callbacks``) and its passes per generation. ``--theme
tests/pelican/themes/Flex`` builds both with a third-party theme (its heads hold character
references, as real themes' do) instead of Pelican's own. The site and its output go to
``/dev/shm`` (a tmpfs) where there is one, else to the temporary folder; ``--site-dir`` chooses
(``bench_site``). The results give the bytes each build wrote (``output_bytes``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench_funding import AUTHOR_FUNDING, SITE_FUNDING, page_funding
from bench_site import add_site_dir, site_dir

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
    "authors": {
        "Bob Builder": {"username": "bob", "funding": AUTHOR_FUNDING["bob"]},
        "Carol Writer": {"funding": AUTHOR_FUNDING["carol"]},
        "Dave Guest": "dave",
    },
    "categories": {"Podcast": "audio"},
    "register": "never",
    "funding": SITE_FUNDING,
}
# Every feed Pelican writes, in both builds (the defaults are all.atom, category atom,
# translation atom): RSS beside each Atom feed, and the author and tag feeds.
FEEDS = {
    "FEED_ALL_RSS": "feeds/all.rss.xml",
    "CATEGORY_FEED_RSS": "feeds/{slug}.rss.xml",
    "AUTHOR_FEED_ATOM": "feeds/{slug}.atom.xml",
    "AUTHOR_FEED_RSS": "feeds/{slug}.rss.xml",
    "TAG_FEED_ATOM": "feeds/tag-{slug}.atom.xml",
    "TAG_FEED_RSS": "feeds/tag-{slug}.rss.xml",
    "TRANSLATION_FEED_RSS": "feeds/all-{lang}.rss.xml",
}

# One build, in a child interpreter: the wall-clock and CPU seconds of Pelican(settings).run().
CHILD = """
import cProfile, gc, json, os, resource, sys, time
from pelican import Pelican
from pelican.settings import read_settings
settings = read_settings(override=json.loads(sys.argv[1]))
if sys.argv[3:] == ["stop"]:  # what every build does before run(): counted apart
    sys.exit(0)
profile = cProfile.Profile() if sys.argv[2] else None
load = os.getloadavg()[0]
if os.environ.get("FLATTR_BENCH_COLLECTOR") == "off":
    gc.disable()
# the collector's own CPU time and passes (its callbacks run around each pass, in this thread)
collector, passes, begun = [0.0], [0, 0, 0], [0.0]
def timed(phase, info):
    if phase == "start":
        begun[0] = time.thread_time()
    else:
        collector[0] += time.thread_time() - begun[0]
        passes[info["generation"]] += 1
gc.callbacks.append(timed)
started, cpu, split = time.perf_counter(), time.process_time(), os.times()
if profile is not None:
    profile.enable()
Pelican(settings=settings).run()
if profile is not None:
    profile.disable()
    profile.dump_stats(sys.argv[2])
gc.callbacks.remove(timed)
seconds, cpu, done = time.perf_counter() - started, time.process_time() - cpu, os.times()
user, kernel = done.user - split.user, done.system - split.system
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "cpu": cpu, "user": user, "sys": kernel, "max_rss_mb": rss,
                  "collector": collector[0], "passes": passes, "load": load}))
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
            *_funding_metadata(page_funding(n)),
        ]
        (content / f"post-{n}.md").write_text("\n".join(header) + "\n\n" + body + "\n", "utf-8")


def _funding_metadata(funding: dict[str, object] | None) -> list[str]:
    """``Funding_<provider>: value`` lines (Pelican metadata is strings: lists comma-joined,
    ``no`` for off, a mapping's username)."""
    lines = []
    for key, value in (funding or {}).items():
        if isinstance(value, dict):
            value = value["username"]
        elif isinstance(value, list):
            value = ", ".join(value)
        lines.append(f"Funding_{key}: {'no' if value is False else value}")
    return lines


def settings(site: Path, output: str, plugin: bool) -> dict[str, object]:
    return {
        "PATH": str(site / "content"),
        "OUTPUT_PATH": str(site / output),
        "CACHE_PATH": str(site / f"cache-{output}"),
        "SITEURL": "https://blog.example",
        "TIMEZONE": "UTC",
        "DELETE_OUTPUT_DIRECTORY": True,
        "CACHE_CONTENT": False,
        **FEEDS,
        "PLUGINS": ["pelican.plugins.flattr"] if plugin else [],
        "FLATTR": FLATTR,
        # --theme: a theme of the site owner's choosing, in both builds (else Pelican's own)
        **({"THEME": theme} if (theme := os.environ.get("FLATTR_BENCH_THEME")) else {}),
    }


def build(site: Path, plugin: bool, profile: Path | None = None) -> dict[str, float]:
    """One build in a fresh interpreter: wall and CPU seconds of ``run()``, the process's peak
    memory, and the load average as it began (with ``profile``: a cProfile of ``run()``)."""
    done = subprocess.run(
        _child(site, plugin, str(profile or "")),
        capture_output=True, text=True, check=True, env=_env(site), cwd=site,
    )  # fmt: skip
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def instructions(site: Path, plugin: bool) -> int:
    """The instructions one build's ``run()`` executes: the whole child's, counted by
    cachegrind, less those of the same child stopped just before ``run()``."""
    return _counted(site, plugin, []) - _counted(site, plugin, ["stop"])


def _instruction_counts(site: Path) -> dict[str, int]:
    """Both builds' ``instructions``, side by side (each child is one process: two CPUs)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = pool.map(lambda plugin: instructions(site, plugin), (True, False))
        return dict(zip(("with", "without"), counts, strict=True))


def _counted(site: Path, plugin: bool, extra: list[str]) -> int:
    valgrind = ["valgrind", "--tool=cachegrind", "--cache-sim=no"]
    valgrind.append("--cachegrind-out-file=/dev/null")
    env = {**_env(site), "PYTHONHASHSEED": "0"}  # the same dict and set orders every run
    done = subprocess.run(
        [*valgrind, *_child(site, plugin, ""), *extra],
        capture_output=True, text=True, check=True, env=env, cwd=site,
    )  # fmt: skip
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise SystemExit(f"cachegrind printed no instruction count:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def _child(site: Path, plugin: bool, profile: str) -> list[str]:
    output = "with" if plugin else "without"
    return [sys.executable, "-c", CHILD, json.dumps(settings(site, output, plugin)), profile]


def _env(site: Path) -> dict[str, str]:
    env = {**os.environ, "FLATTR_CONFIG_DIR": str(site / "flattr-config")}
    env.pop("FLATTR_TOKEN", None)
    # Bytecode cached as an installed wheel's is: with PYTHONDONTWRITEBYTECODE (this project's
    # machines set it) every build compiled the suite's sources again (tens of ms), which no
    # site pays, while Pelican loaded pip's bytecode (bench/mkdocs_build.py does the same)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(site / "pycache")
    return env


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
    parser.add_argument("--profile", type=Path, help="also write a cProfile of one build here")
    parser.add_argument("--keep", type=Path, help="copy both output trees here")
    parser.add_argument("--out", type=Path, default=RESULTS, help="the results file")
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions (needs valgrind)"
    )
    parser.add_argument(
        "--collector", choices=("on", "off"), default="on", help="Python's garbage collector"
    )
    parser.add_argument("--theme", type=Path, help="a theme's folder (default: notmyidea)")
    add_site_dir(parser)
    args = parser.parse_args()
    os.environ["FLATTR_BENCH_COLLECTOR"] = args.collector  # every build's child inherits it
    if args.theme:
        os.environ["FLATTR_BENCH_THEME"] = str(args.theme.resolve())
    if args.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind (apt-get install valgrind)")
    with tempfile.TemporaryDirectory(prefix="flattr-pelican-bench-", dir=args.site_dir) as tmp:
        site = Path(tmp)
        write_site(site / "content", args.articles)
        build(site, True)  # warm-up: imports and file system caches
        times: dict[str, list[dict[str, float]]] = {"with": [], "without": []}
        for round_ in range(args.rounds):
            order = (True, False) if round_ % 2 == 0 else (False, True)
            for plugin in order:
                times["with" if plugin else "without"].append(build(site, plugin))
            without, with_ = times["without"][-1], times["with"][-1]
            print(f"round {round_ + 1}: cpu without {without['cpu']:.2f} s "
                  f"(user {without['user']:.2f}), with {with_['cpu']:.2f} s "
                  f"(user {with_['user']:.2f}), load {os.getloadavg()[0]:.1f}",
                  file=sys.stderr, flush=True)  # fmt: skip
        check(site)
        written = {name: _output_bytes(site / name) for name in ("with", "without")}
        if args.keep:
            for name in ("with", "without"):
                shutil.rmtree(args.keep / name, ignore_errors=True)
                shutil.copytree(site / name, args.keep / name)
        if args.profile:
            build(site, True, args.profile)
        counts = _instruction_counts(site) if args.instructions else {}
    report(args, times, counts, written)


def _output_bytes(output: Path) -> dict[str, int]:
    """What a build wrote, in bytes: its HTML pages, its feeds, the rest (the kernel's share of
    a build's CPU time grows with it)."""
    sizes = {"pages": 0, "feeds": 0, "other": 0}
    for path in output.rglob("*"):
        if path.is_file():
            kind = {".html": "pages", ".xml": "feeds"}.get(path.suffix, "other")
            sizes[kind] += path.stat().st_size
    return sizes


def report(
    args: argparse.Namespace,
    times: dict[str, list[dict[str, float]]],
    counts: dict[str, int],
    written: dict[str, dict[str, int]],
) -> None:
    summary = {
        name: {
            kind: {
                "median": round(statistics.median(run[kind] for run in runs), 3),
                "min": round(min(run[kind] for run in runs), 3),
                "max": round(max(run[kind] for run in runs), 3),
            }
            for kind in ("seconds", "cpu", "user", "sys", "collector", "max_rss_mb")
        }
        for name, runs in times.items()
    }
    medians = {f"{n} {k}": summary[n][k]["median"] for n in summary for k in summary[n]}
    loads = [run["load"] for runs in times.values() for run in runs]
    added = medians["with cpu"] - medians["without cpu"]
    result = {
        "benchmark": "pelican_build",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": "python bench/pelican_build.py " + " ".join(sys.argv[1:]),
        "machine": f"{platform.platform()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "pelican": _version("pelican"),
        "articles": args.articles,
        "rounds": args.rounds,
        "collector": args.collector,
        "theme": args.theme.name if args.theme else "notmyidea",
        "load_average": {"min": min(loads), "max": max(loads)},
        "runs": times,
        "summary": summary,
        "medians": medians,
        "ratio": round(medians["with seconds"] / medians["without seconds"], 4),
        "cpu_ratio": round(medians["with cpu"] / medians["without cpu"], 4),
        # each round's two builds ran back to back: their ratio cancels the machine's drift
        "cpu_ratio_paired": _paired_ratio(times),
        # CPU time is user time plus the kernel's (writing and deleting the output, page
        # faults), which moves between builds of the same site by more than the plugin costs
        "user_ratio": round(medians["with user"] / medians["without user"], 4),
        "user_ratio_paired": _paired_ratio(times, "user"),
        "added_cpu_ms_per_article": round(1000 * added / args.articles, 4),
        # of which the cyclic collector's: its passes walk every object either build keeps
        "added_collector_ms_per_article": round(
            1000 * (medians["with collector"] - medians["without collector"]) / args.articles, 4
        ),
        "collector_passes": {name: runs[-1]["passes"] for name, runs in times.items()},
        "site_dir": site_dir(args),
        "output_bytes": written,
        "max_rss_kb_per_article": {
            name: round(1024 * medians[f"{name} max_rss_mb"] / args.articles, 2)
            for name in ("with", "without")
        },
        "goal": "CPU ratio at most 1.03",
    }
    if counts:
        result["instructions"] = {
            **counts,
            "ratio": round(counts["with"] / counts["without"], 4),
            "added_per_article": round((counts["with"] - counts["without"]) / args.articles),
        }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "runs"}, indent=2))


def _paired_ratio(times: dict[str, list[dict[str, float]]], kind: str = "cpu") -> float:
    """The median of each round's with/without CPU (or user) time: what the machine's other
    work does to a round's two builds, run back to back, mostly cancels."""
    pairs = zip(times["with"], times["without"], strict=True)
    return round(statistics.median(with_[kind] / without[kind] for with_, without in pairs), 4)


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
