"""docs/mkdocs.md as a reader follows it: its option table names only options the plugin has,
and its sandbox example builds a site that registers its pages."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from flattr_demo.layout import Ports
from mkdocs_flattr.config import OPTION_NAMES
from tests.docs.shell_blocks import ROOT, command, verbatim

BIN = str(Path(sys.executable).parent)
OPTION_ROW = re.compile(r"^\| `([a-z_]+)`(?:, `([a-z_]+)`)? \|", re.M)


def test_every_option_in_the_guides_table_is_one_the_plugin_has() -> None:
    guide = (ROOT / "docs" / "mkdocs.md").read_text(encoding="utf-8")
    named = {name for row in OPTION_ROW.findall(guide) for name in row if name}
    assert len(named) > 15
    assert named <= set(OPTION_NAMES), sorted(named - set(OPTION_NAMES))
    assert set(OPTION_NAMES) <= named, f"undocumented: {sorted(set(OPTION_NAMES) - named)}"


@pytest.mark.timeout(120)
def test_the_guides_sandbox_example_builds_and_registers(tmp_path: Path) -> None:
    port = Ports.from_base(0).sandbox
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLATTR_")}
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", NO_MKDOCS_2_WARNING="true",
               FLATTR_CONFIG_DIR=str(tmp_path / "config"))  # fmt: skip
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Jane's notes\n\nA first page to flattr.\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Jane's notes\nsite_url: https://jane.example/\nplugins:\n  - flattr:\n"
        f"      username: jane\n      api_url: http://127.0.0.1:{port}/rest/v2\n"
        f"      web_url: http://127.0.0.1:{port}\n"
    )
    serve = verbatim(command("docs/mkdocs.md", "flattr sandbox "), **{"8765": str(port)})
    argv = ["bash", "-c", "exec " + serve.removesuffix("&").strip()]
    sandbox = subprocess.Popen(argv, cwd=tmp_path, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert sandbox.stdout is not None
        assert sandbox.stdout.readline().startswith("listening on")
        build = command("docs/mkdocs.md", "FLATTR_TOKEN=jane-token mkdocs build")
        done = subprocess.run(["bash", "-c", build], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=90, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "Flattr registration: 1 thing: 1 created" in done.stderr
    finally:
        sandbox.terminate()
        sandbox.communicate(timeout=20)
