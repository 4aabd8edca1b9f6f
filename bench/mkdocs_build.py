"""How much the Flattr plugin adds to `mkdocs build` on a generated 2,000-page site.

Both builds run the real `mkdocs build` command (a fresh process each), on the same pages,
in the same session, interleaved (A B, B A, A B, ...) so drift hits both alike. The plugin
runs with ``register: never``: this measures markup, head links and the manifest, not the
network. Results go to bench/results/mkdocs_build.json; docs/benchmarks.md quotes them.

``--real-site material`` or ``--real-site mkdocs`` measures one of the real third-party sites
vendored for the tests (tests/mkdocs/realsites) instead, as its owners configured it, with the
plugin added; results go to bench/results/mkdocs_realsite-NAME.json.

``--instructions`` also counts the instructions each whole `mkdocs build` executes, under
Valgrind's cachegrind (one build each, some twenty times slower, the two side by side): unlike
CPU time, the count is the same from run to run, whatever else the machine is doing (the hash
seed is fixed).

Python's bytecode is cached for the builds (``PYTHONPYCACHEPREFIX`` in the run's temporary
folder), as an installed wheel's is, even where the environment sets ``PYTHONDONTWRITEBYTECODE``;
``--bytecode none`` measures with every build compiling the suite's sources instead. The sites
and their output go to ``/dev/shm`` (a tmpfs) where there is one, else to the temporary folder;
``--site-dir`` chooses (``bench_site``). Each build's CPU time is also given as user and kernel
time. Besides the A/B, one build in one process gives the hooks' share, and two more what the
plugin makes a build import (modules, and the CPU their own code takes).

    python bench/mkdocs_build.py [--pages 2000] [--rounds 5] [--theme mkdocs] [--instructions]
    python bench/mkdocs_build.py --pages 20000 --nav small --rounds 3
    python bench/mkdocs_build.py --real-site material [--rounds 7]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import yaml
from bench_funding import AUTHOR_FUNDING, SITE_FUNDING, page_funding
from bench_site import add_site_dir, site_dir

RESULTS = Path(__file__).parent / "results" / "mkdocs_build.json"
REALSITES = Path(__file__).parent.parent / "tests" / "mkdocs" / "realsites"
# Where each real site's mkdocs.yml gets the plugin (the line it goes after), and a page with text.
REAL_SITES = {
    "material": ("      minify_html: true", "squidfunk", "getting-started/index.html"),
    "mkdocs": (
        "            show_signature_annotations: true",
        "mkdocs",
        "user-guide/cli/index.html",
    ),
}
AUTHORS = ["bob", "carol", None, "dave"]  # dave: an author the plugin has no entry for
# mkdocs-rss-plugin in both builds (RSS and JSON feeds, created and updated): every feed on.
RSS = {
    "use_git": False,
    "json_feed_enabled": True,
    "date_from_meta": {"as_creation": "date"},
    "match_path": ".*",
}
FLATTR = {
    "username": "bench_owner",
    "tags": ["bench"],
    "register": "never",
    "authors": {
        "bob": {"username": "bob", "funding": AUTHOR_FUNDING["bob"]},
        "carol": {"funding": AUTHOR_FUNDING["carol"]},
    },
    "funding": SITE_FUNDING,
}
WORDS = [
    "flattr",
    "static",
    "site",
    "plugin",
    "button",
    "payment",
    "link",
    "reader",
    "author",
    "feed",
    "theme",
    "page",
]


def page_text(number: int) -> str:
    """A realistic page: front matter (tags, an author on most pages, every fifth page's own
    funding), headings, paragraphs, a list, a code block."""
    words = [WORDS[(number * 7 + i) % len(WORDS)] for i in range(60)]
    paragraph = " ".join(words).capitalize() + "."
    meta: dict[str, object] = {"tags": [WORDS[number % 12], WORDS[(number + 3) % 12]]}
    meta["date"] = f"2024-{1 + number % 12:02d}-{1 + number % 28:02d} 10:00"
    author = AUTHORS[number % len(AUTHORS)]
    if author:
        meta["authors"] = [author]
    funding = page_funding(number)
    if funding is not None:
        meta["funding"] = funding
    front = yaml.safe_dump(meta, sort_keys=False, default_flow_style=True, width=1000)
    return (
        f"---\n{front}---\n"
        f"# Page {number}: {words[0]} {words[1]}\n\n{paragraph}\n\n"
        f"## Details\n\n{paragraph}\n\n- one {words[2]}\n- two {words[3]}\n\n"
        f"```python\ndef page_{number}():\n    return {number}\n```\n\n{paragraph}\n"
    )


def generate(root: Path, pages: int, theme: str, nav: str) -> tuple[Path, Path]:
    """The docs folder and two config files that differ only in the flattr plugin.

    ``nav: full`` lets MkDocs list every page in every page's navigation (its default: the
    build grows with the square of the pages); ``small`` lists only the home page, so the
    build grows with the site, as the 20,000-page comparison needs.
    """
    for number in range(pages):
        path = root / "docs" / f"section-{number // 100:02d}" / f"page-{number:04d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page_text(number), encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Benchmark site\n\nHome.\n", encoding="utf-8")
    base: dict[str, object] = {
        "site_name": "Bench",
        "site_url": "https://bench.example.org/",
        "site_description": "The benchmark site.",
        "theme": theme,
    }
    if nav == "small":
        base["nav"] = [{"Home": "index.md"}]
    plain, with_flattr = root / "plain.yml", root / "flattr.yml"
    without: list[object] = ["search", {"rss": RSS}]
    for path, plugins in ((plain, without), (with_flattr, [*without, {"flattr": FLATTR}])):
        config = {**base, "docs_dir": "docs", "plugins": plugins}
        path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return plain, with_flattr


def real_site(root: Path, name: str) -> tuple[Path, Path]:
    """A copy of a vendored real site: its own mkdocs.yml, and flattr.yml with the plugin added
    (every funding provider at site level)."""
    shutil.copytree(REALSITES / name, root, dirs_exist_ok=True)
    after, username, _ = REAL_SITES[name]
    plain, with_flattr = root / "mkdocs.yml", root / "flattr.yml"
    source = plain.read_text(encoding="utf-8")
    assert source.count(after + "\n") == 1, after
    options = {"username": username, "register": "never", "funding": SITE_FUNDING}
    dumped = yaml.safe_dump([{"flattr": options}], sort_keys=False, width=1000)
    block = "".join(f"  {line}\n" for line in dumped.splitlines())
    with_flattr.write_text(source.replace(after + "\n", after + "\n" + block), encoding="utf-8")
    return plain, with_flattr


def build_env(root: Path, bytecode: str) -> dict[str, str]:
    """The builds' environment: Python's bytecode cached (in ``root``) as an installed wheel's is.

    Without it, a ``PYTHONDONTWRITEBYTECODE=1`` in the caller's environment (this project's
    machines set it) makes every build compile the suite's sources again, about 60 ms that no
    site installed from a wheel pays, while MkDocs and the other plugins load pip's bytecode.
    ``--bytecode none`` keeps that condition, to compare with figures taken under it.
    """
    env = dict(os.environ)
    if bytecode == "cached":
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def build_once(config: Path, site_dir: Path, env: dict[str, str]) -> dict[str, float]:
    """Wall time, CPU time (user + system) and peak memory (max RSS) of one `mkdocs build`.

    CPU time is the figure compared: it is what the plugin costs, and unlike wall time it barely
    moves when other work shares the machine.
    """
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)]
    command += ["-d", str(site_dir)]
    load = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=config.parent, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command)
    user, kernel = usage.ru_utime, usage.ru_stime
    return {"cpu": user + kernel, "user": user, "sys": kernel, "wall": wall,
            "max_rss_mb": usage.ru_maxrss / 1024, "load": load}  # fmt: skip


HOOK_SHARE = """
import cProfile, json, pstats, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs_flattr.plugin import FlattrPlugin

