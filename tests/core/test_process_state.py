"""What tests/conftest.py puts back after every test (tests/process_state.py)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from tests.process_state import environment_restored, logging_restored


def test_the_environment_the_working_directory_and_sys_path_are_put_back(
    tmp_path: Path,
) -> None:
    before = dict(os.environ), os.getcwd(), list(sys.path)
    with environment_restored():
        os.environ["FLATTR_TEST_LEFT_BEHIND"] = "1"
        del os.environ["PATH"]
        os.chdir(tmp_path)
        sys.path.insert(0, str(tmp_path))
    assert (dict(os.environ), os.getcwd(), list(sys.path)) == before


class _Other(logging.Logger):
    pass


def test_loggers_and_the_logger_class_are_put_back() -> None:
    logger = logging.getLogger("flattr.tests.process_state")
    root = logging.getLogger()
    handler, keep_out = logging.NullHandler(), logging.Filter("nothing")
    before = logger.level, logger.propagate, list(root.filters), logging.getLoggerClass()
    with logging_restored():
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        logger.addHandler(handler)
        root.addFilter(keep_out)
        logging.setLoggerClass(_Other)
        logging.disable(logging.CRITICAL)
    assert (logger.level, logger.propagate, list(root.filters), logging.getLoggerClass()) == before
    assert handler not in logger.handlers
    assert logging.root.manager.disable == logging.NOTSET
