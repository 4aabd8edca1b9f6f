"""The shell commands the docs show: every ``sh``/``bash``/``console`` block of README.md and
docs/*.md, and unlabelled blocks of ``$ ``-prompted lines, as one command per logical line
(continued lines joined, trailing comments dropped; in a console block, the prompted lines).

The tests that run a documented command take its text from here, so what they run is what the
page says (only a port or a temporary path may be put in; see ``verbatim``).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
SHELL = {"sh", "bash", "shell"}
COMMENT = re.compile(r"\s{2,}#.*$|^\s*#.*$")


def page_name(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def commands(page: Path) -> list[str]:
    """Every documented command of one page, in order."""
    found: list[str] = []
    for language, body in FENCE.findall(page.read_text(encoding="utf-8")):
        prompted = language == "console" or (not language and body.startswith("$ "))
        if language in SHELL or prompted:
            found += _logical_lines(body, prompted)
    return found


def every_command() -> list[tuple[str, str]]:
    """(page, command) for every page."""
    return [(page_name(page), command) for page in PAGES for command in commands(page)]


def _logical_lines(body: str, prompted: bool) -> list[str]:
    lines: list[str] = []
    continued = False
    for raw in body.splitlines():
        if prompted and not continued and not raw.startswith("$ "):
            continue  # a command's output
        line = COMMENT.sub("", raw.removeprefix("$ ") if not continued else raw).rstrip()
        if continued:
            lines[-1] += " " + line.strip().removesuffix("\\").rstrip()
        elif line.strip():
            lines.append(line.strip().removesuffix("\\").rstrip())
        continued = line.endswith("\\")
    return lines


def command(page: str, starting: str) -> str:
    """The one command of ``page`` that starts with ``starting``."""
    found = [c for c in commands(ROOT / page) if c.startswith(starting)]
    assert len(found) == 1, f"{page}: {len(found)} commands start with {starting!r}: {found}"
    return found[0]


def verbatim(text: str, **put: str) -> str:
    """``text`` with each ``{old: new}`` of ``put`` replaced exactly once (a port, a path)."""
    for old, new in put.items():
        assert text.count(old) >= 1, f"{old!r} is not in the documented command {text!r}"
        text = text.replace(old, new)
    return text
