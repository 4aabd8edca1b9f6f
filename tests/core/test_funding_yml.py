"""FUNDING.yml: the YAML subset GitHub documents, read strictly; problems name file and line."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flattr_core.errors import ConfigError
from flattr_core.providers import (
    Account,
    FundingLayer,
    funding_layer,
    layer_mapping,
    parse_funding_yml,
    read_funding_yml,
)

# GitHub's own template, as "Set up sponsor button" writes it (every value a comment).
GITHUB_TEMPLATE = """\
# These are supported funding model platforms

github: # Replace with up to 4 GitHub Sponsors-enabled usernames e.g., [user1, user2]
patreon: # Replace with a single Patreon username
open_collective: # Replace with a single Open Collective username
ko_fi: # Replace with a single Ko-fi username
tidelift: # Replace with a single Tidelift platform-name/package-name e.g., npm/babel
community_bridge: # Replace with a single Community Bridge project-name e.g., cloud-foundry
liberapay: # Replace with a single Liberapay username
issuehunt: # Replace with a single IssueHunt username
lfx_crowdfunding: # Replace with a single LFX Crowdfunding project-name e.g., cloud-foundry
polar: # Replace with a single Polar username
buy_me_a_coffee: # Replace with a single Buy Me a Coffee username
thanks_dev: # Replace with a single thanks.dev username
custom: # Replace with up to 4 custom sponsorship URLs e.g., ['link1', 'link2']
"""
FILLED = """\
---
github: [octocat, 'surftocat', "mona"]  # three of up to four
patreon: octocat
open_collective: ~
ko_fi: octocat
tidelift: npm/octo-lib
liberapay: 'octo.cat'
polar: null
buy_me_a_coffee: "octocat"
thanks_dev: u/gh/octocat
custom:
  - https://example.org/support#top
  - "https://example.org/give"   # a comment after a quoted item
