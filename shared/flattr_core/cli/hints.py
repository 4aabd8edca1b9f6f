"""A misspelt command-line option answered with the one it resembles (``--concurency``: did you
mean ``--concurrency``?), by the parser of the command it was given to.

argparse alone reports an unknown option of ``flattr sync`` with the usage of ``flattr`` and no
guess; a newcomer then reads every ``--help`` to find the spelling.
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Sequence


def parse(parser: argparse.ArgumentParser, args: Sequence[str]) -> argparse.Namespace:
    """``parser.parse_args(args)``, but an unknown argument is reported by its command's own
    parser (its usage line), with the closest known option for each misspelt one."""
    parsed, extras = parser.parse_known_args(args)
    if extras:
        owner = command_parser(parser, parsed.command) or parser
        owner.error(unrecognized(extras, owner))
    return parsed


def command_parser(
    parser: argparse.ArgumentParser, command: object
) -> argparse.ArgumentParser | None:
    """The (sub)parser whose ``set_defaults(command=...)`` chose ``command``."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found = command_parser(sub, command)
                if found is not None:
                    return found
    return parser if parser.get_default("command") is command else None


def unrecognized(extras: Sequence[str], parser: argparse.ArgumentParser) -> str:
    """argparse's own message, and a guess for each unknown ``--option`` near a known one."""
    known = [option for option in parser._option_string_actions if option.startswith("--")]
    guesses = []
    for extra in extras:
        option = extra.split("=", 1)[0]
        close = difflib.get_close_matches(option, known, n=1) if option.startswith("--") else []
        if close:
            guesses.append(f"{option}: did you mean {close[0]}?")
    message = f"unrecognized arguments: {' '.join(extras)}"
    return f"{message} ({'; '.join(guesses)})" if guesses else message
