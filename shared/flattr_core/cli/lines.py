"""The doctor's output: one line per check, ``ok``, ``note`` or ``PROBLEM``, problems counted."""

from __future__ import annotations

from typing import TextIO

from ..errors import ConfigError


class Report:
    """Writes each finding as it is made, a whole line at a time (``out`` may be Django's
    OutputWrapper, which ends each write with a newline of its own unless it has one);
    ``problems`` becomes the exit code."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.problems = 0

    def ok(self, text: str) -> None:
        self.out.write(f"ok       {text}\n")

    def note(self, text: str) -> None:
        self.out.write(f"note     {text}\n")

    def problem(self, text: str) -> None:
        self.problems += 1
        self.out.write(f"PROBLEM  {text}\n")

    def config_error(self, error: ConfigError) -> None:
        for problem in error.problems:
            self.problem(f"{error.source}: {problem}")
