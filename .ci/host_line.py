"""Check that installing the package kept the tox env's host line: it upgraded nothing.

Usage: python .ci/host_line.py wagtail=6.3 django=4.2 [django-tasks=0.6]

Each distribution's installed version must be the given one or a release of it (6.3 admits
6.3.8, not 6.4). The `wagtail` extra must admit every line the README lists, so pip keeps the
versions the env's deps installed instead of upgrading the host behind its owner's back.
"""

from __future__ import annotations

import sys
from importlib.metadata import version


def main(wanted: list[str]) -> int:
    wrong = []
    for pair in wanted:
        name, _, line = pair.partition("=")
        got = version(name)
        if got != line and not got.startswith(line + "."):
            wrong.append(f"{name} {got} (the env pins {line})")
        print(f"host_line: {name} {got}")
    if wrong:
        print(f"host_line: the install changed the host: {', '.join(wrong)}", file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(" ".join(sys.argv[1:]).split()))  # one argument or several
