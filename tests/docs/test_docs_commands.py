"""Every documented command is run by a test, or exempt with a reason; the docs name only the
images the browser tests make, options the configuration has, and files that exist.

``RUN_BY`` names, for each command of README.md and docs/*.md (``shell_blocks``), the test
that runs it as written (taking its text from the page); ``EXEMPT`` says why the others are not
(they install from PyPI, or run the suites themselves). A new command in the docs fails here
until it has one or the other.
"""

from __future__ import annotations

import locale
import re
from pathlib import Path

import pytest
import shell_blocks
from shell_blocks import PAGES, ROOT, every_command, page_name

from flattr_core.settings import site

DEMO = "tests/demo/test_demo_docs_commands.py"
CORE = "tests/core/registration/test_docs_cli_examples.py"
STANDALONE = f"{DEMO}::test_the_examples_run_on_their_own_as_demo_md_says"
MKDOCS_GUIDE = (
    "tests/mkdocs/test_mkdocs_docs.py::test_the_guides_sandbox_example_builds_and_registers"
)
PELICAN_GUIDE = (
    "tests/pelican/test_pelican_docs.py::test_the_guides_sandbox_example_builds_and_registers"
)
# (page, how the command starts) -> the test that runs it, taking its text from the page
RUN_BY = {
    ("docs/cli.md", "FLATTR_CLIENT_SECRET=my-secret flattr auth login "):
        f"{CORE}::test_the_auth_login_example_runs_as_written",
    ("docs/cli.md", "flattr sync "): f"{CORE}::test_the_sync_example_runs_as_written",
    ("docs/cli.md", "cd examples/mkdocs && flattr doctor"):
        f"{DEMO}::test_the_doctor_example_runs_as_written",
    ("docs/sandbox.md", "flattr sandbox "): f"{CORE}::test_the_sandbox_example_runs_as_written",
    ("docs/sandbox.md", "curl "): f"{CORE}::test_the_sandbox_example_runs_as_written",
    ("docs/demo.md", "flattr sandbox "): STANDALONE,
    ("docs/demo.md", "FLATTR_TOKEN=demo-token-ada "): STANDALONE,
    ("docs/demo.md", "FLATTR_TOKEN=demo-token-grace "): STANDALONE,
    ("docs/demo.md", "cd examples/wagtail && python manage.py migrate "): STANDALONE,
    ("docs/wagtail.md", "python manage.py migrate"): STANDALONE,
    ("docs/mkdocs.md", "flattr sandbox "): MKDOCS_GUIDE,
    ("docs/mkdocs.md", "FLATTR_TOKEN=jane-token mkdocs build"): MKDOCS_GUIDE,
    ("docs/pelican.md", "flattr sandbox "): PELICAN_GUIDE,
    ("docs/pelican.md", "FLATTR_TOKEN=jane-token pelican "): PELICAN_GUIDE,
}  # fmt: skip
INSTALLS = "installs from PyPI: tox -e pkg installs the built wheel with its extras instead"
SUITES = "runs test suites themselves (CI runs every tox env)"
PRODUCTION = (
    "a production recipe line for the reader's own project (mysite), serving until stopped; "
    "tests/wagtail/test_production.py starts the same servers, workers and flattr_recover"
)
# how the command starts -> why no test runs it
EXEMPT = {
    "python3 -m venv .venv && . .venv/bin/activate && pip install":
        "installs from PyPI and serves until Ctrl-C; tests/demo runs `flattr demo --no-serve`, "
        "and tox -e pkg runs it from the built wheel in a fresh venv",
    "bash .ci/setup && ": "is CI itself (.ci/run runs exactly this line)",
    "pip install ": INSTALLS,
    "tox -e screenshots": "rewrites docs/images/; tox -e demo checks the committed images",
    "tox -e ": SUITES,
    "pytest": SUITES,
    "gunicorn mysite.wsgi": PRODUCTION,
    "python manage.py db_worker": PRODUCTION,
    "*/5 * * * * python manage.py flattr_recover": PRODUCTION,
}  # fmt: skip


def covered_by(page: str, command: str) -> str | None:
    """The test that runs it, or why none does (None: neither)."""
    for (where, start), test in RUN_BY.items():
        if where == page and command.startswith(start):
            return test
    return next((why for start, why in EXEMPT.items() if command.startswith(start)), None)


IMAGE = re.compile(r"(?:docs/)?images/([\w.-]+\.png)")
MADE_BY = ROOT / "tests" / "browser" / "test_examples.py"


def test_the_docs_show_commands() -> None:
    assert len(every_command()) > 25


@pytest.mark.parametrize(("page", "command"), every_command())
def test_each_documented_command_is_run_by_a_test_or_exempt(page: str, command: str) -> None:
    assert covered_by(page, command), (
        f"{page} shows `{command}`, which no test runs: run it in a test (taking its text from "
        "tests/docs/shell_blocks.py) and name that test in RUN_BY, or say in EXEMPT why not"
    )


