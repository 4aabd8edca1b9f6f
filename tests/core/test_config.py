"""SiteConfig: validation of every shared option, and resolution page > author > section > site."""

from collections.abc import Mapping
from pathlib import Path

import pytest

from flattr_core import vocab
from flattr_core.errors import ConfigError, ContentError
from flattr_core.models import ButtonOptions, ContentItem, Creator, Endpoints, Secret
from flattr_core.settings import SiteConfig, tokens
from flattr_core.settings import site as cfg

BAD_SITE_VALUES = {
    "username": "has space",
    "flattr_id": "ABC123",
    "category": "music",
    "language": "klingon",
    "tags": 42,
    "hidden": "maybe",
    "button": "huge",
    "position": "left",
    "exclude": 3,
    "authors": {"Jane": 7},
    "sections": {"blog/*": {"category": "nope"}},
    "register": "sometimes",
    "token": 1234,
    "api_url": "ftp://api.example.org",
    "web_url": "http://flattr.example.org",
    "loader_url": "/relative/load.js",
    "badge_url": "data:image/png;base64,AAAA",
    "strict": "very",
    "enabled": [],
    "funding": {"liberapay": "https://liberapay.com/bob"},
    "funding_json": ["entity"],
}
BAD_PAGE_VALUES = {
    key: BAD_SITE_VALUES[key]
    for key in ("username", "flattr_id", "category", "language", "tags", "hidden", "button")
} | {"position": "middle", "enabled": "perhaps", "title": 5, "description": ["x"], "funding": 7}


def config(data: Mapping[str, object], **kwargs: object) -> SiteConfig:
    return SiteConfig.from_mapping(data, environ={}, **kwargs)  # type: ignore[arg-type]


def item(url: str = "https://blog.example.org/post/", **kwargs: object) -> ContentItem:
    return ContentItem(url=url, title=str(kwargs.pop("title", "A post title")), **kwargs)  # type: ignore[arg-type]


def test_defaults() -> None:
    site = config({})
    assert site.endpoints == Endpoints()
    assert site.button == ButtonOptions("static", "bottom")
    assert (site.register, site.token, site.strict, site.exclude) == ("auto", None, False, ())


def test_every_shared_option_is_tested() -> None:
    assert set(BAD_SITE_VALUES) == set(cfg.SITE_CHECKS)
    assert set(BAD_PAGE_VALUES) == set(cfg.LAYER_CHECKS)


@pytest.mark.parametrize(("key", "value"), BAD_SITE_VALUES.items())
def test_each_invalid_site_option_is_named(key: str, value: object) -> None:
    with pytest.raises(ConfigError) as caught:
        config({"username": "jane", key: value}, source="mkdocs.yml")
    (problem,) = caught.value.problems
    assert problem.key.split(".")[0] == key
    assert problem.allowed
    assert "mkdocs.yml" in str(caught.value)
    assert key in str(caught.value)


@pytest.mark.parametrize(("key", "value"), BAD_PAGE_VALUES.items())
def test_each_invalid_page_option_names_the_page_and_key(key: str, value: object) -> None:
    page = item(overrides={key: value})
    with pytest.raises(ConfigError) as caught:
        config({"username": "jane"}).resolve(page)
    assert [p.key for p in caught.value.problems] == [key]
    assert caught.value.source == page.url
    assert page.url in str(caught.value)


def test_all_problems_are_reported_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        config(BAD_SITE_VALUES | {"unknown_key": 1})
    keys = [p.key for p in caught.value.problems]
    assert keys[-1] == "unknown_key"
    assert {k.split(".")[0] for k in keys[:-1]} == set(BAD_SITE_VALUES)
    assert f"{len(keys)} problems" in str(caught.value)


def test_nested_problems_name_their_path() -> None:
    data = {"sections": {"blog/*": {"category": "x", "typo": 1}}, "authors": {"Al": {}}}
    with pytest.raises(ConfigError) as caught:
        config(data)
    keys = [p.key for p in caught.value.problems]
    assert keys == ["sections.blog/*.category", "sections.blog/*.typo", "authors.Al.username"]


def test_host_keys_are_ignored_and_unknown_keys_are_not() -> None:
    assert config({"theme_colour": "red"}, host_keys=["theme_colour"]).site.username is None
    with pytest.raises(ConfigError, match="theme_colour"):
        config({"theme_colour": "red"})


