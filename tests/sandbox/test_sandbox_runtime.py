"""Running the sandbox: persistence, fault injection, clean shutdown, the subprocess form."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sandbox_http import CLIENTS, USERS, Raw, create

from flattr_sandbox import Faults, Sandbox, SandboxUser
from flattr_sandbox.cli import user_arg

SHARED = str(Path(__file__).resolve().parents[3] / "shared")


def request_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if "process_request" in t.name and t.is_alive()]


def test_state_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    with Sandbox(db, users=USERS, clients=CLIENTS) as first:
        thing_id = create(Raw(first.api_url), "https://persist.example/")
    with Sandbox(db) as second:  # no users given: the stored ones and their tokens remain
        api = Raw(second.api_url)
        thing = api.get(f"/things/{thing_id}", token="tok-alice").json()
        assert thing["url"] == "https://persist.example/"  # type: ignore[index]
        assert thing["resource"] == f"{second.api_url}/things/{thing_id}"  # type: ignore[index]
        assert create(api, "https://persist.example/2") == thing_id + 1


def test_requests_counts_api_calls_only(sandbox: Sandbox, api: Raw, web: Raw) -> None:
    assert sandbox.requests == 0
    web.get("/")
    api.get("/categories")
    api.get("/rate_limit")
    api.get("/nothing")
    assert sandbox.requests == 3


def test_fail_rate_answers_server_errors_without_side_effects(tmp_path: Path) -> None:
    faults = Faults(fail_rate=1.0)
    with Sandbox(tmp_path / "db", users=USERS, faults=faults) as sandbox:
        reply = Raw(sandbox.api_url).post(
            "/things", token="tok-alice", json_body={"url": "https://f.example/"}
        )
        assert reply.status == 500
        assert reply.json()["error"] == "server_error"  # type: ignore[index]
        assert sandbox.things() == []
        sandbox.set_faults(Faults())
        assert Raw(sandbox.api_url).get("/categories").status == 200


def test_malformed_bodies_after_the_work_is_done(tmp_path: Path) -> None:
    with Sandbox(tmp_path / "db", users=USERS, faults=Faults(malformed_rate=1.0)) as sandbox:
        reply = Raw(sandbox.api_url).post(
            "/things", token="tok-alice", json_body={"url": "https://m.example/"}
        )
        assert reply.status == 201
        with pytest.raises(json.JSONDecodeError):
            json.loads(reply.body)
        assert [t["url"] for t in sandbox.things()] == ["https://m.example/"]


def test_timeouts_close_the_connection_without_an_answer(tmp_path: Path) -> None:
    with Sandbox(tmp_path / "db", faults=Faults(timeout_rate=1.0, hang_seconds=0.2)) as sandbox:
        with pytest.raises(http.client.RemoteDisconnected):
            Raw(sandbox.api_url).get("/categories")
        assert Raw(sandbox.url).get("/").status == 200  # web pages are never faulted


def test_a_hung_request_times_the_client_out_and_is_released_on_close(tmp_path: Path) -> None:
    sandbox = Sandbox(tmp_path / "db", faults=Faults(timeout_rate=1.0, hang_seconds=600))
    with sandbox:
        with pytest.raises(socket.timeout):
            Raw(sandbox.api_url, timeout=0.3).get("/categories")
        assert request_threads()
    assert request_threads() == []


def test_latency_delays_the_answer_past_a_short_client_timeout(tmp_path: Path) -> None:
    sandbox = Sandbox(tmp_path / "db", faults=Faults(latency_ms=5000))
    with sandbox, pytest.raises(socket.timeout):
        Raw(sandbox.api_url, timeout=0.2).get("/categories")
    assert request_threads() == []


def test_seeded_faults_repeat(tmp_path: Path) -> None:
    def statuses(name: str) -> list[int]:
        faults = Faults(fail_rate=0.5, seed=7)
        with Sandbox(tmp_path / name, faults=faults) as sandbox:
            return [Raw(sandbox.api_url).get("/categories").status for _ in range(12)]

    first = statuses("a")
    assert first == statuses("b")
    assert set(first) == {200, 500}


def test_idle_keep_alive_connections_do_not_block_close(tmp_path: Path) -> None:
    with Sandbox(tmp_path / "db") as sandbox:
        connection = http.client.HTTPConnection(sandbox.url.removeprefix("http://"), timeout=5)
        connection.request("GET", "/rest/v2/categories")
        assert connection.getresponse().read()
    assert request_threads() == []
    connection.close()


def test_faults_are_validated() -> None:
    with pytest.raises(ValueError, match="fail_rate"):
        Faults(fail_rate=1.5)


def test_user_argument_forms() -> None:
    assert user_arg("alice:tok:flattr+thing").scopes == ("flattr", "thing")
    assert user_arg("alice:tok:thing,email").scopes == ("thing", "email")
    assert user_arg("alice:tok:").scopes == ()
    assert user_arg("alice:tok") == SandboxUser("alice", "tok", ("flattr", "thing"))
    assert "s3cr3t" not in repr(user_arg("alice:s3cr3t"))


def test_the_subprocess_prints_its_url_and_stops_on_sigterm(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "flattr_sandbox",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--db",
        str(tmp_path / "db"),
        "--user",
        "alice:tok-alice:flattr+thing",
        "--client",
        "cid:secret",
        "--rate-limit",
        "50",
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([SHARED, os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        assert first.startswith("listening on http://127.0.0.1:")
        url = first.removeprefix("listening on ")
        reply = Raw(url + "/rest/v2").get("/user", token="tok-alice")
        assert reply.json()["username"] == "alice"  # type: ignore[index]
        assert reply.header("X-RateLimit-Limit") == "50"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        process.kill()
        process.wait()
        if process.stdout:
            process.stdout.close()


def test_concurrent_creates_of_one_url_make_one_thing(sandbox: Sandbox, api: Raw) -> None:
    def attempt(n: int) -> int:
        body = {"url": "https://race.example/", "title": f"Attempt {n}"}
        return api.post("/things", token="tok-alice", json_body=body).status

    def distinct(n: int) -> int:
        return api.post(
            "/things", token="tok-bob", json_body={"url": f"https://x.example/{n}"}
        ).status

    with ThreadPoolExecutor(max_workers=8) as pool:
        racing = list(pool.map(attempt, range(8)))
        spread = list(pool.map(distinct, range(40)))
    assert sorted(racing) == [201] + [400] * 7
    assert spread == [201] * 40
    assert len({thing["id"] for thing in sandbox.things()}) == 41


def test_quirks_mode_sends_the_historical_loose_types(tmp_path: Path) -> None:
    users = [SandboxUser("alice", "tok-alice")]
    with Sandbox(tmp_path / "db", users=users, clients=CLIENTS, quirks=True) as sandbox:
        api = Raw(sandbox.api_url)
        thing = api.get(f"/things/{create(api, 'https://quirks.example/', hidden=True)}").json()
        assert (thing["hidden"], thing["flattrs_user_count"]) == (1, "0")  # type: ignore[index]
