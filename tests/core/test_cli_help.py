"""The ``flattr`` command as a newcomer meets it: ``--version``, help for every subcommand and
option (plain text, no reST markup), counts in the right number, and a misspelt option's hint."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

import flattr_core
from flattr_core.cli.main import build_parser, main
from flattr_core.errors import ConfigError
from flattr_core.models import Creator, Endpoints, SyncSummary, Thing
from flattr_core.registration.manifest import write_manifest
from flattr_core.registration.sync import describe
from flattr_core.settings import SiteConfig
from flattr_core.text import counted
from flattr_demo.command import build_parser as demo_parser
from flattr_sandbox.cli import parser as sandbox_parser
from tests.flattr_command import FLATTR

REST_MARKUP = re.compile(r"``|:(?:func|class|meth|mod|ref):`")
TOOLS = {"sandbox": sandbox_parser, "demo": demo_parser}  # their own parsers, found by name


def parsers(
    parser: argparse.ArgumentParser, name: str = "flattr"
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every parser under ``flattr``: each command and each action of a command."""
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command, sub in action.choices.items():
                if command in TOOLS:
                    yield f"{name} {command}", TOOLS[command]()
                else:
                    yield from parsers(sub, f"{name} {command}")


ALL = dict(parsers(build_parser()))


def test_every_command_is_there() -> None:
    assert set(ALL) >= {
        "flattr", "flattr auth", "flattr auth login", "flattr auth status", "flattr auth logout",
        "flattr sync", "flattr doctor", "flattr sandbox", "flattr demo",
    }  # fmt: skip


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_option_and_subcommand_has_help_in_plain_text(name: str) -> None:
    parser = ALL[name]
    undocumented = [
        action.option_strings or action.dest
        for action in parser._actions
        if not action.help and not isinstance(action, argparse._SubParsersAction)
    ]
    assert undocumented == [], f"{name}: no help for {undocumented}"
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helpless = [choice.dest for choice in action._choices_actions if not choice.help]
            assert helpless == [], f"{name}: no help for the subcommands {helpless}"
    shown = parser.format_help()
    assert not REST_MARKUP.search(shown), f"{name} --help shows reST markup:\n{shown}"


@pytest.mark.parametrize("name", ["sandbox", "demo"])
def test_the_tools_help_is_reached_through_flattr(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main([name, "--help"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: flattr {name}")


def test_version_prints_the_packages_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"flattr {flattr_core.__version__}"


def test_one_thing_and_one_request_are_singular() -> None:
    line = describe(SyncSummary(created=1, requests=1, seconds=0.25))
    assert (
        line
        == "1 thing: 1 created, 0 updated, 0 unchanged, 0 failed, 0 deferred (1 request, 0.2 s)"
    )
    assert describe(SyncSummary(unchanged=2)).startswith("2 things: ")
    assert "(0 requests, " in describe(SyncSummary(unchanged=2))
    assert [counted(n, "thing") for n in (0, 1, 2)] == ["0 things", "1 thing", "2 things"]


def test_doctor_counts_a_manifests_one_thing_as_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    thing = Thing("https://blog.example/one/", "One", "The one post", owner=Creator("ada"))
    manifest = write_manifest(tmp_path / "m.json", Endpoints(), [thing])
    main(["doctor", "--manifest", str(manifest), "--token-env", "FLATTR_TEST_UNSET_TOKEN"])
    assert f"ok       manifest {manifest}: 1 thing, every field valid\n" in capsys.readouterr().out


def test_a_misspelt_option_is_told_the_closest_known_one_and_its_value_is_not_shown() -> None:
    with pytest.raises(ConfigError) as caught:
        SiteConfig.from_mapping({"usrname": "ada", "catgory": "text", "qqqqq": "tok-123"})
    allowed = {p.key: p.allowed for p in caught.value.problems}
    assert allowed["usrname"].startswith("a known option (did you mean 'username'?): api_url,")
    assert allowed["catgory"].startswith("a known option (did you mean 'category'?)")
    assert allowed["qqqqq"].startswith("a known option: api_url,")  # nothing close: no guess
    assert "ada" not in str(caught.value)
    assert "tok-123" not in str(caught.value)


@pytest.mark.parametrize(
    ("argv", "command", "misspelt", "meant"),
    [
        (["sync", "--concurency", "3", "m.json"], "flattr sync", "--concurency", "--concurrency"),
        (["doctor", "--onlinee"], "flattr doctor", "--onlinee", "--online"),
        (["auth", "login", "--client-id", "x", "--timout=3"], "flattr auth login", "--timout",
         "--timeout"),
    ],
)  # fmt: skip
def test_a_misspelt_command_line_option_is_told_the_closest_one_by_its_command(
    argv: list[str], command: str, misspelt: str, meant: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    shown = capsys.readouterr().err
    assert f"usage: {command} " in shown  # its own usage, not flattr's
    assert f"{command}: error: unrecognized arguments: {misspelt}" in shown
    assert f"({misspelt}: did you mean {meant}?)" in shown


def test_an_unknown_argument_near_no_option_gets_no_guess(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["sync", "m.json", "--qqqqq", "extra"])
    assert caught.value.code == 2
    shown = capsys.readouterr().err
    assert "flattr sync: error: unrecognized arguments: --qqqqq extra\n" in shown
    assert "did you mean" not in shown


def test_a_reader_that_stops_reading_ends_the_command_quietly(tmp_path: Path) -> None:
    """``flattr doctor | head -1``: the pipe's reader is gone before the command writes; it stops
    with the shell's broken-pipe status, no traceback (seen: ``BrokenPipeError`` from doctor)."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before the first line is written
    try:
        done = subprocess.run(
            [*FLATTR, "doctor"],
            cwd=tmp_path, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == 141