def test_a_mapping_is_required() -> None:
    with pytest.raises(
        ConfigError, match=r"flattr: \['username'\] is not allowed; expected a mapping"
    ):
        config(["username"])  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="flattr: 'no' is not allowed; expected a mapping"):
        config({"username": "u"}).resolve(item(overrides="no"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), ("no", False), ("FALSE", False), ("Yes", True), (" on ", True), (0, False)],
)
def test_booleans_accept_real_bools_and_pelican_strings(value: object, expected: bool) -> None:
    assert config({"hidden": value}).site.hidden is expected


def test_none_means_not_set() -> None:
    assert config({"username": None, "category": None}).site == cfg.Layer()


def test_tags_from_string_or_list_are_cleaned() -> None:
    assert config({"tags": "a, b ;A"}).site.tags == ("a", "b")
    assert config({"tags": ["x,y", "X "]}).site.tags == ("x", "y")


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8765/rest/v2", "http://localhost:1", "http://[::1]:9/", "https://x.io/"],
)
def test_endpoints_allow_http_only_on_loopback(url: str) -> None:
    site = config({"api_url": url, "web_url": url})
    assert site.endpoints.api_url == url.rstrip("/")
    assert site.endpoints.submit_url == url.rstrip("/") + "/submit/auto"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org",
        "https://user:pw@example.org",
        "https://example.org/?q=1",
        "//example.org",
        "javascript:alert(1)",
    ],
)
def test_endpoints_refuse_unsafe_urls(url: str) -> None:
    with pytest.raises(ConfigError, match="api_url"):
        config({"api_url": url})


def test_token_from_mapping_or_environment_never_shown() -> None:
    assert config({"token": " abc "}).token == Secret("abc")
    from_env = SiteConfig.from_mapping({}, environ={"FLATTR_TOKEN": "envtoken"})
    assert from_env.token == Secret("envtoken")
    assert "envtoken" not in repr(from_env)
    assert config({}).token is None
    assert config({"token": ""}).token is None


def test_token_falls_back_to_the_login_file_of_the_same_api(tmp_path: Path) -> None:
    environ = {"FLATTR_CONFIG_DIR": str(tmp_path)}
    api = "http://127.0.0.1:8765/rest/v2"
    tokens.save_token(api, Secret("from-file"), environ=environ)
    same_api = SiteConfig.from_mapping({"api_url": api}, environ=environ)
    assert same_api.token == Secret("from-file")
    assert SiteConfig.from_mapping({}, environ=environ).token is None
    with_env = SiteConfig.from_mapping({"api_url": api}, environ={**environ, "FLATTR_TOKEN": "e"})
    assert with_env.token == Secret("e")
    own_only = SiteConfig.from_mapping(
        {"api_url": api}, environ={**environ, "FLATTR_TOKEN": "e"}, token_fallback=False
    )
    assert own_only.token is None
    given = SiteConfig.from_mapping({"api_url": api, "token": "t"}, token_fallback=False)
    assert given.token == Secret("t")


def test_a_misspelt_token_is_not_shown() -> None:
    with pytest.raises(ConfigError) as caught:
        config({"tokne": "s3cr3t-value"})
    assert "s3cr3t" not in str(caught.value)


SITE = {
    "username": "site_user",
    "category": "text",
    "language": "de_DE",
    "tags": ["site"],
    "authors": {"Ann": "ann", "Bob": {"username": "bob", "flattr_id": "bob123"}},
    "sections": {
        "blog/*": {"username": "blogger", "category": "software", "tags": "blog", "hidden": "yes"},
        "Podcasts": {"category": "audio", "button": "widget"},
        "drafts/*": {"enabled": False},
    },
    "exclude": ["private/*"],
}


def resolve(**kwargs: object) -> cfg.Resolved:
    resolved = config(SITE).resolve(item(**kwargs))
    assert resolved is not None
    return resolved


def test_site_settings_apply_when_nothing_else_does() -> None:
    thing = resolve(sections=("about.md",)).thing
    assert (thing.owner, thing.category, thing.language) == (Creator("site_user"), "text", "de_DE")
    assert (thing.tags, thing.hidden) == (("site",), False)


def test_section_beats_site() -> None:
    thing = resolve(sections=("blog/one.md",)).thing
    assert (thing.owner.username, thing.category, thing.hidden) == ("blogger", "software", True)
    assert thing.tags == ("site", "blog")


def test_category_sections_match_later_entries() -> None:
    resolved = resolve(sections=("talks/one.md", "Podcasts"))
    assert resolved.thing.category == "audio"
    assert resolved.button == ButtonOptions("widget", "bottom")


