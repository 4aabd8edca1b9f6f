"""docs/demo.md's "each example works on its own" and docs/cli.md's doctor example, run as written.

The commands come from the pages (``tests/docs/shell_blocks.py``), in a copy of the examples
(the builds write into them); only the fixed ports and /tmp paths are replaced with the test's
own, and the examples' FLATTR_DEMO_* variables point them at the test's sandbox.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from flattr_demo.layout import Ports, token_of
from tests.docs.shell_blocks import command, verbatim

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BIN = str(Path(sys.executable).parent)
IGNORED = shutil.ignore_patterns(".cache", ".state", "output", "site", "__pycache__")
START_SECONDS = 180

pytestmark = pytest.mark.timeout(420)


def shell_env(tmp_path: Path, ports: Ports) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLATTR_", "DJANGO_"))}
    sandbox = ports.url("sandbox")
    return {
        **env,
        "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        "FLATTR_CONFIG_DIR": str(tmp_path / "config"),
        "FLATTR_DEMO_API_URL": f"{sandbox}/rest/v2",
        "FLATTR_DEMO_WEB_URL": sandbox,
        "FLATTR_DEMO_LOADER_URL": f"{sandbox}/js/0.6/load.js",
        "FLATTR_DEMO_STATE": str(tmp_path / "wagtail-state"),
        "NO_MKDOCS_2_WARNING": "true",
    }


@pytest.fixture
def copied(tmp_path: Path) -> Path:
    """A folder holding a copy of examples/, as the commands expect to find it."""
    shutil.copytree(EXAMPLES, tmp_path / "examples", ignore=IGNORED)
    return tmp_path


def background(line: str, cwd: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        ["bash", "-c", line.removesuffix("&").strip()], cwd=cwd, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def stop(process: subprocess.Popen[str]) -> str:
    """End the command's whole process group (bash and what it started); its output."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    out, _ = process.communicate(timeout=30)
    return out


@pytest.fixture
def ports() -> Ports:
    return Ports.from_base(0)


@pytest.fixture
def sandbox(copied: Path, ports: Ports) -> Iterator[subprocess.Popen[str]]:
    line = verbatim(command("docs/demo.md", "flattr sandbox "),
                    **{"--port 8765": f"--port {ports.sandbox}",
                       "/tmp/sandbox.sqlite": str(copied / "sandbox.sqlite")})  # fmt: skip
    process = background(line, copied, shell_env(copied, ports))
    assert process.stdout is not None
    assert process.stdout.readline().startswith("listening on http://127.0.0.1:")
    yield process
    stop(process)


def run(line: str, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(["bash", "-c", line], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, f"`{line}` failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}"
    return done.stdout + done.stderr


def things(ports: Ports) -> list[dict[str, object]]:
    answer = requests.get(ports.url("sandbox") + "/rest/v2/users/ada/things", timeout=5)
    grace = requests.get(ports.url("sandbox") + "/rest/v2/users/grace/things", timeout=5)
    return [*answer.json(), *grace.json()]


def test_the_examples_run_on_their_own_as_demo_md_says(
    copied: Path, ports: Ports, sandbox: subprocess.Popen[str]
) -> None:
    env = shell_env(copied, ports)
    run(command("docs/demo.md", "FLATTR_TOKEN=demo-token-ada "), copied, env)
    assert (copied / "examples" / "mkdocs" / "site" / "index.html").is_file()
    mkdocs = len(things(ports))
    assert mkdocs == 13  # every page with a button, each under its author's account
    run(command("docs/demo.md", "FLATTR_TOKEN=demo-token-grace "), copied, env)
    assert (copied / "examples" / "pelican" / "output" / "index.html").is_file()
    assert len(things(ports)) == mkdocs + 12
    wagtail = verbatim(command("docs/demo.md", "cd examples/wagtail && "),
                       **{"127.0.0.1:8768": f"127.0.0.1:{ports.wagtail}"})  # fmt: skip
    server = background(wagtail, copied, env)
    try:
        page = wait_for(f"{ports.url('wagtail')}/posts/tomatoes-on-a-balcony/", server)
        assert 'class="flattr-button' in page
        # both Wagtail sites, published by the seed and registered by the worker beside runserver
        wait_until(lambda: len(things(ports)) >= mkdocs + 12 + 11, server)
        assert len(things(ports)) == mkdocs + 12 + 11
    finally:
        stop(server)


def wait_until(done: Callable[[], bool], server: subprocess.Popen[str]) -> None:
    """Until ``done()`` holds (the worker has registered what was queued), bounded."""
    deadline = time.monotonic() + START_SECONDS
    while not done():
        assert server.poll() is None, f"the Wagtail commands exited:\n{stop(server)[-3000:]}"
        assert time.monotonic() < deadline, f"not in {START_SECONDS} s:\n{stop(server)[-3000:]}"
        time.sleep(0.5)


def wait_for(url: str, server: subprocess.Popen[str]) -> str:
    """The page, once migrate and the seed have run and runserver answers."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the Wagtail commands exited:\n{stop(server)[-3000:]}"
        try:
            answer = requests.get(url, timeout=5)
        except requests.ConnectionError:
            time.sleep(0.5)
            continue
        if answer.status_code == 200:
            return answer.text
        time.sleep(0.5)
    raise AssertionError(f"{url} did not answer in {START_SECONDS} s:\n{stop(server)[-3000:]}")


def test_the_doctor_example_runs_as_written(copied: Path, ports: Ports) -> None:
    out = run(command("docs/cli.md", "cd examples/mkdocs && flattr doctor"), copied,
              shell_env(copied, ports))  # fmt: skip
    assert "every option valid" in out
    assert "things to register: 13 things (7 of ada, 6 of grace)" in out
    assert token_of("ada") not in out
