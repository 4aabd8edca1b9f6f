"""Byte-identical output check for performance work: build the benchmark sites with the plugin,
hash every file written, and compare two such trees.

A speed-up must not change what a build writes. Build the trees with the code before and after
the change (for the code before: a checkout of the old commit installed in its own virtual
environment, whose ``python`` runs this script), then compare:

    OLD/bin/python bench/output_tree.py build /tmp/tree-old
    python bench/output_tree.py build /tmp/tree-new
    python bench/output_tree.py compare /tmp/tree-old /tmp/tree-new

The sites are the benchmarks' own (every funding provider at site, author and page level,
every feed): ``bench/mkdocs_build.py``'s generated site (with mkdocs-rss-plugin) and
``bench/pelican_build.py``'s, smaller; and both real MkDocs sites. Two things differ from one
build to the next whatever the code: the time mkdocs-rss-plugin stamps into its feeds
(``lastBuildDate``, ``pubDate`` of pages without a date), MkDocs' themes into each page
("Build Date UTC") and gzip into the header of ``sitemap.xml.gz``: these are compared without
it. mkdocstrings formats signatures with ruff or black when one is installed: build both trees
in environments that have the same ones.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import mkdocs_build
import pelican_build

# Stamps of the build's own time: mkdocs-rss-plugin's RSS and JSON feed dates, and the
# "Build Date UTC" comment of MkDocs' themes.
_BUILD_TIME = re.compile(
    r"<lastBuildDate>[^<]*</lastBuildDate>|<pubDate>[^<]*</pubDate>"
    r'|"date_(?:published|modified)": "[^"]*"|Build Date UTC : [0-9:. +-]*'
)


def build(target: Path, pages: int) -> None:
    """Every site, built with the plugin, into ``target/<site>``; then ``target/manifest.json``."""
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="flattr-tree-") as temp:
        root = Path(temp)
        _, config = mkdocs_build.generate(root / "generated", pages, "mkdocs", "full")
        sites = [(config, target / "mkdocs-generated")]
        for name in sorted(mkdocs_build.REAL_SITES):
            _, config = mkdocs_build.real_site(root / name, name)
            sites.append((config, target / f"mkdocs-{name}"))
        env = mkdocs_build.build_env(root, "cached")
        for config, site_dir in sites:
            mkdocs_build.build_once(config, site_dir, env)
        pelican = root / "pelican"
        pelican_build.write_site(pelican / "content", pages)
        pelican_build.build(pelican, True)
        subprocess.run(["cp", "-a", str(pelican / "with"), str(target / "pelican")], check=True)
    manifest = {str(p.relative_to(target)): digest(p) for p in sorted(target.rglob("*"))
                if p.is_file() and p.name != "manifest.json"}  # fmt: skip
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")
    print(f"{len(manifest)} files hashed into {target / 'manifest.json'}")


def digest(path: Path) -> str:
    """The file's SHA-256, with the build's own time left out where a build stamps it."""
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)  # its header holds the time it was written
    elif path.suffix in (".xml", ".json", ".html"):
        data = _BUILD_TIME.sub("", data.decode("utf-8")).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def compare(old: Path, new: Path) -> int:
    """0 when both trees hold the same files with the same bytes; else each difference."""
    before = json.loads((old / "manifest.json").read_text("utf-8"))
    after = json.loads((new / "manifest.json").read_text("utf-8"))
    problems = [f"only in {old}: {name}" for name in sorted(set(before) - set(after))]
    problems += [f"only in {new}: {name}" for name in sorted(set(after) - set(before))]
    changed = [name for name in sorted(set(before) & set(after)) if before[name] != after[name]]
    problems += [f"differs: {name}" for name in changed]
    print("\n".join(problems) or f"identical: {len(before)} files")
    return 1 if problems else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    making = commands.add_parser("build")
    making.add_argument("target", type=Path)
    making.add_argument("--pages", type=int, default=300)
    comparing = commands.add_parser("compare")
    comparing.add_argument("old", type=Path)
    comparing.add_argument("new", type=Path)
    args = parser.parse_args()
    if args.command == "build":
        build(args.target, args.pages)
    else:
        sys.exit(compare(args.old, args.new))


if __name__ == "__main__":
    main()
