"""How much the Flattr plugin adds to `mkdocs build` on a generated 2,000-page site.

Both builds run the real `mkdocs build` command (a fresh process each), on the same pages,
in the same session, interleaved (A B, B A, A B, ...) so drift hits both alike. The plugin
runs with ``register: never``: this measures markup, head links and the manifest, not the
network. Results go to bench/results/mkdocs_build.json; docs/benchmarks.md quotes them.

``--real-site material`` or ``--real-site mkdocs`` measures one of the real third-party sites
vendored for the tests (tests/mkdocs/realsites) instead, as its owners configured it, with the
plugin added; results go to bench/results/mkdocs_realsite-NAME.json.

    python bench/mkdocs_build.py [--pages 2000] [--rounds 5] [--theme mkdocs]
    python bench/mkdocs_build.py --real-site material [--rounds 7]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import yaml

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
    """A realistic page: front matter, headings, paragraphs, a list, a code block."""
    words = [WORDS[(number * 7 + i) % len(WORDS)] for i in range(60)]
    paragraph = " ".join(words).capitalize() + "."
    return (
        f"---\ntags: [{WORDS[number % 12]}, {WORDS[(number + 3) % 12]}]\n---\n"
        f"# Page {number}: {words[0]} {words[1]}\n\n{paragraph}\n\n"
        f"## Details\n\n{paragraph}\n\n- one {words[2]}\n- two {words[3]}\n\n"
        f"```python\ndef page_{number}():\n    return {number}\n```\n\n{paragraph}\n"
    )


def generate(root: Path, pages: int, theme: str) -> tuple[Path, Path]:
    """The docs folder and two config files that differ only in the flattr plugin."""
    for number in range(pages):
        path = root / "docs" / f"section-{number // 100:02d}" / f"page-{number:04d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page_text(number), encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Benchmark site\n\nHome.\n", encoding="utf-8")
    base = {"site_name": "Bench", "site_url": "https://bench.example.org/", "theme": theme}
    flattr = {"username": "bench_owner", "tags": ["bench"], "register": "never"}
    plain, with_flattr = root / "plain.yml", root / "flattr.yml"
    for path, plugins in ((plain, ["search"]), (with_flattr, ["search", {"flattr": flattr}])):
        config = {**base, "docs_dir": "docs", "plugins": plugins}
        path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return plain, with_flattr


def real_site(root: Path, name: str) -> tuple[Path, Path]:
    """A copy of a vendored real site: its own mkdocs.yml, and flattr.yml with the plugin added."""
    shutil.copytree(REALSITES / name, root, dirs_exist_ok=True)
    after, username, _ = REAL_SITES[name]
    plain, with_flattr = root / "mkdocs.yml", root / "flattr.yml"
    source = plain.read_text(encoding="utf-8")
    assert source.count(after + "\n") == 1, after
    block = f"  - flattr:\n      username: {username}\n      register: never\n"
    with_flattr.write_text(source.replace(after + "\n", after + "\n" + block), encoding="utf-8")
    return plain, with_flattr


def build_seconds(config: Path, site_dir: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one `mkdocs build` process.

    CPU time is the figure compared: it is what the plugin costs, and unlike wall time it barely
    moves when other work shares the machine.
    """
    command = [
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
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=config.parent)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command)
    return wall, usage.ru_utime + usage.ru_stime


HOOK_SHARE = """
import json, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs_flattr.plugin import FlattrPlugin

spent = [0.0]
def timed(method):
    def run(*args, **kwargs):
        started = time.process_time()
        try:
            return method(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - started
    return run
for name in [n for n in vars(FlattrPlugin) if n.startswith("on_") or n == "load_config"]:
    setattr(FlattrPlugin, name, timed(getattr(FlattrPlugin, name)))
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="build", dirty=False)
started = time.process_time()
build(config)
print(json.dumps({"build_cpu": time.process_time() - started, "hooks_cpu": spent[0]}))
"""


def hook_share(config: Path, site_dir: Path) -> dict[str, float]:
    """One build in one process: CPU time inside the plugin's hooks against the whole build.

    Both figures come from the same process at the same moment, so a busy machine slows them
    alike: the share is the steadiest measure of what the plugin adds.
    """
    command = [sys.executable, "-c", HOOK_SHARE, str(config), str(site_dir)]
    result = subprocess.run(command, check=True, capture_output=True, text=True, cwd=config.parent)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    share = figures["hooks_cpu"] / figures["build_cpu"]
    return {**{k: round(v, 3) for k, v in figures.items()}, "share": round(share, 4)}


