"""Contract: malformed HTTP gets a 4xx in Flattr's error shape, never silence or a traceback.

Each bad request is written to a raw socket as it is; the answer must be a status line, the
JSON error body of reference §1.5 (``invalid_request``) and ``Connection: close``, and nothing
may reach stderr or the error log (http.server prints tracebacks to stderr; the sandbox logs).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sandbox_http import Answer, assert_quiet, parse_answer, send_raw

import flattr_sandbox
from flattr_sandbox import Sandbox

SHARED = str(Path(flattr_sandbox.__file__).resolve().parents[1])  # the package under test
HOST = b"Host: 127.0.0.1\r\n"
CREATE = b"POST /rest/v2/things HTTP/1.1\r\n" + HOST + b"Authorization: Bearer tok-alice\r\n"
JSON_THING = b'{"url": "https://chunked.example/"}'

MALFORMED = {
    "garbage": (b"GARBAGE\r\n\r\n", 400, "Bad request line 'GARBAGE'"),
    "unknown version": (b"GET / HTTP/9.9\r\n\r\n", 400, "HTTP version 'HTTP/9.9'"),
    "HTTP/2 as text": (b"GET / HTTP/2.0\r\n\r\n", 400, "expected HTTP/1.1 or HTTP/1.0"),
    "not HTTP": (b"GET / SPDY/3\r\n\r\n", 400, "HTTP version 'SPDY/3'"),
    "HTTP/0.9": (b"GET /rest/v2/categories\r\n\r\n", 400, "expected METHOD /path HTTP/1.1"),
    "request line of 70 KB": (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414, "65536"),
    "header line of 70 KB": (b"GET / HTTP/1.1\r\nX: " + b"a" * 70_000 + b"\r\n\r\n", 431, "header"),
    "too many headers": (b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 101 + b"\r\n", 431, "100 headers"),
    "method no token": (b"G@T / HTTP/1.1\r\n\r\n", 400, "Method 'G@T' is not a token"),
    "unknown method": (b"BREW /rest/v2/categories HTTP/1.1\r\n\r\n", 405, "'BREW' is not allowed"),
    "lower-case method": (b"get / HTTP/1.1\r\n\r\n", 405, "(case-sensitive)"),
    "control character": (b"GET /a\x01b HTTP/1.1\r\n\r\n", 400, "control characters"),
    "bad IPv6 target": (b"GET http://[::1/rest/v2/user HTTP/1.1\r\n\r\n", 400, "is not a URL"),
    "odd target": (b"GET rest/v2/user HTTP/1.1\r\n\r\n", 400, "expected /path or http://host/"),
    "length not a number": (CREATE + b"Content-Length: abc\r\n\r\n", 400, "Content-Length 'abc'"),
    "length in other digits": (CREATE + b"Content-Length: \xb2\r\n\r\n", 400, "Content-Length"),
    "two lengths": (CREATE + b"Content-Length: 5\r\nContent-Length: 6\r\n\r\n", 400, "'5, 6'"),
    "too long body": (CREATE + b"Content-Length: 2000000\r\n\r\n", 413, "over the limit"),
    "length and chunked": (
        CREATE + b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        400,
        "send one of them",
    ),
    "unknown coding": (CREATE + b"Transfer-Encoding: gzip\r\n\r\n", 400, "only chunked"),
    "bad chunk size": (CREATE + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n", 400, "Chunk size"),
}


def check_refusal(answer: Answer, status: int, words: str) -> None:
    assert answer.status == status, answer
    assert answer.headers["connection"] == "close"
    error = answer.error()
    assert error["error"] == "invalid_request"
    assert words in error["error_description"], error
    assert len(error["error_description"]) < 300  # a 70 KB line is not echoed back


@pytest.mark.parametrize(("request_bytes", "status", "words"), MALFORMED.values(), ids=MALFORMED)
def test_malformed_http_gets_a_flattr_error(
    sandbox: Sandbox,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    request_bytes: bytes,
    status: int,
    words: str,
) -> None:
    raw = send_raw(sandbox.url, request_bytes, half_close=True)
    check_refusal(parse_answer(raw), status, words)
    assert sandbox.things() == []
    assert_quiet(capsys, caplog)


def test_a_body_shorter_than_its_length(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    request = CREATE + b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n" + JSON_THING
    check_refusal(parse_answer(send_raw(sandbox.url, request, half_close=True)), 400, "ended")
    assert sandbox.things() == []
    assert_quiet(capsys, caplog)


def test_a_chunked_body_is_read_and_the_connection_stays_usable(sandbox: Sandbox) -> None:
    chunks = b"".join(
        b"%x\r\n%s\r\n" % (len(part), part) for part in (JSON_THING[:9], JSON_THING[9:])
    )
    first = CREATE + b"Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
    second = b"GET /rest/v2/things/1 HTTP/1.1\r\n" + HOST + b"Connection: close\r\n\r\n"
    raw = send_raw(sandbox.url, first + chunks + b"0\r\nX-Trailer: t\r\n\r\n" + second)
    created = parse_answer(raw)
    assert created.status == 201, created
    thing = parse_answer(raw[raw.index(b"HTTP/1.1", 1) :])
    assert json.loads(thing.body)["url"] == "https://chunked.example/"


def test_empty_lines_before_a_request_are_skipped(sandbox: Sandbox) -> None:
    request = b"\r\n\r\nGET /rest/v2/categories HTTP/1.1\r\n" + HOST + b"Connection: close\r\n\r\n"
    answer = parse_answer(send_raw(sandbox.url, request))
    assert answer.status == 200
    assert len(json.loads(answer.body)) == 7


def test_only_empty_lines_then_the_client_closes(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    assert send_raw(sandbox.url, b"\r\n\r\n", half_close=True) == b""  # no request: no answer
    assert_quiet(capsys, caplog)


def test_an_absolute_form_target_is_served(sandbox: Sandbox) -> None:
    target = f"{sandbox.api_url}/users/alice".encode()
    request = b"GET " + target + b" HTTP/1.1\r\n" + HOST + b"Connection: close\r\n\r\n"
    assert json.loads(parse_answer(send_raw(sandbox.url, request)).body)["username"] == "alice"


@contextmanager
def sandbox_process(tmp_path: Path, *options: str) -> Iterator[tuple[str, list[str]]]:
    """``python -m flattr_sandbox`` (the package under test); yields its URL and, once it has
    stopped on SIGTERM, its stderr lines in the list."""
    command = [sys.executable, "-m", "flattr_sandbox", "--db", str(tmp_path / "db"), *options]
    path = os.pathsep.join([SHARED, os.environ.get("PYTHONPATH", "")])
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": path},
    )
    stderr: list[str] = []
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip().removeprefix("listening on "), stderr
        process.send_signal(signal.SIGTERM)
        stderr.extend(process.communicate(timeout=20)[1].splitlines())
        assert process.returncode == 0
    finally:
        process.kill()
        process.communicate()


def test_a_real_process_prints_nothing_on_stderr_for_malformed_http(tmp_path: Path) -> None:
    with sandbox_process(tmp_path) as (url, stderr):
        for request_bytes, status, _ in MALFORMED.values():
            assert parse_answer(send_raw(url, request_bytes, half_close=True)).status == status
        assert (
            parse_answer(send_raw(url, b"GET /rest/v2/categories HTTP/1.0\r\n\r\n")).status == 200
        )
    assert stderr == ["stopped"]


def test_a_client_that_resets_before_the_answer_leaves_no_traceback(tmp_path: Path) -> None:
    with sandbox_process(tmp_path, "--latency", "300") as (url, stderr):
        host, port = url.removeprefix("http://").split(":")
        connection = socket.create_connection((host, int(port)), timeout=5)
        connection.sendall(b"GET /rest/v2/categories HTTP/1.1\r\nHost: x\r\n\r\n")
        # reset (RST, no FIN) while the answer is 300 ms away: the server's write then fails
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.close()
        assert (
            parse_answer(send_raw(url, b"GET /rest/v2/categories HTTP/1.0\r\n\r\n")).status == 200
        )
    assert stderr == ["stopped"]
