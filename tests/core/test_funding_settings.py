"""The ``funding`` setting in SiteConfig: every layer, the keys as written, FUNDING.yml, isolation,
and pages without a Flattr account (``FundingOnly``)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from flattr_core.errors import ConfigError, LayerError
from flattr_core.models import ButtonOptions, ContentItem
from flattr_core.providers import Account, Funding
from flattr_core.settings import FundingOnly, Resolved, SiteConfig, author_problems, page_problems

URL = "https://blog.example/posts/one/"
SITE = {
    "username": "alice",
    "funding": {"liberapay": "alice", "github": "alice", "web_monetization": "https://w.example/a"},
    "sections": {"podcast/*": {"funding": {"patreon": "showrunner", "github": False}}},
    "authors": {
        "Bob": {"username": "bob", "funding": {"liberapay": "bob", "ko_fi": "bob"}},
        "Carol": {"funding": {"web_monetization": "https://w.example/carol"}},
        "Dan": "dan",
    },
}


def config(data: Mapping[str, object], **kwargs: object) -> SiteConfig:
    return SiteConfig.from_mapping(data, environ={}, **kwargs)  # type: ignore[arg-type]


def page(**kwargs: object) -> ContentItem:
    return ContentItem(url=URL, title="One", **kwargs)  # type: ignore[arg-type]


def accounts(funding: Funding) -> list[tuple[str, str]]:
    return [(account.provider, account.name) for account in funding.accounts]


def test_each_provider_is_decided_by_the_most_specific_layer_that_names_it() -> None:
    site = config(SITE)
    found = site.resolve_support(
        page(
            authors=("Bob",),
            sections=("podcast/ep1.md",),
            overrides={"funding": {"liberapay": "guest", "buy_me_a_coffee": "guest"}},
        )
    )
    assert isinstance(found, Resolved)
    assert found.thing.owner.username == "bob"
    assert accounts(found.funding) == [
        ("patreon", "showrunner"),  # the section's
        ("ko_fi", "bob"),  # the author's
        ("liberapay", "guest"),  # the page's, over the author's and the site's
        ("buy_me_a_coffee", "guest"),
        ("web_monetization", "https://w.example/a"),  # the site's; the section drops GitHub
    ]


def test_a_page_turns_one_provider_off_or_every_one() -> None:
    site = config(SITE)
    one = site.resolve_support(page(overrides={"funding": {"liberapay": "no"}}))
    assert one is not None
    assert accounts(one.funding) == [
        ("github", "alice"),
        ("web_monetization", "https://w.example/a"),
    ]
    none = site.resolve_support(page(overrides={"funding": False}))
    assert isinstance(none, Resolved)
    assert none.funding == Funding()
    assert none.thing.owner.username == "alice"  # Flattr stays


def test_flattr_false_and_exclude_turn_the_whole_support_block_off() -> None:
    site = config({**SITE, "exclude": ["drafts/*"]})
    assert site.resolve_support(page(overrides={"flattr": False})) is None
    assert site.resolve_support(page(sections=("drafts/x.md",))) is None


def test_no_flattr_account_anywhere_gives_funding_only_and_nothing_to_register() -> None:
    site = config({"funding": {"liberapay": "alice"}, "button": "widget", "position": "top"})
    found = site.resolve_support(page())
    assert found == FundingOnly(
        ButtonOptions("widget", "top"), Funding((Account("liberapay", "alice"),))
    )
    assert found.thing is None
    with pytest.raises(ConfigError) as caught:  # the Flattr door's results always have a thing
        site.resolve(page())
    assert [p.key for p in caught.value.problems] == ["username"]


def test_an_author_with_other_providers_only_keeps_the_sites_flattr_account() -> None:
    site = config(SITE)
    found = site.resolve_support(page(authors=("Carol",)))
    assert isinstance(found, Resolved)
    assert found.thing.owner.username == "alice"
    assert found.funding.wallets == ("https://w.example/carol",)
    assert author_problems({"funding": {"liberapay": "carol"}}) == ()
    assert [p.key for p in author_problems({"flattr_id": "abc123"})] == ["username"]


def test_a_page_with_neither_gets_nothing_where_the_site_uses_other_providers() -> None:
    site = config({"authors": {"Carol": {"funding": {"liberapay": "carol"}}}})
    assert site.uses_funding
    assert site.resolve_support(page(authors=("Erin",))) is None
    assert isinstance(site.resolve_support(page(authors=("Carol",))), FundingOnly)


def test_a_flattr_only_site_still_names_the_missing_username() -> None:
    site = config({"authors": {"Dan": "dan"}})
    assert not site.uses_funding
    with pytest.raises(ConfigError) as caught:
        site.resolve_support(page())
    assert [p.key for p in caught.value.problems] == ["username"]


def test_without_funding_nothing_changes_for_the_flattr_door() -> None:
    site = config({"username": "alice"})
    found = site.resolve(page())
    assert isinstance(found, Resolved)
    assert found.funding == Funding()
    assert found == site.resolve_support(page())


def test_the_sites_own_funding_is_the_site_layers_and_none_when_off() -> None:
    site = config(SITE)
    assert accounts(site.funding) == [
        ("github", "alice"),
        ("liberapay", "alice"),
        ("web_monetization", "https://w.example/a"),
    ]
    assert config({**SITE, "enabled": False}).funding == Funding()


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"funding": {"liberapay": "https://liberapay.com/bob"}}, "funding.liberapay"),
        ({"funding": {"github": ["ok", "not ok"]}}, "funding.github[1]"),
        ({"sections": {"blog/*": {"funding": {"ko_fi": "a b"}}}}, "sections.blog/*.funding.ko_fi"),
        ({"authors": {"Bob": {"funding": {"patreon": {"username": "x", "user_id": "y"}}}}},
         "authors.Bob.funding.patreon.user_id"),
        ({"funding": {"web_monetization": "$wallet.example/bob"}}, "funding.web_monetization"),
        ({"funding": 5}, "funding"),
    ],
)  # fmt: skip
def test_every_bad_value_is_named_by_its_key_as_written(data: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        config(data, source="mkdocs.yml")
    (problem,) = caught.value.problems
    assert problem.key == key
    assert problem.allowed
    assert caught.value.source == "mkdocs.yml"


def test_a_pointer_is_refused_with_its_https_form() -> None:
    with pytest.raises(ConfigError, match=r"https://wallet\.example/bob"):
        config({"funding": {"web_monetization": "$wallet.example/bob"}})


def test_an_unknown_provider_is_named_without_its_value() -> None:
    with pytest.raises(ConfigError) as caught:
        config({"funding": {"tokken": "s3cret-value"}})
    assert "s3cret-value" not in str(caught.value)
    assert [p.key for p in caught.value.problems] == ["funding.tokken"]


def test_a_pages_bad_funding_names_the_page_and_the_key() -> None:
    with pytest.raises(ConfigError) as caught:
        config(SITE).resolve_support(page(overrides={"funding": {"liberapay": "@bob x"}}))
    assert [p.key for p in caught.value.problems] == ["funding.liberapay"]
    assert caught.value.source == URL
    assert [p.key for p in page_problems({"funding": {"polar": ""}})] == ["funding.polar"]


def test_funding_yml_is_read_relative_to_the_config_folder(tmp_path: Path) -> None:
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "FUNDING.yml").write_text(
        "github: [octocat, mona]\nliberapay: bob\ntidelift: npm/x\n", encoding="utf-8"
    )
    site = config({"username": "alice", "funding": ".github/FUNDING.yml"}, base=tmp_path)
    assert accounts(site.funding) == [
        ("github", "octocat"),
        ("github", "mona"),
        ("liberapay", "bob"),
    ]


def test_a_bad_funding_yml_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "FUNDING.yml").write_text("liberapay: bob\nko_fi: a b\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        config({"funding": "FUNDING.yml"}, base=tmp_path)
    (problem,) = caught.value.problems
    assert problem.key == "funding.ko_fi (line 2) in FUNDING.yml"
    with pytest.raises(ConfigError) as missing:
        config({"funding": "nowhere/FUNDING.yml"}, base=tmp_path)
    (problem,) = missing.value.problems
    assert (problem.key, problem.value) == ("funding", "nowhere/FUNDING.yml")
    assert "readable" in problem.allowed


def test_a_funding_yml_given_as_a_path_object_is_named_as_a_string_is(tmp_path: Path) -> None:
    (tmp_path / "FUNDING.yml").write_text("liberapay: bob\nko_fi: a b\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:  # as settings.py writes BASE_DIR / "FUNDING.yml"
        config({"funding": tmp_path / "FUNDING.yml"})
    (problem,) = caught.value.problems
    assert problem.key == f"funding.ko_fi (line 2) in {tmp_path / 'FUNDING.yml'}"


@pytest.mark.parametrize(
    "data",
    [
        {"authors": {"Bob": {"username": "bob", "funding": "FUNDING.yml"}}},
        {"sections": {"blog/*": {"funding": "FUNDING.yml"}}},
    ],
)
def test_only_the_site_may_name_a_file(tmp_path: Path, data: dict[str, object]) -> None:
    (tmp_path / "FUNDING.yml").write_text("liberapay: bob\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="site only"):
        config(data, base=tmp_path)
    with pytest.raises(ConfigError, match="site only"):
        config({"username": "a"}, base=tmp_path).resolve(page(overrides={"funding": "FUNDING.yml"}))


def test_a_bad_authors_funding_is_isolated_to_that_authors_pages() -> None:
    data = {
        "username": "alice",
        "funding": {"liberapay": "alice"},
        "authors": {"Bob": {"username": "bob", "funding": {"liberapay": "not a name"}}},
    }
    with pytest.raises(ConfigError):
        config(data)
    site = config(data, isolate_layers=True)
    assert [b.label for b in site.broken] == ["author 'Bob'"]
    assert [str(p.key) for p in site.broken[0].problems] == ["authors.Bob.funding.liberapay"]
    with pytest.raises(LayerError):  # never the site's Liberapay (or Flattr) for Bob's post
        site.resolve_support(page(authors=("Bob",)))
    other = site.resolve_support(page(authors=("Dan",)))
    assert other is not None
    assert accounts(other.funding) == [("liberapay", "alice")]


def test_funding_json_must_be_a_mapping() -> None:
    assert config({"funding_json": {"entity": {}}}).funding_json == {"entity": {}}
    with pytest.raises(ConfigError) as caught:
        config({"funding_json": "funding.json"})
    assert [p.key for p in caught.value.problems] == ["funding_json"]
