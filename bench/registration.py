"""Registration throughput: ``registry.sync`` against the sandbox with injected latency.

Measures, in one run and each on a fresh sandbox and store:
  1. the sequential baseline: the same sync, one request at a time (concurrency 1);
  2. the cold sync at the given concurrency (every thing looked up, then created);
  3. the warm sync right after it (nothing changed: the goal is zero requests).

    python bench/registration.py [--things 1000] [--latency 50] [--concurrency 8 16]

Figures go to bench/results/registration.json (quoted in docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from flattr_core.models import Creator, Endpoints, Secret, SyncSummary, Thing
from flattr_core.registration.client import FlattrClient
from flattr_core.registration.store import SQLiteThingStore
from flattr_core.registration.sync import sync
from flattr_sandbox import Faults, Sandbox, SandboxUser

TOKEN = "tok-bench"  # a sandbox token, valid only on this loopback server
RESULTS = Path(__file__).parent / "results" / "registration.json"


def make_things(count: int) -> list[Thing]:
    owner = Creator("alice")
    return [
        Thing(f"https://bench.example/p/{i}/", f"Post {i:05d}", f"About post {i}", owner)
        for i in range(count)
    ]


def run(workdir: Path, things: list[Thing], latency: int, concurrency: int) -> dict[str, object]:
    """A cold sync and the warm sync after it, on a fresh sandbox."""
    users = [SandboxUser("alice", TOKEN)]
    faults = Faults(latency_ms=latency)
    with Sandbox(workdir / "sandbox.sqlite", users=users, faults=faults, rate_limit=10**6) as box:
        endpoints = Endpoints(api_url=box.api_url, web_url=box.url)
        with (
            SQLiteThingStore(workdir / "things.sqlite") as store,
            FlattrClient(endpoints, Secret(TOKEN), pool_size=concurrency) as client,
        ):
            cold = sync(things, client, store, concurrency=concurrency, deadline=3600)
            before = box.requests
            warm = sync(things, client, store, concurrency=concurrency, deadline=3600)
            warm_requests = box.requests - before
            assert len(box.things()) == len(things), "every thing registered exactly once"
    return {"cold": figures(cold), "warm": figures(warm), "warm_server_requests": warm_requests}


def figures(summary: SyncSummary) -> dict[str, object]:
    return {
        "seconds": summary.seconds,
        "requests": summary.requests,
        "created": summary.created,
        "unchanged": summary.unchanged,
        "failed": summary.failed,
        "deferred": summary.deferred,
    }


def machine() -> dict[str, object]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [ln for ln in cpuinfo.read_text().splitlines() if ln.startswith("model name")]
        cpu = models[0].split(":", 1)[1].strip() if models else cpu
    ram = (os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")) / 2**30
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(ram, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--things", type=int, default=1000)
    parser.add_argument("--latency", type=int, default=50, help="ms added to every API request")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 16])
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    things = make_things(args.things)
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for concurrency in [1, *args.concurrency]:
            workdir = Path(tmp) / f"c{concurrency}"
            workdir.mkdir()
            results[f"concurrency_{concurrency}"] = run(workdir, things, args.latency, concurrency)
            print(f"concurrency {concurrency}: {results[f'concurrency_{concurrency}']}", flush=True)
    baseline = results["concurrency_1"]["cold"]["seconds"]  # type: ignore[index]
    speedups = {
        name: round(baseline / value["cold"]["seconds"], 2)  # type: ignore[index]
        for name, value in results.items()
        if name != "concurrency_1"
    }
    report = {
        "benchmark": "registration",
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "command": " ".join(["python", "bench/registration.py", *(argv or sys.argv[1:])]),
        "machine": machine(),
        "parameters": {"things": args.things, "latency_ms": args.latency},
        "runs": results,
        "cold_speedup_vs_sequential": speedups,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report["cold_speedup_vs_sequential"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