"""


def test_githubs_template_sets_nothing() -> None:
    assert parse_funding_yml(GITHUB_TEMPLATE).layer == FundingLayer()
    assert parse_funding_yml(GITHUB_TEMPLATE).ignored == ()


def test_a_filled_file_reads_every_form() -> None:
    found = parse_funding_yml(FILLED)
    assert dict(found.layer.accounts) == {
        "github": tuple(Account("github", n) for n in ("octocat", "surftocat", "mona")),
        "patreon": (Account("patreon", "octocat"),),
        "ko_fi": (Account("ko_fi", "octocat"),),
        "liberapay": (Account("liberapay", "octo.cat"),),
        "buy_me_a_coffee": (Account("buy_me_a_coffee", "octocat"),),
        "thanks_dev": (Account("thanks_dev", "u/gh/octocat"),),
        "custom": (
            Account("custom", "https://example.org/support#top"),
            Account("custom", "https://example.org/give"),
        ),
    }
    assert found.ignored == ("tidelift",)


def test_a_files_layer_is_the_funding_mapping_that_gives_it_back() -> None:
    layer = parse_funding_yml(FILLED).layer
    mapping = layer_mapping(layer)
    assert isinstance(mapping, dict)
    assert mapping["github"] == ["octocat", "surftocat", "mona"]
    assert mapping["liberapay"] == "octo.cat"  # a single-account provider: one value
    assert funding_layer(mapping) == layer


@pytest.mark.parametrize(
    "layer",
    [
        FundingLayer(all_off=True),
        FundingLayer(off=frozenset({"github", "web_monetization"})),
        FundingLayer((("patreon", (Account("patreon", "no"),)),)),  # a switch word: mapping
        FundingLayer((("ko_fi", (Account("ko_fi", "bob", "B0B4AHLJ"),)),)),
        FundingLayer((("custom", (Account("custom", "https://example.org/off"),)),)),
    ],
)
def test_every_layer_is_a_funding_mapping_that_gives_it_back(layer: FundingLayer) -> None:
    assert funding_layer(layer_mapping(layer)) == layer


def test_a_quoted_doubled_quote_is_one_quote() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_funding_yml("liberapay: 'octo''cat'\n")
    assert caught.value.problems[0].value == "octo'cat"


@pytest.mark.parametrize(
    ("text", "key", "allowed"),
    [
        ("github: a\ngithub: b\n", "line 2", "each key once (first on line 1)"),
        ("\tgithub: a\n", "line 1", "lines indented with spaces"),
        ("github:\n  nested: a\n", "line 2", "nested mappings are not FUNDING.yml"),
        ("github: &anchor a\n", "line 1", "no anchors, tags"),
        ("github: *alias\n", "line 1", "no anchors, tags"),
        ("github: !tag a\n", "line 1", "no anchors, tags"),
        ("github: |\n  a\n", "line 1", "no anchors, tags"),
        ("github: [a,\n  b]\n", "line 1", "a list on one line"),
        ("github: [a b]\n", "github (line 1)", "a GitHub username"),
        ("github: [[a]]\n", "line 1", "no anchors, tags, nested lists"),
        ("github: a: b\n", "line 1", "without ': '"),
        ("github: 'a\n", "line 1", "closed on the same line"),
        ('github: "a\\tb"\n', "line 1", "only escapes"),
        ("github: 'a' b\n", "line 1", "then only a comment"),
        ("- a\n", "line 1", "right under its key"),
        ("github:a\n", "line 1", "key: value"),
        ("github: a\n---\n", "line 2", "one YAML document"),
    ],
)
def test_yaml_beyond_the_subset_is_refused_with_its_line(text: str, key: str, allowed: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_funding_yml(text, "repo/.github/FUNDING.yml")
    assert caught.value.source == "repo/.github/FUNDING.yml"
    assert "repo/.github/FUNDING.yml" in str(caught.value)
    problem = caught.value.problems[0]
    assert problem.key.startswith(key)
    assert allowed in problem.allowed


def test_value_problems_name_the_key_and_its_line() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_funding_yml("patreon: ok\ngithub: [good, -bad-]\nliberapay: [a, b]\n", "F.yml")
    assert [(p.key, p.value) for p in caught.value.problems] == [
        ("github[1] (line 2)", "-bad-"),
        ("liberapay (line 3)", ["a", "b"]),
    ]


def test_unknown_keys_and_their_lines_never_show_their_values() -> None:
    text = "github: octocat\ntoken: s3cret\napi_key:\n  - s3cret2\npasword:s3cret3\n"
    with pytest.raises(ConfigError) as caught:
        parse_funding_yml(text)
    message = str(caught.value)
    assert "s3cret" not in message
    assert {p.key for p in caught.value.problems} == {
        "token (line 2)",
        "api_key (line 3)",
        "line 5",
    }


def test_paypal_and_wallets_are_not_funding_yml_keys() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_funding_yml("paypal: bob\nweb_monetization: https://w.example/a\n")
    assert [p.key for p in caught.value.problems] == [
        "paypal (line 1)",
        "web_monetization (line 2)",
    ]


def test_read_names_the_file(tmp_path: Path) -> None:
    good = tmp_path / "FUNDING.yml"
    good.write_bytes(b"\xef\xbb\xbfliberapay: bob\r\n")
    assert read_funding_yml(good).layer.accounts == (("liberapay", (Account("liberapay", "bob"),)),)
    for path, content, allowed in [
        (tmp_path / "missing.yml", None, "a readable FUNDING.yml file"),
        (tmp_path / "latin1.yml", b"github: \xe9\n", "a UTF-8 text file"),
        (tmp_path / "huge.yml", b"#" * 70_000, "at most 65536 bytes"),
    ]:
        if content is not None:
            path.write_bytes(content)
        with pytest.raises(ConfigError) as caught:
            read_funding_yml(path)
        assert caught.value.source == str(path)
        assert allowed in caught.value.problems[0].allowed


names = st.from_regex(r"[A-Za-z0-9](?:-?[A-Za-z0-9]){0,10}", fullmatch=True)


def _quoted(name: str, style: int) -> str:
    return [name, f"'{name}'", f'"{name}"'][style]


@given(st.lists(names, min_size=1, max_size=4, unique=True), st.integers(0, 2), st.booleans())
def test_any_written_form_reads_back_the_same_names(
    users: list[str], style: int, block: bool
) -> None:
    items = [_quoted(user, style) for user in users]
    if block:
        text = "github:   # sponsors\n" + "".join(f"  - {item}  # x\n" for item in items)
    else:
        text = "github: [" + ", ".join(items) + "]\n"
    found = parse_funding_yml(text).layer
    assert found.accounts == (("github", tuple(Account("github", user) for user in users)),)
