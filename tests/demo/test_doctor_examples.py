"""``flattr doctor`` in each example folder, as a newcomer runs it: healthy there, and a broken
option in each host's own configuration file named with its key, value and what is allowed.

Each run is the real command in a child process, in the folder (the Wagtail one sets Django
up from its manage.py); the broken variants are copies of the examples, edited as a user would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from flattr_demo.command import Demo
from flattr_demo.layout import Ports, token_of
from tests.flattr_command import doctor

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
COPY_IGNORED = shutil.ignore_patterns(".cache", ".state", "output", "site", "__pycache__")

pytestmark = pytest.mark.timeout(300)


def copy_of(example: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLES / example, tmp_path / example, ignore=COPY_IGNORED))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in done.stdout.splitlines() if line.startswith("PROBLEM")]


@pytest.mark.parametrize(("example", "things"), [("mkdocs", 13), ("pelican", 12)])
def test_the_static_examples_are_healthy_and_say_what_a_build_would_register(
    example: str, things: int, tmp_path: Path
) -> None:
    done = doctor(copy_of(example, tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert problems(done) == []
    out = done.stdout
    assert "every option valid" in out
    assert re.search(rf"things to register: {things} things \(\d+ of ada, \d+ of grace\)", out)
    assert "account ada (Flattr id ada001)" in out
    assert "funding (the site): " in out
    assert "endpoints: API http://127.0.0.1:8765/rest/v2" in out
    assert "Done: Processed" not in out + done.stderr  # the trial build's own lines stay quiet


def test_the_mkdocs_example_with_a_misspelt_and_a_bad_option_names_both(tmp_path: Path) -> None:
    folder = copy_of("mkdocs", tmp_path)
    edit(folder / "mkdocs.yml", "      category: software\n",
         "      category: poems\n      usrname: ada\n")  # fmt: skip
    done = doctor(folder)
    assert done.returncode == 1
    found = problems(done)
    assert len(found) == 2, done.stdout
    assert "plugins.flattr.category: 'poems' is not allowed; expected one of text," in found[1]
    assert "plugins.flattr.usrname: <a str, not shown>" in found[0]
    assert "did you mean 'username'?" in found[0]
    assert "'ada'" not in found[0]  # an unknown key's value is never echoed


def test_the_pelican_example_with_a_bad_option_names_it(tmp_path: Path) -> None:
    folder = copy_of("pelican", tmp_path)
    edit(
        folder / "pelicanconf.py", '"tags": ["cycling"],', '"tags": ["cycling"], "button": "huge",'
    )
    done = doctor(folder)
    assert done.returncode == 1
    assert problems(done) == [
        "PROBLEM  pelicanconf.py: FLATTR.button: 'huge' is not allowed; "
        "expected one of static, image, text, widget"
    ]


def test_the_wagtail_example_before_migrate_is_healthy_and_says_to_migrate(
    tmp_path: Path,
) -> None:
    done = doctor(EXAMPLES / "wagtail", FLATTR_DEMO_STATE=str(tmp_path / "state"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "run `manage.py migrate` to check each site" in done.stdout


def test_the_wagtail_example_with_a_bad_option_in_settings_names_it(tmp_path: Path) -> None:
    folder = copy_of("wagtail", tmp_path)
    edit(folder / "demo_site" / "settings.py", '"TIMEOUT": 5,',
         '"TIMEOUT": -1, "DEFAULTS": {"category": "poems"}, "TIMEOUTS": 3,')  # fmt: skip
    done = doctor(folder, FLATTR_DEMO_STATE=str(tmp_path / "state"))
    assert done.returncode == 1
    out = "\n".join(problems(done))
    assert "WAGTAIL_FLATTR['TIMEOUT']: -1 is not allowed; expected a number of seconds" in out
    assert "category: 'poems' is not allowed; expected one of text" in out
    assert "unknown key 'TIMEOUTS'; expected a known option (did you mean 'TIMEOUT'?)" in out


@pytest.fixture(scope="module")
def seeded_wagtail(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's Wagtail state: both sites seeded, each account connected."""
    with Demo(tmp_path_factory.mktemp("demo"), ports=Ports.from_base(0)) as demo:
        demo.build()
        return demo.ctx.out / "wagtail-state"


def test_the_seeded_wagtail_example_is_healthy_with_each_connected_account(
    seeded_wagtail: Path,
) -> None:
    done = doctor(EXAMPLES / "wagtail", FLATTR_DEMO_STATE=str(seeded_wagtail))
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "Wagtail site 'Kitchen Garden'" in out
    assert "Wagtail site 'Night Sky'" in out
    assert "token from the account connected to Kitchen Garden" in out
    assert "which belongs to grace" in out
    assert "things to register: 6 things (4 of ada, 2 of grace)" in out
    assert token_of("ada") not in out