spent = [0.0]
profile = cProfile.Profile() if sys.argv[3] else None
def timed(method):
    def run(*args, **kwargs):
        started = time.process_time()
        if profile is not None:
            profile.enable()
        try:
            return method(*args, **kwargs)
        finally:
            if profile is not None:
                profile.disable()
            spent[0] += time.process_time() - started
    return run
for name in [n for n in vars(FlattrPlugin) if n.startswith("on_") or n == "load_config"]:
    setattr(FlattrPlugin, name, timed(getattr(FlattrPlugin, name)))
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="build", dirty=False)
started = time.process_time()
build(config)
print(json.dumps({"build_cpu": time.process_time() - started, "hooks_cpu": spent[0]}))
if profile is not None:
    profile.dump_stats(sys.argv[3])
"""


IMPORTS = """
import importlib._bootstrap as bootstrap, json, sys, time
stack, own = [], {}
load = bootstrap._load_unlocked
def timed(spec):  # each module's own import CPU: its nested imports are subtracted
    started = time.process_time()
    stack.append(0.0)
    try:
        return load(spec)
    finally:
        spent, inner = time.process_time() - started, stack.pop()
        own[spec.name] = spent - inner
        if stack:
            stack[-1] += spent
bootstrap._load_unlocked = timed  # every import, also importlib.import_module's (lazy names)
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="build", dirty=False)
build(config)
print(json.dumps(own))
"""


def imports_added(
    plain: Path, with_flattr: Path, root: Path, env: dict[str, str], rounds: int = 3
) -> dict[str, float]:
    """What the plugin makes a build import: the modules the plain build does not load, how
    many are this suite's, and the CPU their own code took (median of ``rounds`` builds).

    ``-X importtime`` cannot say: it misses what ``importlib.import_module`` loads, which is
    how the core's lazy names (``flattr_core.lazy``) are loaded.
    """

    def loaded(config: Path) -> dict[str, float]:
        command = [sys.executable, "-c", IMPORTS, str(config), str(root / "site-imports")]
        result = subprocess.run(
            command, check=True, capture_output=True, text=True, cwd=config.parent, env=env
        )
        return json.loads(result.stdout.strip().splitlines()[-1])

    base = set(loaded(plain))
    runs = [loaded(with_flattr) for _ in range(rounds)]
    added = [name for name in runs[0] if name not in base]
    own = {name: statistics.median(r.get(name, 0.0) for r in runs) for name in added}
    suite = [n for n in added if n.split(".")[0] in ("flattr_core", "mkdocs_flattr")]
    return {
        "modules": len(added),
        "suite_modules": len(suite),
        "cpu_ms": round(1000 * sum(own.values()), 1),
    }


def hook_share(
    config: Path, site_dir: Path, profile: Path | None, env: dict[str, str]
) -> dict[str, float]:
    """One build in one process: CPU time inside the plugin's hooks against the whole build
    (and, with ``profile``, a cProfile of the hooks alone written there).

    Both figures come from the same process at the same moment, so a busy machine slows them
    alike: the share is the steadiest measure of what the plugin adds.
    """
    command = [sys.executable, "-c", HOOK_SHARE, str(config), str(site_dir), str(profile or "")]
    result = subprocess.run(
        command, check=True, capture_output=True, text=True, cwd=config.parent, env=env
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    share = figures["hooks_cpu"] / figures["build_cpu"]
    return {**{k: round(v, 3) for k, v in figures.items()}, "share": round(share, 4)}


def run(args: argparse.Namespace) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="flattr-bench-", dir=args.site_dir) as temp:
        root = Path(temp)
        site = args.real_site
        if site:
            plain, with_flattr = real_site(root, site)
        else:
            plain, with_flattr = generate(root, args.pages, args.theme, args.nav)
        env = build_env(root, args.bytecode)
        for config in (plain, with_flattr):  # warm the file cache and the bytecode once
            build_once(config, root / "warm", env)
        runs = alternate(plain, with_flattr, root, args.rounds, env)
        page = REAL_SITES[site][2] if site else "section-00/page-0001/index.html"
        check_output(root / "site-with", root / "site-without", page)
        if args.keep:
            for name in ("with", "without"):
                shutil.rmtree(args.keep / name, ignore_errors=True)
                shutil.copytree(root / f"site-{name}", args.keep / name)
        counts = instructions(plain, with_flattr, root, env) if args.instructions else None
        hooks = hook_share(with_flattr, root / "site-hooks", args.profile, env)
        print(f"hooks: {hooks}", flush=True)
        imports = None  # what a build imports does not grow with it: measured on small ones
        if site or args.pages <= 2000:
            imports = imports_added(plain, with_flattr, root, env, rounds=3 if site else 1)
            print(f"imports: {imports}", flush=True)
    result = {**report(args, runs), "in_process": hooks, "imports": imports}
    if counts is not None:
        built = counts.pop("pages")
        pages = built if site else args.pages + 1
        added = (counts["with"] - counts["without"]) / pages
        result["instructions"] = {
            **counts,
            "ratio": round(counts["with"] / counts["without"], 4),
            "added_per_page": round(added),
        }
    return result


def instructions(plain: Path, with_flattr: Path, root: Path, env: dict[str, str]) -> dict[str, int]:
    """The instructions of one whole `mkdocs build` of each configuration, side by side (one
    process each: two CPUs), and the pages built."""
    configs = (("without", plain), ("with", with_flattr))
    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = pool.map(
            lambda named: _counted(named[1], root / f"site-i{named[0]}", env), configs
        )
        found = dict(zip(("without", "with"), counts, strict=True))
    found["pages"] = sum(1 for _ in (root / "site-iwith").rglob("index.html"))
    return found


def _counted(config: Path, site_dir: Path, env: dict[str, str]) -> int:
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    command += [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "-q",
        "-f",
        str(config),
        "-d",
        str(site_dir),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, check=True, cwd=config.parent,
        env={**env, "PYTHONHASHSEED": "0"},  # the same dict and set orders every run
    )  # fmt: skip
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise SystemExit(f"cachegrind printed no instruction count:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def alternate(
    plain: Path, with_flattr: Path, root: Path, rounds: int, env: dict[str, str]
) -> dict[str, list[dict]]:
    """Each build's figures, the two configurations taking turns (A B, B A, ...)."""
    runs: dict[str, list[dict[str, float]]] = {"without": [], "with": []}
    for number in range(rounds):
        order = [("without", plain), ("with", with_flattr)]
        for name, config in order if number % 2 == 0 else reversed(order):
            runs[name].append(build_once(config, root / f"site-{name}", env))
        print(f"round {number + 1}: cpu without {runs['without'][-1]['cpu']:.2f} s, "
              f"with {runs['with'][-1]['cpu']:.2f} s, load {os.getloadavg()[0]:.1f}",
              flush=True)  # fmt: skip
    return runs


