"""The ``FLATTR`` setting: Pelican's own keys are checked here, the shared ones by the core.

``load`` reports every problem at once in one ``ConfigError`` naming each key, its value and
what is allowed. Pelican-only keys: ``pages`` (static pages get buttons too) and
``categories`` (Pelican category -> Flattr category), which becomes core section rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from flattr_core import ConfigError, ContentError, Problem, SiteConfig, links, markup, vocab
from flattr_core.errors import Invalid
from flattr_core.settings import checks, tokens

SETTING = "FLATTR"
HOST_KEYS = ("pages", "categories")
SOURCE = "the FLATTR setting"
CACHE_FOLDER = "flattr"
STATIC_FOLDER = "flattr"


@dataclass(frozen=True)
class Site:
    """One Pelican site's Flattr settings, validated, with the paths and URLs the plugin needs."""

    config: SiteConfig
    pages: bool
    siteurl: str
    sitename: str
    cache_dir: Path
    static_dir: Path
    static_path: str  # below the site's root, as the theme's THEME_STATIC_DIR is
    output: Path
    site_files: Mapping[str, str] = field(default_factory=dict)  # funding.json and its list


def load(settings: Mapping[str, Any]) -> Site | None:
    """The site's settings, or None when ``FLATTR`` is not set (the plugin stays idle)."""
    options = settings.get(SETTING)
    if options is None:
        return None
    if not isinstance(options, Mapping):
        raise ConfigError([Problem(SETTING, options, "a dict of options")], SOURCE)
    problems = _host_problems(options)
    try:
        config = SiteConfig.from_mapping(
            _core_mapping(options, settings), source=SOURCE, host_keys=HOST_KEYS
        )
    except ConfigError as error:
        problems += [_named_as_written(p, options) for p in error.problems]
    if problems:
        raise ConfigError(problems, SOURCE)
    return _site(config, checks.boolean(options.get("pages", False)), settings)


def without_token(options: Mapping[str, object]) -> dict[str, object]:
    """FLATTR minus ``token`` and the authors' tokens: Pelican pickles its settings into the
    content cache."""
    return tokens.without_tokens(options)


def inherit_token(site: Site | None, outer: Site | None) -> Site | None:
    """A site built inside another's run (i18n_subsites) copies settings whose ``token`` the
    outer site has already taken out: without a token of its own, it uses the outer one's."""
    if site is None or outer is None or site.config.token is not None:
        return site
    if site.config.endpoints.api_url != outer.config.endpoints.api_url:
        return site  # a token belongs to one API
    return replace(site, config=replace(site.config, token=outer.config.token))


def siteurl_problem(siteurl: str) -> str | None:
    """Why ``SITEURL`` cannot prefix a thing's URL (things need absolute http(s) URLs), or None."""
    try:
        links.check_url(siteurl, "SITEURL")
    except ContentError as error:
        return str(error)
    return None


def _site(config: SiteConfig, pages: bool, settings: Mapping[str, Any]) -> Site:
    siteurl = str(settings.get("SITEURL") or "")
    static = f"{settings['THEME_STATIC_DIR']}/{STATIC_FOLDER}"
    return Site(
        config=config,
        pages=pages,
        siteurl=siteurl,
        sitename=str(settings.get("SITENAME") or ""),
        cache_dir=Path(settings["CACHE_PATH"]) / CACHE_FOLDER,
        static_dir=Path(settings["OUTPUT_PATH"]) / static,
        static_path=static,
        output=Path(settings["OUTPUT_PATH"]),
    )


def with_site_files(site: Site) -> Site:
    """``site`` with the files ``funding_json`` asks for (ConfigError naming each bad field)."""
    if site.config.funding_json is None:
        return site
    files = markup.funding_site_files(
        site.config.funding_json, site.config.funding, site_url=site.siteurl
    )
    return replace(site, site_files=files)


def _host_problems(options: Mapping[str, object]) -> list[Problem]:
    problems = []
    pages = options.get("pages", False)
    try:
        checks.boolean(pages)  # the core's one reading of a switch
    except Invalid as bad:
        problems.append(Problem("pages", pages, bad.allowed))
    categories = options.get("categories", {})
    if not isinstance(categories, Mapping) or not all(isinstance(k, str) for k in categories):
        problems.append(
            Problem("categories", categories, "a dict of Pelican category -> Flattr category")
        )
    return problems


def _core_mapping(options: Mapping[str, object], settings: Mapping[str, Any]) -> dict[str, object]:
    """The shared options; ``categories`` become section rules, DEFAULT_LANG the language."""
    mapping = {k: v for k, v in options.items() if k not in HOST_KEYS}
    categories = options.get("categories")
    if isinstance(categories, Mapping) and categories:
        mapping["sections"] = _sections(categories, options.get("sections"))
    language = vocab.language_for_locale(str(settings.get("DEFAULT_LANG") or ""))
    if language and "language" not in mapping:
        mapping["language"] = language
    return mapping


def _sections(categories: Mapping[str, object], sections: object) -> object:
    if sections is not None and not isinstance(sections, Mapping):
        return sections  # the core names the problem
    rules: dict[str, object] = {name: {"category": value} for name, value in categories.items()}
    for name, rule in (sections or {}).items():
        earlier = rules.get(name)
        merge = isinstance(earlier, Mapping) and isinstance(rule, Mapping)
        rules[name] = {**earlier, **rule} if merge else rule  # type: ignore[dict-item]
    return rules


def _named_as_written(problem: Problem, options: Mapping[str, object]) -> Problem:
    """A bad ``categories`` value reaches the core as ``sections.NAME.category``: name it back."""
    categories = options.get("categories")
    for name in categories if isinstance(categories, Mapping) else ():
        if problem.key == f"sections.{name}.category":
            return Problem(f"categories.{name}", problem.value, problem.allowed)
    return problem