def run(pages: int, rounds: int, theme: str, site: str | None) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="flattr-bench-") as temp:
        root = Path(temp)
        plain, with_flattr = real_site(root, site) if site else generate(root, pages, theme)
        build_seconds(plain, root / "warm")  # warm the file cache and bytecode once
        cpu, wall = alternate(plain, with_flattr, root, rounds)
        page = REAL_SITES[site][2] if site else "section-00/page-0001/index.html"
        check_output(root / "site-with", root / "site-without", page)
        hooks = hook_share(with_flattr, root / "site-hooks")
        print(f"hooks: {hooks}", flush=True)
    return {**report(pages, rounds, theme, cpu, wall, site), "in_process": hooks}


def alternate(
    plain: Path, with_flattr: Path, root: Path, rounds: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """CPU and wall seconds of each build, the two configurations taking turns (A B, B A, ...)."""
    wall: dict[str, list[float]] = {"without": [], "with": []}
    cpu: dict[str, list[float]] = {"without": [], "with": []}
    for number in range(rounds):
        order = [("without", plain), ("with", with_flattr)]
        for name, config in order if number % 2 == 0 else reversed(order):
            seconds, cpu_seconds = build_seconds(config, root / f"site-{name}")
            wall[name].append(seconds)
            cpu[name].append(cpu_seconds)
        print(f"round {number + 1}: cpu without {cpu['without'][-1]:.2f} s, "
              f"with {cpu['with'][-1]:.2f} s", flush=True)  # fmt: skip
    return cpu, wall


def check_output(with_dir: Path, without_dir: Path, page: str) -> None:
    """The comparison is only fair if the plugin really worked: a page has its button."""
    html = (with_dir / page).read_text(encoding="utf-8")
    buttons = html.count("flattr-button flattr-button--")  # minify_html keeps these quotes
    assert buttons == 1, f"{buttons} buttons on a page instead of 1"
    assert "flattr-button" not in (without_dir / page).read_text(encoding="utf-8")


def report(
    pages: int,
    rounds: int,
    theme: str,
    cpu: dict[str, list[float]],
    wall: dict[str, list[float]],
    site: str | None,
) -> dict[str, object]:
    what = f"the real site {site!r} (tests/mkdocs/realsites)" if site else "generated site"
    files = "{mkdocs,flattr}.yml" if site else "{plain,flattr}.yml"
    return {
        "benchmark": f"mkdocs build, {what}, with the flattr plugin against without",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "command": f"python -m mkdocs build -q -f {files} (fresh process per build)",
        "pages": None if site else pages,
        "theme": "the site's own" if site else theme,
        "rounds": rounds,
        "cpu_seconds": _rounded(cpu),
        "wall_seconds": _rounded(wall),
        "median_cpu_seconds": _medians(cpu),
        "median_wall_seconds": _medians(wall),
        "ratio_cpu": _ratio(cpu),
        "ratio_wall": _ratio(wall),
        "goal": "ratio under 1.05",
    }


def _rounded(times: dict[str, list[float]]) -> dict[str, list[float]]:
    return {name: [round(t, 3) for t in values] for name, values in times.items()}


def _medians(times: dict[str, list[float]]) -> dict[str, float]:
    return {name: round(statistics.median(values), 3) for name, values in times.items()}


def _ratio(times: dict[str, list[float]]) -> float:
    return round(statistics.median(times["with"]) / statistics.median(times["without"]), 4)


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
    parser.add_argument("--real-site", choices=sorted(REAL_SITES), default=None)
    args = parser.parse_args()
    if args.rounds < 3:
        parser.error("--rounds: at least 3")
    result = run(args.pages, args.rounds, args.theme, args.real_site)
    name = f"mkdocs_realsite-{args.real_site}.json" if args.real_site else RESULTS.name
    target = RESULTS.with_name(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print("cpu", result["median_cpu_seconds"], "ratio", result["ratio_cpu"])
    print("wall", result["median_wall_seconds"], "ratio", result["ratio_wall"])


if __name__ == "__main__":
    main()
