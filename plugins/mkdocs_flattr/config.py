"""The options of ``plugins: - flattr:`` in mkdocs.yml, typed for MkDocs (and schema.json).

MkDocs checks each option's type; the core (``flattr_core.settings``) then checks every value and
reports all problems at once. The choices come from the core, so there is one list of each.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ConfigErrors, ValidationError

from flattr_core import ConfigError, FlattrError, Problem, Secret, SiteConfig, models, vocab
from flattr_core.settings.checks import known_option

REGISTER_MODES = ("auto", "always", "never")
DEFAULT_CACHE_DIR = ".cache/plugin/flattr"
USERNAME_VARIABLE = "FLATTR_USERNAME"  # the username of ``plugins: [flattr]``, the short form
USERNAME_LINE = """add your Flattr username to mkdocs.yml:

  plugins:
    - flattr:
        username: your-flattr-username

or set the environment variable FLATTR_USERNAME"""


class SecretOption(c.Type[str]):
    """A token: read as a string (``!ENV`` works), kept as a ``Secret`` so no repr shows it."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> Any:
        if value is None or isinstance(value, Secret):
            return value
        if not isinstance(value, str):
            raise ValidationError(f"Expected a string, got a {type(value).__name__}")
        return Secret(value) if value else None


class AuthorsOption(c.Type[dict]):  # type: ignore[type-arg]
    """Author -> Flattr account (a username, or a mapping); an account's ``token`` (``!ENV``
    works) is kept as a ``Secret``, and an empty or unset one is dropped."""

    def __init__(self) -> None:
        super().__init__(dict, default={})

    def run_validation(self, value: object) -> Any:
        accounts = super().run_validation(value)
        return {name: _hide_token(account) for name, account in accounts.items()}


def _hide_token(account: object) -> object:
    if not isinstance(account, dict) or not isinstance(account.get("token"), str):
        return account
    token = account["token"].strip()
    rest = {key: value for key, value in account.items() if key != "token"}
    return {**rest, "token": Secret(token)} if token else rest


class CoreChecked(base.BaseConfigOption[object]):
    """An option whose value the core checks alone (any YAML value; its message names it)."""

    def run_validation(self, value: object) -> object:
        return value


class FlattrPluginConfig(base.Config):  # type: ignore[no-untyped-call]
    """Every option of the plugin; see docs/mkdocs.md."""

    # Who is flattred: the site's creator, and per-author accounts (author name -> username,
    # or {username, flattr_id, token}: the token of that account, never the site's).
    username = c.Optional(c.Type(str))
    flattr_id = c.Optional(c.Type(str))
    authors = AuthorsOption()
    # Every other way to support the site (see docs/funding.md), and its funding.json.
    funding = c.Optional(CoreChecked())
    funding_json = c.Optional(c.Type(dict))
    # What the things are; language defaults to the theme's language or locale.
    category = c.Choice(tuple(vocab.CATEGORIES), default=vocab.DEFAULT_CATEGORY)
    language = c.Optional(c.Type(str))
    tags = c.ListOfItems(c.Type(str), default=[])
    hidden = c.Type(bool, default=False)
    # Which pages show a button, and how.
    button = c.Choice(models.BUTTON_STYLES, default="static")
    position = c.Choice(models.POSITIONS, default="bottom")
    exclude = c.ListOfItems(c.Type(str), default=[])
    sections = c.Type(dict, default={})
    # Registration at the end of the build.
    register = c.Choice(REGISTER_MODES, default="auto")
    token = c.Optional(SecretOption())
    api_url = c.Optional(c.Type(str))
    web_url = c.Optional(c.Type(str))
    loader_url = c.Optional(c.Type(str))  # the widget's script (Flattr's load.js)
    badge_url = c.Optional(c.Type(str))  # the image style's badge
    cache_dir = c.Type(str, default=DEFAULT_CACHE_DIR)
    strict = c.Type(bool, default=False)


OPTION_NAMES: tuple[str, ...] = tuple(name for name, _ in FlattrPluginConfig._schema)
HOST_KEYS = ("cache_dir",)


def describe_errors(errors: ConfigErrors, options: Mapping[str, object]) -> ConfigErrors:
    """MkDocs' type errors name the option but not the value: add it (never for the token)."""
    described: ConfigErrors = []
    for key, error in errors:
        value = repr(options.get(key))
        hidden = key == "token" or key not in options or value in str(error)
        shown = "" if hidden else f" (got {value})"
        described.append((key, ValidationError(f"{error}{shown}")))
    return described


def unknown_option_errors(options: Mapping[str, object]) -> ConfigErrors:
    """A misspelt option must stop the build (MkDocs only warns); name the ones that exist."""
    return [
        (
            key,
            ValidationError(f"unknown option {key!r}; expected {known_option(key, OPTION_NAMES)}"),
        )
        for key in options
        if key not in OPTION_NAMES
    ]


def _known(key: str) -> str:
    return known_option(key, OPTION_NAMES)


def core_problem_errors(problems: Iterable[Problem], reported: Iterable[str]) -> ConfigErrors:
    """The core's problems as MkDocs errors (the key is shown by MkDocs, so not repeated)."""
    skip = set(reported)
    return [
        (p.key, ValidationError(f"{p.value!r} is not allowed; expected {p.allowed}"))
        for p in problems
        if p.key not in skip
    ]


def core_mapping(
    options: FlattrPluginConfig, language: str | None, environ: Mapping[str, str]
) -> dict[str, object]:
    """The shared options, as ``flattr_core.SiteConfig.from_mapping`` takes them.

    Without a ``username`` option the site's username is ``$FLATTR_USERNAME``, if set.
    """
    mapping = {key: options[key] for key in OPTION_NAMES if key not in HOST_KEYS}
    mapping = {key: value for key, value in mapping.items() if value is not None}
    if language and "language" not in mapping:
        mapping["language"] = language
    if "username" not in mapping and environ.get(USERNAME_VARIABLE):
        mapping["username"] = environ[USERNAME_VARIABLE]
    return mapping


def config_dir(config_file_path: str | None) -> Path:
    """The folder of mkdocs.yml: relative paths in it (``funding: FUNDING.yml``) start there."""
    return Path(os.path.dirname(config_file_path or "") or os.getcwd())


def with_username_source(error: ConfigError, options: FlattrPluginConfig) -> str:
    """The core's message, saying where a bad username came from when it was not mkdocs.yml."""
    from_environment = options.username is None and any(
        problem.key == "username" for problem in error.problems
    )
    return f"{error}\n(the username is {USERNAME_VARIABLE})" if from_environment else str(error)


def page_problem(source: str, error: FlattrError, site: SiteConfig) -> str:
    """A page's problem; a page that has no owner at all gets the line that gives it one."""
    if isinstance(error, ConfigError) and _no_owner(error, site):
        where = f"{source} ({error.source})"
        return f"{where} has no Flattr username (option 'username'): {USERNAME_LINE}"
    return f"{source}: {error}"


def _no_owner(error: ConfigError, site: SiteConfig) -> bool:
    """No username for the page, and none for the site: the short form without one."""
    missing = any(problem.key == "username" and problem.value is None for problem in error.problems)
    return missing and site.site.username is None
