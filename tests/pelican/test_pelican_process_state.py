"""Pelican's logging in a process that runs other suites too (tests/process_state.py).

Importing Pelican (this suite's conftest did) makes every logger made afterwards a Pelican
logger: one shared LimitFilter drops any message it has let through once in the process.
"""

from __future__ import annotations

import logging

import pytest
from pelican.log import LimitLogger

from tests.process_state import fresh_pelican_filter, without_pelican_filter

WORDS = "the same words, twice"


def _said(caplog: pytest.LogCaptureFixture, name: str) -> int:
    return sum(1 for record in caplog.records if record.name == name)


def test_outside_pelicans_tests_a_repeated_message_is_logged_each_time(
    caplog: pytest.LogCaptureFixture,
) -> None:
    existing = logging.getLogger("flattr.tests.made-before")
    assert LimitLogger.limit_filter in existing.filters  # a Pelican logger
    with without_pelican_filter():
        made = logging.getLogger("flattr.tests.made-inside")
        for logger in (existing, made, existing, made):
            logger.warning(WORDS)
    assert (_said(caplog, existing.name), _said(caplog, made.name)) == (2, 2)
    assert LimitLogger.limit_filter in existing.filters  # as it was, after


def test_pelicans_filter_starts_each_test_fresh_and_keeps_what_it_saw_before(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger("flattr.tests.pelican")
    logger.warning(WORDS)
    logger.warning(WORDS)
    assert _said(caplog, logger.name) == 1  # Pelican's own behaviour, kept in its tests
    with fresh_pelican_filter():
        logger.warning(WORDS)
    assert _said(caplog, logger.name) == 2
    logger.warning(WORDS)
    assert _said(caplog, logger.name) == 2  # the memory from before the fresh one is back
