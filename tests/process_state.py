"""What one test changes in the process, put back before the next test of any suite sees it.

The suites run together in one process (plain ``pytest`` does), and the hosts keep state per
process. Importing Pelican makes every logger created from then on a Pelican logger, and all
of them share one ``LimitFilter`` whose memory is kept in class attributes: it drops any
message it has let through once in the process and, after five of a group, logs only the
group's summary. So an MkDocs build that logs what an earlier test logged loses the message,
and a Pelican build loses what an earlier Pelican build said. A build may also add handlers,
change levels, set environment variables or change the working directory.

``logging_restored``, ``environment_restored``: every logger's level, handlers and filters, the
logger class, ``os.environ``, the working directory and ``sys.path``, as they were.
``without_pelican_filter``: logging as a process that never imported Pelican has it.
``fresh_pelican_filter``: Pelican's filter as a new ``pelican`` process starts with it.
"""

from __future__ import annotations

import logging
import os
import sys
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class _LoggerState:
    level: int
    propagate: bool
    disabled: bool
    handlers: tuple[logging.Handler, ...]
    filters: tuple[Any, ...]

    @classmethod
    def of(cls, logger: logging.Logger) -> _LoggerState:
        return cls(
            logger.level,
            logger.propagate,
            logger.disabled,
            tuple(logger.handlers),
            tuple(logger.filters),
        )

    def put_back(self, logger: logging.Logger) -> None:
        logger.setLevel(self.level)  # also empties the loggers' cached levels
        logger.propagate, logger.disabled = self.propagate, self.disabled
        logger.handlers[:] = self.handlers
        logger.filters[:] = self.filters


def loggers() -> list[logging.Logger]:
    """The root logger and every logger made so far (not the placeholders of dotted names)."""
    made = logging.root.manager.loggerDict.values()
    return [logging.root, *(logger for logger in made if isinstance(logger, logging.Logger))]


@contextmanager
def logging_restored() -> Iterator[None]:
    """The loggers that exist now, the logger class and ``logging.disable`` as they are now.

    Loggers made inside are left as their modules set them up: they belong to a module
    imported for the first time, which would not set them up again.
    """
    states = {logger: _LoggerState.of(logger) for logger in loggers()}
    logger_class, disabled = logging.getLoggerClass(), logging.root.manager.disable
    try:
        yield
    finally:
        for logger, state in states.items():
            state.put_back(logger)
        logging.setLoggerClass(logger_class)
        logging.disable(disabled)


@contextmanager
def environment_restored() -> Iterator[None]:
    """``os.environ``, the working directory and ``sys.path`` as they are now."""
    environ, cwd, path = dict(os.environ), os.getcwd(), list(sys.path)
    try:
        yield
    finally:
        if dict(os.environ) != environ:
            os.environ.clear()
            os.environ.update(environ)
        if os.getcwd() != cwd:
            os.chdir(cwd)
        sys.path[:] = path


@contextmanager
def without_pelican_filter() -> Iterator[None]:
    """No logger filters through Pelican's ``LimitFilter``, and a logger made now is a plain
    ``logging.Logger``: as in a process that never imported Pelican."""
    log = sys.modules.get("pelican.log")
    if log is None:
        yield
        return
    limit = log.LimitLogger.limit_filter
    filtered = [logger for logger in loggers() if limit in logger.filters]
    logger_class = logging.getLoggerClass()
    for logger in filtered:
        logger.removeFilter(limit)
    logging.setLoggerClass(logging.Logger)
    try:
        yield
    finally:
        logging.setLoggerClass(logger_class)
        for logger in filtered:
            logger.addFilter(limit)


_LIMIT_STATE = ("_ignore", "_raised_messages", "_group_count", "_threshold", "LOGS_DEDUP_MIN_LEVEL")


@contextmanager
def fresh_pelican_filter() -> Iterator[None]:
    """Pelican's ``LimitFilter`` has seen no message yet and ignores nothing; its thresholds
    and ``FatalLogger``'s level (``--fatal``) are put back after."""
    log = sys.modules.get("pelican.log")
    if log is None:
        yield
        return
    limit, fatal = log.LimitFilter, log.FatalLogger
    saved = {name: getattr(limit, name) for name in _LIMIT_STATE}
    fatal_level = fatal.fatal_lvl
    limit._ignore, limit._raised_messages, limit._group_count = set(), set(), defaultdict(int)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(limit, name, value)
        fatal.fatal_lvl = fatal_level
