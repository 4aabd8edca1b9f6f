"""The plugin's options: the defaults, and a clear message (key, value, allowed) per bad one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.__main__ import cli
from mkdocs_sites import build_site

import mkdocs_flattr
from mkdocs_flattr.config import OPTION_NAMES
from mkdocs_flattr.plugin import FlattrPlugin


def errors_of(options: dict) -> dict[str, str]:
    errors, warnings = FlattrPlugin().load_config(options)
    assert warnings == []
    return {key: str(message) for key, message in errors}


def test_defaults_are_exact():
    plugin = FlattrPlugin()
    assert plugin.load_config({"username": "site_owner"}) == ([], [])
    assert dict(plugin.config) == {
        "username": "site_owner",
        "flattr_id": None,
        "authors": {},
        "funding": None,
        "funding_json": None,
        "category": "text",
        "language": None,
        "tags": [],
        "hidden": False,
        "button": "static",
        "position": "bottom",
        "exclude": [],
        "sections": {},
        "register": "auto",
        "token": None,
        "api_url": None,
        "web_url": None,
        "loader_url": None,
        "badge_url": None,
        "cache_dir": ".cache/plugin/flattr",
        "strict": False,
    }


# option -> (bad value, words the message must contain besides the value)
INVALID = {
    "username": ("bad name!", ["Flattr username"]),
    "flattr_id": ("TOOLONG1", ["6 lowercase letters or digits"]),
    "category": ("food", ["'text'", "'software'"]),
    "language": ("klingon", ["language ids"]),
    "tags": (5, ["list"]),
    "hidden": ("maybe", ["bool"]),
    "button": ("fancy", ["static", "widget"]),
    "position": ("middle", ["top", "both"]),
    "exclude": (7, ["list"]),
    "register": ("sometimes", ["'auto'", "'never'"]),
    "api_url": ("http://api.example.org", ["https"]),
    "web_url": ("ftp://example.org", ["https"]),
    "loader_url": ("http://cdn.example.org/load.js", ["https"]),
    "badge_url": (42, ["str"]),
    "cache_dir": (3, ["str"]),
    "strict": ("yes", ["bool"]),
    "authors": ([1, 2], ["dict"]),
    "sections": ("guide/*", ["dict"]),
    "funding": (42, ["mapping of providers", "FUNDING.yml"]),
    "funding_json": ("funding.json", ["dict"]),
}


@pytest.mark.parametrize("option", sorted(INVALID))
def test_each_invalid_option_is_named_with_its_value(option):
    value, words = INVALID[option]
    errors = errors_of({"username": "site_owner", option: value})
    assert list(errors) == [option]
    assert repr(value) in errors[option]
    for word in words:
        assert word in errors[option]


def test_every_option_has_an_invalid_case():
    assert set(INVALID) | {"token"} == set(OPTION_NAMES)


def test_nested_problems_name_the_full_key():
    errors = errors_of(
        {
            "username": "site_owner",
            "authors": {"Jane": "bad name!"},
            "sections": {"guide/*": {"category": "x"}},
        }
    )
    assert "'bad name!' is not allowed" in errors["authors.Jane.username"]
    assert "'x' is not allowed" in errors["sections.guide/*.category"]


def test_unknown_option_is_an_error_listing_the_options():
    errors = errors_of({"username": "site_owner", "colour": "red"})
    assert "unknown option 'colour'" in errors["colour"]
    assert "username" in errors["colour"]
    assert "button" in errors["colour"]


def test_all_problems_are_reported_at_once():
    errors = errors_of({"button": "fancy", "language": "xx", "category": "food", "colour": 1})
    assert set(errors) == {"button", "language", "category", "colour"}


def test_a_bad_token_never_shows_its_value():
    errors = errors_of({"username": "site_owner", "token": 987654321})
    assert "987654321" not in errors["token"]
    assert "string" in errors["token"]


def test_token_is_kept_as_a_secret(monkeypatch):
    plugin = FlattrPlugin()
    assert plugin.load_config({"username": "site_owner", "token": "s3cr3t-value"}) == ([], [])
    assert "s3cr3t-value" not in repr(plugin.config)
    assert plugin.config.token.reveal() == "s3cr3t-value"


def test_the_build_stops_with_the_message(site_factory):
    site = site_factory(flattr={"button": "fancy", "colour": "red"})
    result = CliRunner().invoke(
        cli, ["build", "-f", str(site.config_file), "-d", str(site.site_dir)]
    )
    assert result.exit_code == 1
    assert "Plugin 'flattr' option 'button': Expected one of" in result.output
    assert "'fancy'" in result.output
    assert "Plugin 'flattr' option 'colour': unknown option 'colour'" in result.output
    assert not (site.site_dir / "index.html").exists()


def test_token_from_env_tag(site_factory, monkeypatch):
    site = site_factory(flattr={"register": "never"})
    text = site.config_file.read_text(encoding="utf-8")
    text = text.replace("register: never", "register: never\n    token: !ENV MY_FLATTR_TOKEN")
    site.config_file.write_text(text, encoding="utf-8")
    monkeypatch.setenv("MY_FLATTR_TOKEN", "from-the-environment")
    from mkdocs.config import load_config

    config = load_config(str(site.config_file))
    assert config.plugins["flattr"].config.token.reveal() == "from-the-environment"


@pytest.mark.parametrize(
    ("front_matter", "words"),
    [
        ("flattr:\n  category: nope\n", ["guide/install", "category", "'nope'"]),
        ("flattr: maybe\n", ["guide/install", "'maybe'", "true or false"]),
        ("flattr:\n  colour: red\n", ["guide/install", "colour", "category"]),
    ],
)
def test_bad_page_settings_stop_the_build_naming_page_and_key(site_factory, front_matter, words):
    pages = {"index.md": "# Home\n", "guide/install.md": f"---\n{front_matter}---\n# Install\n"}
    site = site_factory(pages=pages)
    result = CliRunner().invoke(
        cli, ["build", "-f", str(site.config_file), "-d", str(site.site_dir)]
    )
    assert result.exit_code == 1
    for word in words:
        assert word in result.output


def test_username_is_required_unless_the_page_names_its_own(site_factory):
    pages = {
        "index.md": "---\nflattr:\n  username: home_owner\n---\n# Home\n",
        "other.md": "# Other page\n",
    }
    site = site_factory(pages=pages, flattr={"username": None})
    result = CliRunner().invoke(
        cli, ["build", "-f", str(site.config_file), "-d", str(site.site_dir)]
    )
    assert result.exit_code == 1
    assert "other/" in result.output
    assert "username" in result.output


def test_every_page_naming_its_owner_needs_no_site_username(site_factory):
    pages = {"index.md": "---\nflattr:\n  username: home_owner\n---\n# Home\n"}
    site = build_site(site_factory(pages=pages, flattr={"username": None}))
    assert "user_id=home_owner" in site.html("index.html")


def test_schema_lists_every_option():
    schema_path = Path(mkdocs_flattr.__file__).with_name("schema.json")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    options = schema["oneOf"][1]["properties"]["flattr"]["properties"]
    assert set(options) == set(OPTION_NAMES)
    assert schema["oneOf"][1]["properties"]["flattr"]["additionalProperties"] is False
