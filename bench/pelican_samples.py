"""Build-time ratio of the Flattr plugin on a real third-party site: Pelican's own samples/.

The site is the ``samples/`` folder of the installed Pelican's sdist (its own
``pelican.conf.py``, ``RELATIVE_URLS`` and all) with the Flex theme vendored in
``tests/pelican/themes``, as ``tests/pelican/test_pelican_samples.py`` builds it. Each build
runs in a fresh interpreter; with and without the plugin alternate (A B, B A, ...) for
``--rounds`` rounds after one warm-up build of each; the figure is the ratio of the median
CPU times of ``Pelican(settings).run()`` (the child's own process time, imports excluded).
Registration is off (``register: never``). Results go to bench/results/pelican_samples.json.

    python bench/pelican_samples.py [--rounds 15] [--sdist PATH]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "pelican_samples.json"
FLEX = ROOT / "tests" / "pelican" / "themes" / "Flex"
FLATTR = {"username": "alice", "flattr_id": "abc123", "register": "never"}

CHILD = """
import json, sys, time
from pelican import Pelican
from pelican.settings import read_settings
settings = read_settings(sys.argv[1], override=json.loads(sys.argv[2]))
started, cpu = time.perf_counter(), time.process_time()
Pelican(settings=settings).run()
print(json.dumps({"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu}))
"""


def samples(tmp: Path, sdist: Path | None) -> Path:
    """``samples/`` of the installed Pelican's sdist (downloaded unless ``sdist`` is given)."""
    release = version("pelican")
    if sdist is None:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
        subprocess.run([*command, "-d", str(tmp), f"pelican=={release}"], check=True)
        sdist = tmp / f"pelican-{release}.tar.gz"
    prefix = f"pelican-{release}/samples/"
    with tarfile.open(sdist) as archive:
        members = [m for m in archive.getmembers() if m.name.startswith(prefix)]
        archive.extractall(tmp, members=members, filter="data")
    return tmp / prefix


def build(site: Path, tmp: Path, plugin: bool) -> dict[str, float]:
    name = "with" if plugin else "without"
    overrides = {
        "PATH": str(site / "content"),
        "OUTPUT_PATH": str(tmp / name),
        "CACHE_PATH": str(tmp / f"cache-{name}"),
        "THEME": str(FLEX),
        "DELETE_OUTPUT_DIRECTORY": True,
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "PLUGINS": ["pelican.plugins.flattr"] if plugin else [],
        "FLATTR": FLATTR,
    }
    env = {**os.environ, "FLATTR_CONFIG_DIR": str(tmp / "flattr-config")}
    env.pop("FLATTR_TOKEN", None)
    # Bytecode cached as an installed wheel's is (as bench/pelican_build.py does): with
    # PYTHONDONTWRITEBYTECODE every build compiled the plugin's sources again inside the
    # timed Pelican(settings), while Pelican itself loaded pip's bytecode
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    command = [sys.executable, "-c", CHILD, str(site / "pelican.conf.py"), json.dumps(overrides)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env, cwd=tmp)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def check(tmp: Path) -> None:
    """The 'with' build did the work, the other did not."""
    assert "flattr-button" in (tmp / "with" / "article-1.html").read_text("utf-8")
    assert 'rel="payment"' in (tmp / "with" / "feeds" / "all.rss.xml").read_text("utf-8")
    assert "flattr-button" not in (tmp / "without" / "article-1.html").read_text("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--sdist", type=Path, help="a Pelican sdist; else pip downloads it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="flattr-pelican-samples-") as name:
        tmp = Path(name)
        site = samples(tmp, args.sdist)
        build(site, tmp, True), build(site, tmp, False)  # warm-up: file system caches
        times: dict[str, list[dict[str, float]]] = {"with": [], "without": []}
        for round_ in range(args.rounds):
            for plugin in (True, False) if round_ % 2 == 0 else (False, True):
                times["with" if plugin else "without"].append(build(site, tmp, plugin))
        check(tmp)
    report(args, times)


def report(args: argparse.Namespace, times: dict[str, list[dict[str, float]]]) -> None:
    medians = {
        f"{name} {kind}": round(statistics.median(run[kind] for run in runs), 4)
        for name, runs in times.items()
        for kind in ("seconds", "cpu")
    }
    result = {
        "benchmark": "pelican_samples",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": f"python bench/pelican_samples.py --rounds {args.rounds}"
        + (f" --sdist {args.sdist}" if args.sdist else ""),
        "machine": f"{platform.platform()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "pelican": version("pelican"),
        "site": "Pelican's samples/ with the Flex theme",
        "rounds": args.rounds,
        "load_average_at_end": os.getloadavg()[0],
        "runs": times,
        "medians": medians,
        "cpu_ratio": round(medians["with cpu"] / medians["without cpu"], 4),
        "wall_ratio": round(medians["with seconds"] / medians["without seconds"], 4),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "runs"}, indent=2))


if __name__ == "__main__":
    main()