def check_output(with_dir: Path, without_dir: Path, page: str) -> None:
    """The comparison is only fair if the plugin really worked: a page has its button."""
    html = (with_dir / page).read_text(encoding="utf-8")
    buttons = html.count("flattr-button flattr-button--")  # minify_html keeps these quotes
    assert buttons == 1, f"{buttons} buttons on a page instead of 1"
    assert "flattr-button" not in (without_dir / page).read_text(encoding="utf-8")


def report(args: argparse.Namespace, runs: dict[str, list[dict[str, float]]]) -> dict[str, object]:
    site = args.real_site
    what = f"the real site {site!r} (tests/mkdocs/realsites)" if site else "generated site"
    medians = {name: summary(values) for name, values in runs.items()}
    pages = None if site else args.pages + 1  # and the home page
    added = medians["with"]["cpu"]["median"] - medians["without"]["cpu"]["median"]
    return {
        "benchmark": f"mkdocs build, {what}, with the flattr plugin against without",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "command": "python bench/mkdocs_build.py " + " ".join(sys.argv[1:]),
        "pages": pages,
        "nav": None if site else args.nav,
        "theme": "the site's own" if site else args.theme,
        "rounds": args.rounds,
        "bytecode": args.bytecode,
        "load_average": {
            "min": min(r["load"] for v in runs.values() for r in v),
            "max": max(r["load"] for v in runs.values() for r in v),
        },
        "runs": {
            name: [{k: round(v, 3) for k, v in r.items()} for r in values]
            for name, values in runs.items()
        },
        "summary": medians,
        "ratio_cpu": _ratio(runs, "cpu"),
        # each round's two builds ran back to back: their ratio cancels the machine's drift
        "ratio_cpu_paired": _paired_ratio(runs, "cpu"),
        # CPU time less the kernel's: writing the site moves with the file system (a disk's
        # inode allocator after a deleted build), by more than the plugin costs
        "ratio_user": _ratio(runs, "user"),
        "ratio_user_paired": _paired_ratio(runs, "user"),
        "site_dir": site_dir(args),
        "ratio_wall": _ratio(runs, "wall"),
        "added_cpu_ms_per_page": round(1000 * added / pages, 4) if pages else None,
        "goal": "CPU ratio at most 1.03",
    }