@pytest.mark.parametrize(("page", "start"), sorted(RUN_BY))
def test_each_command_a_test_runs_is_still_in_the_docs(page: str, start: str) -> None:
    shown = [command for where, command in every_command() if where == page]
    assert any(command.startswith(start) for command in shown), f"{page} shows no `{start}...`"
    path, name = RUN_BY[(page, start)].split("::")
    source = (ROOT / path).read_text(encoding="utf-8") if (ROOT / path).is_file() else ""
    assert re.search(rf"^def {name}\(", source, re.M), f"{path}::{name} does not exist"


def test_each_exemption_is_still_in_the_docs() -> None:
    shown = [command for _, command in every_command()]
    unused = [start for start in EXEMPT if not any(c.startswith(start) for c in shown)]
    assert unused == []


def _text(page: Path) -> str:
    # UTF-8 whatever the locale: a Pelican build in the same process sets the locale to its
    # LOCALE (the environment's by default), and under the C locale the default is ASCII
    return page.read_text(encoding="utf-8")


def images_named() -> list[tuple[str, str]]:
    return sorted(
        {(page_name(page), name) for page in PAGES for name in IMAGE.findall(_text(page))}
    )


def test_every_image_the_docs_show_is_made_by_a_browser_test() -> None:
    named = images_named()
    assert len(named) >= 5
    made = MADE_BY.read_text(encoding="utf-8")
    for page, name in named:
        assert (ROOT / "docs" / "images" / name).is_file(), f"{page} shows {name}: missing"
        assert f'"{name}"' in made, f"{page} shows {name}, which no test in {MADE_BY.name} makes"
    on_disk = {path.name for path in (ROOT / "docs" / "images").glob("*.png")}
    assert on_disk == {name for _, name in named}, "an image in docs/images/ that no page shows"


OPTION_ROW = re.compile(r"^\| `([a-z_]+)`(?:, `([a-z_]+)`)? \|", re.M)


def test_every_option_in_the_readmes_table_is_a_site_option() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Configuration", 1)[1].split("Also `enabled`", 1)[0]
    named = {name for row in OPTION_ROW.findall(table) for name in row if name}
    assert len(named) > 12
    assert named <= set(site.SITE_CHECKS), sorted(named - set(site.SITE_CHECKS))


def test_every_option_the_readme_mentions_below_the_table_is_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    also = readme.split("Also `enabled`", 1)[1].split("\n\n", 1)[0]
    named = {"enabled", *re.findall(r"`([a-z_]+)`", re.sub(r"\([^)]*\)", "", also))}
    assert named <= set(site.SITE_CHECKS), sorted(named - set(site.SITE_CHECKS))


# a path in the checkout, as the docs write one: `tests/demo/test_demo.py`, (bench/README.md)
PATH = re.compile(r"(?<![\w/.-])((?:tests|bench|\.ci|shared|plugins|examples)/[\w./*-]*[\w/*])")
MADE_BY_A_RUN = {"examples/wagtail/.state/"}  # the Wagtail example's settings create it


def paths_named() -> list[tuple[str, str]]:
    return sorted({(page_name(page), path) for page in PAGES for path in PATH.findall(_text(page))})


def test_the_docs_read_the_same_under_the_c_locale() -> None:
    """A Pelican build run before in the same pytest process leaves the C locale behind, whose
    default encoding is ASCII: the docs, full of non-ASCII text, are still read (they failed)."""
    expected = (images_named(), paths_named())
    before = locale.setlocale(locale.LC_ALL)
    try:
        locale.setlocale(locale.LC_ALL, "C")
        assert (images_named(), paths_named()) == expected
    finally:
        locale.setlocale(locale.LC_ALL, before)


def test_every_file_or_folder_the_docs_name_exists() -> None:
    named = paths_named()
    assert len(named) > 40
    assert ("docs/demo.md", "tests/demo/test_demo.py") in named
    missing = [
        (page, path)
        for page, path in named
        if path not in MADE_BY_A_RUN and not any(ROOT.glob(path.rstrip("/")))
    ]
    assert missing == [], "the docs name files or folders that do not exist"


def test_the_demo_page_names_no_known_gap_that_is_gone() -> None:
    demo = (ROOT / "docs" / "demo.md").read_text(encoding="utf-8")
    assert "xfail" not in demo  # no test of the examples is an expected failure any more
    assert "xfail" not in _text(ROOT / "tests" / "browser" / "test_examples.py")


def test_shell_blocks_join_continued_lines_and_drop_comments(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```sh\nfoo --a \\\n  --b   # why\n# a note\nbar\n```\n\n"
        "```console\n$ baz\noutput line\n$ qux \\\n    --c\nmore output\n```\n"
        "```\n$ plain\n```\n```python\nnot_a_command()\n```\n"
    )
    assert shell_blocks.commands(page) == ["foo --a --b", "bar", "baz", "qux --c", "plain"]
