"""The sandbox CLI (``flattr sandbox`` / ``python -m flattr_sandbox``): a bad value is a usage
error naming the option, the value and what is allowed (argparse style, exit 2), no traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import flattr_sandbox
from flattr_sandbox import Faults
from flattr_sandbox.cli import main
from tests.flattr_command import FLATTR_CODE

pytestmark = pytest.mark.timeout(60)  # a value taken by mistake would serve until killed
SHARED = str(Path(flattr_sandbox.__file__).resolve().parents[1])  # the package under test
FREE = "(0: any free port)"
BAD_VALUES = {
    "port negative": ("--port", "-1", "an integer from 0 to 65535 " + FREE),
    "port too big": ("--port", "70000", "an integer from 0 to 65535 " + FREE),
    "port not a number": ("--port", "http", "an integer from 0 to 65535 " + FREE),
    "rate limit zero": ("--rate-limit", "0", "a positive integer (requests per hour)"),
    "rate limit negative": ("--rate-limit", "-5", "a positive integer (requests per hour)"),
    "latency negative": ("--latency", "-5", "an integer from 0 to 600000 (ms)"),
    "latency past waits": ("--latency", "99999999999999", "an integer from 0 to 600000 (ms)"),
    "hang negative": ("--hang-seconds", "-1", "a number from 0 to 3600 (seconds)"),
    "hang NaN": ("--hang-seconds", "nan", "a number from 0 to 3600 (seconds)"),
    "hang infinite": ("--hang-seconds", "inf", "a number from 0 to 3600 (seconds)"),
    "fail rate over 1": ("--fail-rate", "1.5", "a probability from 0 to 1"),
    "timeout rate negative": ("--timeout-rate", "-0.1", "a probability from 0 to 1"),
    "malformed rate NaN": ("--malformed-rate", "nan", "a probability from 0 to 1"),
    "fail rate a word": ("--fail-rate", "often", "a probability from 0 to 1"),
    "seed a fraction": ("--seed", "1.5", "an integer"),
}


def usage_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """Run the CLI in-process; assert the argparse exit and return its last stderr line."""
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: flattr sandbox")
    assert "Traceback" not in err
    return err.rstrip("\n").splitlines()[-1]


@pytest.mark.parametrize(("option", "value", "allowed"), BAD_VALUES.values(), ids=BAD_VALUES)
def test_a_bad_number_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: str, value: str, allowed: str
) -> None:
    line = usage_error(capsys, ["--db", str(tmp_path / "db"), option, value])
    expected = f"argument {option}: {value!r} is not allowed; expected {allowed}"
    assert line == f"flattr sandbox: error: {expected}"
    assert not (tmp_path / "db").exists()


def test_a_database_that_cannot_be_opened(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = str(tmp_path / "no" / "such" / "dir" / "db")
    line = usage_error(capsys, ["--db", missing])
    assert line.startswith(
        f"flattr sandbox: error: argument --db: cannot use {missing!r} as a SQLite"
    )
    (tmp_path / "notes.db").write_text("not a database\n" * 100)
    line = usage_error(capsys, ["--db", str(tmp_path / "notes.db")])
    assert line.endswith("as a SQLite database: file is not a database")


def test_a_port_in_use(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = usage_error(capsys, ["--db", str(tmp_path / "db"), "--port", str(port)])
    assert line.startswith(
        f"flattr sandbox: error: argument --host/--port: cannot listen on 127.0.0.1:{port}"
    )
    assert "Address already in use" in line


def test_good_edges_are_accepted() -> None:
    edges = Faults(latency_ms=600_000, hang_seconds=3600, fail_rate=1.0, fail_status=599)
    assert (edges.latency_ms, edges.hang_seconds) == (600_000, 3600)
    with pytest.raises(
        ValueError, match=r"Faults.hang_seconds: nan is not allowed; expected 0.0 to 3600.0"
    ):
        Faults(hang_seconds=float("nan"))
    with pytest.raises(
        ValueError, match=r"Faults.latency_ms: -1 is not allowed; expected 0 to 600000"
    ):
        Faults(latency_ms=-1)


@pytest.mark.parametrize(
    "command",
    [
        ["-m", "flattr_sandbox"],
        ["-c", FLATTR_CODE, "sandbox"],
    ],
    ids=["python -m flattr_sandbox", "flattr sandbox"],
)
def test_both_entry_points_print_one_clean_error(tmp_path: Path, command: list[str]) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([SHARED, os.environ.get("PYTHONPATH", "")])}
    argv = [sys.executable, *command, "--db", str(tmp_path / "db"), "--port", "-1"]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("usage: flattr sandbox")
    assert done.stderr.endswith(
        "flattr sandbox: error: argument --port: '-1' is not allowed; "
        "expected an integer from 0 to 65535 (0: any free port)\n"
    )
