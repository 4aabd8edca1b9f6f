"""The numbers ``flattr sync`` takes, checked by argparse: a bad one is a usage error (exit 2)
naming the option, the value and what is allowed, before any store or connection is opened.
``float()`` reads ``nan`` and ``inf`` too; neither is a number of seconds."""

from __future__ import annotations

import argparse
from typing import TypeVar

_N = TypeVar("_N", int, float)
MAX_CONCURRENCY = 64  # threads and pooled connections; Flattr's hourly quota is the real bound
MAX_SECONDS = 86_400.0  # a day; longer waits overflow, and the hourly quota has long reset


def concurrency(text: str) -> int:
    """A whole number of parallel requests, 1 to MAX_CONCURRENCY."""
    allowed = f"a whole number from 1 to {MAX_CONCURRENCY}"
    try:
        value = int(text)
    except ValueError:
        value = 0
    return _within(text, value, 1 <= value <= MAX_CONCURRENCY, allowed)


def seconds(text: str) -> float:
    """A number of seconds above 0, at most a day (never nan or inf)."""
    allowed = f"a number of seconds above 0 and at most {MAX_SECONDS:.0f}"
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    return _within(text, value, 0 < value <= MAX_SECONDS, allowed)  # False for nan


def _within(text: str, value: _N, valid: bool, allowed: str) -> _N:
    if not valid:
        raise argparse.ArgumentTypeError(f"{text!r} is not allowed; expected {allowed}")
    return value
