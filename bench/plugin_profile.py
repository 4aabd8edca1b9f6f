"""What the plugin still costs in a cProfile of a whole build: a Markdown table for
docs/benchmarks.md.

The plugin's time is the inclusive time of its code where the host calls it (signal
receivers, hooks, the wrapped template and feed writers), less the host's own work its
wrappers call on (``WRAPPED``: the template's render, the feed writer's own elements): what
the host does for the plugin alone (an article's URL, a summary it reads) is counted. A
profile of the hooks alone (bench/mkdocs_build.py --profile) is the plugin's time whole. The
rows: where the host calls the plugin, then the plugin's functions and the library functions
it calls, by the time they take when the plugin calls them.

    python bench/plugin_profile.py PROFILE [--build-cpu SECONDS] [--rows 15]
"""

from __future__ import annotations

import argparse
import pstats
from pathlib import Path

Key = tuple[str, int, str]
PLUGIN = ("/flattr_core/", "/pelican_flattr/", "/mkdocs_flattr/")
HOST = ("/pelican/", "/mkdocs/", "/feedgenerator/", "/blinker/", "/jinja2/", ".html")
# The host's own work that the plugin's wrappers call: the template's render, the feed
# writer's own elements, Pelican's memoized get_content/get_summary (pelican.utils.memoized).
WRAPPED = {
    ("/jinja2/", "render"),
    ("/pelican/", "get_template"),
    ("/feedgenerator/", "add_item_elements"),
    ("/feedgenerator/", "add_root_elements"),
    ("/feedgenerator/", "rss_attributes"),
    ("/pelican/utils.py", "__call__"),
}


def is_plugin(key: Key) -> bool:
    return any(part in key[0] for part in PLUGIN)


def is_host(key: Key) -> bool:
    """The host's code; ``<string>`` ``run``: bench/mkdocs_build.py's timing wrapper of hooks."""
    if key[0] == "<string>":
        return key[2] == "run"
    return any(part in key[0] for part in HOST) and not is_plugin(key)


def is_wrapped(key: Key) -> bool:
    return any(part in key[0] and key[2] == name for part, name in WRAPPED)


def from_plugin(stats: dict[Key, tuple], key: Key) -> tuple[int, float, float]:
    """Calls, own and inclusive seconds of ``key`` when plugin code called it."""
    calls = own = inclusive = 0.0
    for caller, (_, n, tt, ct) in stats[key][4].items():
        if is_plugin(caller):
            calls, own, inclusive = calls + n, own + tt, inclusive + ct
    return int(calls), own, inclusive


def hooks_only(stats: dict[Key, tuple]) -> bool:
    """A profile of the plugin's hooks alone (bench/mkdocs_build.py --profile turns the
    profiler on inside each hook): the hooks are called by nothing it saw."""
    return any(is_plugin(key) and not value[4] for key, value in stats.items())


def plugin_total(stats: dict[Key, tuple]) -> float:
    """Inclusive time of plugin code called by the host, less host code the plugin called
    (a profile of the hooks alone: all of it)."""
    if hooks_only(stats):
        return float(sum(value[2] for value in stats.values()))
    entered = sum(
        ct
        for key, value in stats.items()
        if is_plugin(key)
        for caller, (_, _, _, ct) in value[4].items()
        if is_host(caller)
    )
    called_back = sum(from_plugin(stats, key)[2] for key in stats if is_wrapped(key))
    return entered - called_back


def entries(stats: dict[Key, tuple]) -> list[tuple[str, int, float]]:
    """(name, calls, seconds) of each place the host calls the plugin, less the host's own
    work its wrapper calls on (the table's rows add up to the plugin's time)."""
    found = []
    for key, value in stats.items():
        if hooks_only(stats):  # its roots: the hooks (or what they call first)
            if not value[4] and is_plugin(key):
                found.append((_name(key), value[1], value[3]))
            continue
        if not is_plugin(key):
            continue
        calls = sum(c[1] for caller, c in value[4].items() if is_host(caller))
        entered = sum(c[3] for caller, c in value[4].items() if is_host(caller))
        wrapped = sum(
            c[3]
            for callee, callee_value in stats.items()
            if is_wrapped(callee)
            for caller, c in callee_value[4].items()
            if caller == key
        )
        if calls:
            found.append((_name(key), calls, entered - wrapped))
    return sorted(found, key=lambda row: -row[2])


def rows(stats: dict[Key, tuple], count: int) -> list[tuple[str, int, float, float]]:
    """(name, calls, own, inclusive): plugin functions as a whole, others as called by it."""
    found = []
    for key, (_, calls, own, inclusive, _) in stats.items():
        if is_plugin(key) or hooks_only(stats):
            found.append((_name(key), calls, own, inclusive))
        elif not is_wrapped(key):
            n, tt, ct = from_plugin(stats, key)
            if n:
                found.append((_name(key), n, tt, ct))
    return sorted(found, key=lambda row: -row[2])[:count]


def _name(key: Key) -> str:
    path, line, function = key
    if path == "~":
        return function.strip("<>")
    parts = Path(path).with_suffix("").parts
    tail = parts[parts.index("site-packages") + 1 :] if "site-packages" in parts else parts[-2:]
    return f"{'.'.join(tail)}:{line} {function}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("profile", type=Path)
    parser.add_argument("--build-cpu", type=float, help="the profiled build's CPU seconds")
    parser.add_argument("--rows", type=int, default=15)
    args = parser.parse_args()
    stats = pstats.Stats(str(args.profile)).stats  # type: ignore[attr-defined]
    total = plugin_total(stats)
    if args.build_cpu or not hooks_only(stats):
        build = args.build_cpu or max(value[3] for value in stats.values())
        print(f"plugin: {total:.3f} s of {build:.3f} s profiled ({100 * total / build:.1f} %)\n")
    else:
        print(f"plugin: {total:.3f} s (a profile of the hooks alone)\n")
    print("| where the host calls the plugin | calls | seconds | share of plugin |")
    print("|---|---|---|---|")
    for name, calls, seconds in entries(stats):
        if seconds >= 0.001:
            print(f"| `{name}` | {calls:,} | {seconds:.3f} | {100 * seconds / total:.1f} % |")
    print()
    print("| function | calls | own s | inclusive s | own, share of plugin |")
    print("|---|---|---|---|---|")
    for name, calls, own, inclusive in rows(stats, args.rows):
        share = 100 * own / total if total else 0.0
        print(f"| `{name}` | {calls:,} | {own:.3f} | {inclusive:.3f} | {share:.1f} % |")


if __name__ == "__main__":
    main()