def test_author_beats_section_and_brings_flattr_id() -> None:
    thing = resolve(sections=("blog/one.md",), authors=("Nobody", "Bob", "Ann")).thing
    assert thing.owner == Creator("bob", "bob123")


def test_page_beats_author_section_and_site() -> None:
    overrides = {"username": "pager", "category": "video", "hidden": False, "tags": "own, blog"}
    thing = resolve(sections=("blog/x.md",), authors=("Bob",), overrides=overrides).thing
    assert (thing.owner, thing.category, thing.hidden) == (Creator("pager"), "video", False)
    assert thing.tags == ("site", "blog", "own")


def test_page_flattr_id_attaches_to_the_resolved_account() -> None:
    thing = resolve(authors=("Ann",), overrides={"flattr_id": "ann999"}).thing
    assert thing.owner == Creator("ann", "ann999")


def test_tags_accumulate_site_section_item_page() -> None:
    thing = resolve(sections=("blog/a",), tags=("Item", "SITE"), overrides={"tags": ["page"]}).thing
    assert thing.tags == ("site", "blog", "Item", "page")


def test_title_and_description_come_from_page_then_item() -> None:
    thing = resolve(
        title="Item title", summary_html="<p>Summary</p>", body_html="<p>Body</p>"
    ).thing
    assert (thing.title, thing.description) == ("Item title", "Summary")
    overrides = {"title": "Own title", "description": "Own words"}
    thing = resolve(body_html="<p>Body text</p>", overrides=overrides).thing
    assert (thing.title, thing.description) == ("Own title", "Own words")
    assert resolve(title="A long enough title").thing.description == "A long enough title"


@pytest.mark.parametrize(
    ("overrides", "sections"),
    [
        ({"enabled": False}, ()),
        ({"flattr": "no"}, ()),
        ({}, ("drafts/wip.md",)),
        ({}, ("private/secret.md",)),
    ],
)
def test_opted_out_or_excluded_pages_resolve_to_none(
    overrides: dict[str, object], sections: tuple[str, ...]
) -> None:
    assert config(SITE).resolve(item(overrides=overrides, sections=sections)) is None


def test_page_can_opt_back_in() -> None:
    page = item(sections=("drafts/wip.md",), overrides={"enabled": True})
    assert config(SITE).resolve(page) is not None


def test_exclude_only_looks_at_the_source_path() -> None:
    assert config(SITE).resolve(item(sections=("blog/x.md", "private/y"))) is not None


def test_site_switch_off() -> None:
    assert config({"username": "u", "enabled": False}).resolve(item()) is None


def test_missing_username_names_the_page() -> None:
    page = item(url="https://ex.org/orphan/")
    with pytest.raises(ConfigError) as caught:
        config({}).resolve(page)
    assert caught.value.source == page.url
    assert [p.key for p in caught.value.problems] == ["username"]


def test_bad_item_url_is_a_content_error() -> None:
    with pytest.raises(ContentError, match="url"):
        config(SITE).resolve(item(url="javascript:alert(1)"))


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "en_GB"),
        ("en_US", "en_GB"),
        ("en-GB", "en_GB"),
        ("pt_BR", "pt_PT"),
        ("de_AT", "de_DE"),
        ("he", "iw_IL"),
        ("xx_YY", "de_DE"),
        ("", "de_DE"),
        (None, "de_DE"),
    ],
)
def test_language_from_locale_else_site(locale: str | None, expected: str) -> None:
    assert resolve(locale=locale).thing.language == expected


def test_language_falls_back_to_en_gb() -> None:
    resolved = config({"username": "u"}).resolve(item(locale="tlh"))
    assert resolved is not None
    assert resolved.thing.language == "en_GB"


def test_page_language_beats_locale() -> None:
    assert resolve(locale="fr", overrides={"language": "sv"}).thing.language == "sv_SE"


@pytest.mark.parametrize("locale", ["en_US", "zz", "pt-BR", "nb_NO", "sr_Latn_RS", "C", "x"])
def test_language_is_never_an_invalid_code(locale: str) -> None:
    assert vocab.is_language(resolve(locale=locale).thing.language)


def test_channel_thing_uses_site_settings_only() -> None:
    channel = config(SITE).channel_thing("https://blog.example.org/", "My blog", "About it")
    assert (channel.owner, channel.title, channel.description) == (
        Creator("site_user"),
        "My blog",
        "About it",
    )
    assert (channel.language, channel.tags) == ("de_DE", ("site",))
