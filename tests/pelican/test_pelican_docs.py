"""docs/pelican.md as a reader follows it: its option table names only keys FLATTR has, and its
"Trying it locally" example builds a site that registers its articles."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pelican.plugins.flattr.options import HOST_KEYS

from flattr_core.settings.site import SITE_CHECKS
from flattr_demo.layout import Ports
from tests.docs.shell_blocks import ROOT, command, verbatim

BIN = str(Path(sys.executable).parent)
OPTION_ROW = re.compile(r"^\| `([a-z_]+)`((?:, `[a-z_]+`)*) \|", re.M)
ARTICLE = "Title: A first ride\nDate: 2024-03-01\nAuthor: Jane\n\nAlong the river, at dawn.\n"


def test_every_option_in_the_guides_table_is_a_key_of_flattr() -> None:
    guide = (ROOT / "docs" / "pelican.md").read_text(encoding="utf-8")
    table = guide.split("| `username`", 1)[1].split("\n\n", 1)[0]
    named = {"username"}
    for first, rest in OPTION_ROW.findall("| `username`" + table):
        named |= {first, *re.findall(r"`([a-z_]+)`", rest)}
    known = set(SITE_CHECKS) | set(HOST_KEYS)
    assert len(named) > 15
    assert named <= known, sorted(named - known)


@pytest.mark.timeout(120)
def test_the_guides_sandbox_example_builds_and_registers(tmp_path: Path) -> None:
    port = Ports.from_base(0).sandbox
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLATTR_")}
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
               FLATTR_CONFIG_DIR=str(tmp_path / "config"))  # fmt: skip
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "first-ride.md").write_text(ARTICLE)
    (tmp_path / "pelicanconf.py").write_text(
        'SITENAME = "Jane rides"\nSITEURL = "https://jane.example"\nPATH = "content"\n'
        'PLUGINS = ["pelican.plugins.flattr"]\nTIMEZONE = "UTC"\n'
    )
    serve = verbatim(command("docs/pelican.md", "flattr sandbox "), **{"8765": str(port)})
    argv = ["bash", "-c", "exec " + serve.removesuffix("&").strip()]
    sandbox = subprocess.Popen(argv, cwd=tmp_path, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert sandbox.stdout is not None
        assert sandbox.stdout.readline().startswith("listening on")
        build = verbatim(command("docs/pelican.md", "FLATTR_TOKEN=jane-token pelican "),
                         **{":8765": f":{port}"})  # fmt: skip
        done = subprocess.run(["bash", "-c", build], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=90, check=False)  # fmt: skip
        out = done.stdout + done.stderr
        assert done.returncode == 0, out
        assert "Flattr registration: 1 thing: 1 created" in " ".join(out.split())
    finally:
        sandbox.terminate()
        sandbox.communicate(timeout=20)
