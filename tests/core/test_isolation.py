"""Layer isolation: an invalid author or section costs only its own pages their thing, never
the whole site, and never sends a page's money to another account instead."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from flattr_core.errors import ConfigError, LayerError
from flattr_core.models import ContentItem, Creator
from flattr_core.settings import SiteConfig, author_problems, page_problems

SITE: Mapping[str, object] = {
    "username": "site_user",
    "authors": {
        "Ann": "ann",
        "Typo": {"username": "bad name!"},
        "Lost": {"flattr_id": "lost01"},
        "Seven": 7,
    },
    "sections": {
        "blog/*": {"category": "software"},
        "talks/*": {"category": "speeches"},
    },
}


def isolated(data: Mapping[str, object] = SITE) -> SiteConfig:
    return SiteConfig.from_mapping(data, environ={}, isolate_layers=True)


def item(**kwargs: object) -> ContentItem:
    url = str(kwargs.pop("url", "https://blog.example.org/post/"))
    return ContentItem(url=url, title="A post title", **kwargs)  # type: ignore[arg-type]


def test_invalid_entries_are_kept_aside_with_their_problems() -> None:
    config = isolated()
    assert set(config.authors) == {"Ann"}
    assert [pattern for pattern, _ in config.sections] == ["blog/*"]
    found = {b.label: [p.key for p in b.problems] for b in config.broken}
    assert found == {
        "author 'Typo'": ["authors.Typo.username"],
        "author 'Lost'": ["authors.Lost.username"],
        "author 'Seven'": ["authors.Seven"],
        "section 'talks/*'": ["sections.talks/*.category"],
    }


def test_without_isolation_the_same_mapping_is_one_error() -> None:
    with pytest.raises(ConfigError) as caught:
        SiteConfig.from_mapping(SITE, environ={})
    assert len(caught.value.problems) == 4


@pytest.mark.parametrize(
    "data",
    [
        {**SITE, "username": "has space"},
        {**SITE, "button": "huge"},
        {**SITE, "authors": ["Ann"]},
        {**SITE, "sections": "blog/*"},
        {**SITE, "colour": "red"},
    ],
)
def test_site_level_values_stay_strict(data: Mapping[str, object]) -> None:
    with pytest.raises(ConfigError) as caught:
        isolated(data)
    assert not isinstance(caught.value, LayerError)


def test_other_pages_are_unaffected() -> None:
    config = isolated()
    mine = config.resolve(item(authors=("Ann",), sections=("blog/a.md",)))
    site = config.resolve(item(sections=("about.md",)))
    assert mine is not None
    assert site is not None
    assert (mine.thing.owner, mine.thing.category) == (Creator("ann"), "software")
    assert site.thing.owner == Creator("site_user")


@pytest.mark.parametrize(
    ("authors", "layer"),
    [
        (("Typo",), "author 'Typo'"),
        (("Typo", "Ann"), "author 'Typo'"),
        (("X", "Lost"), "author 'Lost'"),
    ],
)
def test_a_page_of_a_broken_author_gets_no_thing_never_another_account(
    authors: tuple[str, ...], layer: str
) -> None:
    page = item(url="https://blog.example.org/typo/", authors=authors)
    with pytest.raises(LayerError) as caught:
        isolated().resolve(page)
    error = caught.value
    assert error.layer == layer
    assert error.source == page.url
    assert page.url in str(error)
    assert error.layer in str(error)
    assert "no other account" in str(error)


def test_a_later_broken_author_does_not_matter_when_an_earlier_one_is_valid() -> None:
    resolved = isolated().resolve(item(authors=("Ann", "Typo")))
    assert resolved is not None
    assert resolved.thing.owner == Creator("ann")


def test_a_page_in_a_broken_section_gets_no_thing() -> None:
    with pytest.raises(LayerError) as caught:
        isolated().resolve(item(sections=("talks/keynote.md",)))
    assert caught.value.layer == "section 'talks/*'"
    assert [p.key for p in caught.value.problems] == ["sections.talks/*.category"]


def test_an_opted_out_page_of_a_broken_author_is_simply_opted_out() -> None:
    assert isolated().resolve(item(authors=("Typo",), overrides={"enabled": False})) is None


def test_a_pages_own_bad_value_affects_that_page_only() -> None:
    config = isolated()
    with pytest.raises(ConfigError) as caught:
        config.resolve(item(url="https://blog.example.org/bad/", overrides={"username": "x y"}))
    assert caught.value.source == "https://blog.example.org/bad/"
    assert config.resolve(item(url="https://blog.example.org/good/")) is not None


def test_problems_for_forms_name_the_field_and_what_is_allowed() -> None:
    assert page_problems({"username": "alice", "tags": ["a"]}) == ()
    [problem] = page_problems({"username": "bad name!", "enabled": True})
    assert (problem.key, problem.value) == ("username", "bad name!")
    assert "Flattr username" in problem.allowed
    assert author_problems({"username": "ann", "flattr_id": "ann123"}) == ()
    assert [p.key for p in author_problems({"username": "ann", "flattr_id": "ANN"})] == [
        "flattr_id"
    ]
    assert [p.key for p in author_problems({"flattr_id": "ann123"})] == ["username"]
