"""Where the build benches put their sites and output: in memory where the machine has a tmpfs.

On a disk, the kernel's time creating a build's files after the last build's were deleted
(ext4's inode allocator passing over inodes freed minutes before) moves by more than the plugin
costs, even between two identical builds (docs/benchmarks.md, Pelican's twelfth pass).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

MEMORY = Path("/dev/shm")


def add_site_dir(parser: argparse.ArgumentParser) -> None:
    """``--site-dir``: where the sites go (default: ``MEMORY`` if there, else the temp dir)."""
    parser.add_argument(
        "--site-dir",
        type=Path,
        default=MEMORY if MEMORY.is_dir() else None,
        help=f"where the sites and their output go (default: {MEMORY} if there, else the temp dir)",
    )


def site_dir(args: argparse.Namespace) -> str:
    """The folder the sites went to, for the results."""
    return str(args.site_dir or tempfile.gettempdir())