def summary(values: list[dict[str, float]]) -> dict[str, dict[str, float]]:
    """Median, min and max of each figure over the rounds."""
    return {
        key: {
            "median": round(statistics.median(r[key] for r in values), 3),
            "min": round(min(r[key] for r in values), 3),
            "max": round(max(r[key] for r in values), 3),
        }
        for key in ("cpu", "user", "sys", "wall", "max_rss_mb")
    }


def _ratio(runs: dict[str, list[dict[str, float]]], key: str) -> float:
    with_, without = (statistics.median(r[key] for r in runs[n]) for n in ("with", "without"))
    return round(with_ / without, 4)


def _paired_ratio(runs: dict[str, list[dict[str, float]]], key: str) -> float:
    """The median of each round's with/without: a round's two builds ran back to back, so
    what the machine's other work does to both mostly cancels."""
    pairs = zip(runs["with"], runs["without"], strict=True)
    return round(statistics.median(with_[key] / without[key] for with_, without in pairs), 4)


def machine() -> dict[str, object]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "mkdocs": _version("mkdocs"),
        "mkdocs-material": _version("mkdocs-material"),
    }


def _version(package: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--theme", default="mkdocs")
    parser.add_argument("--nav", choices=("full", "small"), default="full")
    parser.add_argument("--real-site", choices=sorted(REAL_SITES), default=None)
    parser.add_argument("--profile", type=Path, help="write a cProfile of the hooks here")
    parser.add_argument("--keep", type=Path, help="copy both output trees here")
    parser.add_argument("--out", type=Path, help="the results file (default by site)")
    add_site_dir(parser)
    parser.add_argument(
        "--bytecode",
        choices=("cached", "none"),
        default="cached",
        help="cached (as installed from a wheel) or none (every build compiles the sources)",
    )
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions (needs valgrind)"
    )
    args = parser.parse_args()
    if args.rounds < 3:
        parser.error("--rounds: at least 3")
    if args.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind (apt-get install valgrind)")
    result = run(args)
    name = f"mkdocs_realsite-{args.real_site}.json" if args.real_site else RESULTS.name
    target = args.out or RESULTS.with_name(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "runs"}, indent=2))


if __name__ == "__main__":
    main()
