"""Provider values: every provider's rules, its support page, the funding setting, the merge."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flattr_core.errors import ConfigError
from flattr_core.providers import (
    ORDER,
    PROVIDERS,
    Account,
    Funding,
    FundingLayer,
    funding_layer,
    label,
    merge,
    missing_widget_ids,
    pointer_url,
    public_json_url,
    resolve,
    support_url,
)
from flattr_core.providers.config import OFF_WORDS, ON_WORDS

GOOD = {
    "github": ["octocat", "a", "Mona-Lisa-2", "x" * 39],
    "patreon": ["bob", "Bob_Art", "b.o-b"],
    "open_collective": ["webpack", "my-collective"],
    "ko_fi": ["bob", "bob_99"],
    "liberapay": ["bob", "_bob", "b.o.b", "x" * 32],
    "buy_me_a_coffee": ["bob", "bob.art"],
    "polar": ["bob", "my-org"],
    "thanks_dev": ["u/gh/octocat", "octocat", "d/gl/my-group"],
    "paypal": ["bob", "Bob1234567890abcdefg"],
    "custom": ["https://example.org/support", "http://127.0.0.1:8000/give"],
    "web_monetization": ["https://wallet.example/alice", "https://ilp.gatehub.net/123456"],
}
BAD = {
    "github": ["-octocat", "octocat-", "octo--cat", "x" * 40, "octo_cat", "", "octo cat"],
    "patreon": ["", ".bob", "b/ob", "bob?x", "x" * 101],
    "open_collective": ["web_pack", "-x", "a/b"],
    "ko_fi": ["", "bob/x", "../x"],
    "liberapay": ["x" * 33, ".bob", "bo b", "bob/x", "bob@x"],
    "buy_me_a_coffee": ["b ob", "/bob"],
    "polar": ["polar?", "a b"],
    "thanks_dev": ["u/gh/octo/cat", "u/../x", "u/gh/", "u//x", "a b"],
    "paypal": ["bob.smith", "x" * 21, "bob-1"],
    "custom": ["javascript:alert(1)", "ftp://example.org/", "https://u:p@example.org/", "/give"],
    "web_monetization": ["http://wallet.example/alice", "https://wallet.example/a?x=1", "ilp"],
}
PAGES = {
    "github": "https://github.com/sponsors/octocat",
    "patreon": "https://www.patreon.com/octocat",
    "open_collective": "https://opencollective.com/octocat/donate",
    "ko_fi": "https://ko-fi.com/octocat",
    "liberapay": "https://liberapay.com/octocat/donate",
    "buy_me_a_coffee": "https://buymeacoffee.com/octocat",
    "polar": "https://polar.sh/octocat",
    "thanks_dev": "https://thanks.dev/octocat",
    "paypal": "https://paypal.me/octocat",
}


def test_the_table_has_every_provider_of_the_issue_in_order() -> None:
    assert tuple(PROVIDERS) == ORDER
    assert set(ORDER) == set(GOOD) == set(BAD)


@pytest.mark.parametrize(("key", "value"), [(k, v) for k, vs in GOOD.items() for v in vs])
def test_good_values_are_accepted_as_they_are(key: str, value: str) -> None:
    layer = funding_layer({key: value})
    assert layer.accounts == ((key, (Account(key, value),)),)


@pytest.mark.parametrize(("key", "value"), [(k, v) for k, vs in BAD.items() for v in vs])
def test_bad_values_name_the_key_the_value_and_what_is_allowed(key: str, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        funding_layer({key: value})
    (problem,) = caught.value.problems
    assert (problem.key, problem.value) == (key, value)
    assert problem.allowed.startswith(PROVIDERS[key].allowed)
    assert key in str(caught.value)
    assert repr(value) in str(caught.value)


@pytest.mark.parametrize(("key", "page"), PAGES.items())
def test_support_pages_are_the_providers_own(key: str, page: str) -> None:
    assert support_url(Account(key, "octocat")) == page


def test_thanks_dev_keeps_its_path_and_custom_pages_are_themselves() -> None:
    assert support_url(Account("thanks_dev", "u/gh/octocat")) == "https://thanks.dev/u/gh/octocat"
    assert support_url(Account("custom", "https://x.example/a?b=c")) == "https://x.example/a?b=c"
    assert support_url(Account("web_monetization", "https://wallet.example/a")) is None


# A bare false/no/off turns a provider off (Pelican metadata carry only strings), so an account
# named so is given in the mapping form: see the test after this one.
names = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,30}", fullmatch=True).filter(
    lambda name: name.lower() not in OFF_WORDS | ON_WORDS
)


@given(names, st.sampled_from(["patreon", "ko_fi", "buy_me_a_coffee", "polar", "liberapay"]))
def test_a_name_round_trips_through_its_url(name: str, key: str) -> None:
    (account,) = funding_layer({key: name}).accounts[0][1]
    url = support_url(account)
    assert url is not None
    parts = urlsplit(url)
    assert parts.scheme == "https"
    assert not parts.query
    assert not parts.fragment
    assert name in [unquote(segment) for segment in parts.path.split("/")]


@pytest.mark.parametrize("name", ["no", "Off", "FALSE", "yes"])
def test_an_account_named_like_a_switch_is_given_in_the_mapping_form(name: str) -> None:
    (account,) = funding_layer({"patreon": {"username": name}}).accounts[0][1]
    assert account.name == name
    assert support_url(account) == f"https://www.patreon.com/{name}"


def test_a_payment_pointer_is_refused_with_its_wallet_address() -> None:
    with pytest.raises(ConfigError) as caught:
        funding_layer({"web_monetization": "$wallet.example/alice"})
    assert "'https://wallet.example/alice'" in caught.value.problems[0].allowed
    assert pointer_url("$wallet.example") == "https://wallet.example/.well-known/pay"


@pytest.mark.parametrize(
    ("key", "value", "suggestion"),
    [
        ("liberapay", "https://liberapay.com/bob", "'bob'"),
        ("github", "@octocat", "'octocat'"),
        ("custom", "octocat.com", "'https://octocat.com'"),
        ("custom", "http://example.org/give", "'https://example.org/give'"),
    ],
)
def test_near_misses_get_a_suggestion(key: str, value: str, suggestion: str) -> None:
    with pytest.raises(ConfigError) as caught:
        funding_layer({key: value})
    assert f"did you mean {suggestion}?" in caught.value.problems[0].allowed


def test_github_and_custom_take_up_to_four() -> None:
    four = ["a", "b", "c", "d"]
    assert len(funding_layer({"github": four}).accounts[0][1]) == 4
    with pytest.raises(ConfigError) as caught:
        funding_layer({"github": [*four, "e"]})
    assert caught.value.problems[0].allowed.startswith("up to 4 values")
    urls = [f"https://example.org/{n}" for n in range(5)]
    with pytest.raises(ConfigError):
        funding_layer({"custom": urls})


def test_list_items_are_named_by_index_and_strings_split() -> None:
    with pytest.raises(ConfigError) as caught:
        funding_layer({"github": ["octocat", "-bad"]})
    assert [(p.key, p.value) for p in caught.value.problems] == [("github[1]", "-bad")]
    layer = funding_layer({"web_monetization": "https://w.example/a, https://w.example/b"})
    assert [a.name for a in layer.accounts[0][1]] == ["https://w.example/a", "https://w.example/b"]


def test_single_providers_refuse_a_list() -> None:
    with pytest.raises(ConfigError) as caught:
        funding_layer({"liberapay": ["a", "b"]})
    assert caught.value.problems[0].allowed.startswith("a single value")


def test_patreon_and_ko_fi_take_the_id_their_widget_needs() -> None:
    layer = funding_layer(
        {"patreon": {"username": "bob", "user_id": 123456}, "ko_fi": {"username": "bob"}}
    )
    assert dict(layer.accounts) == {
        "patreon": (Account("patreon", "bob", "123456"),),
        "ko_fi": (Account("ko_fi", "bob"),),
    }
    with pytest.raises(ConfigError) as caught:
        funding_layer({"patreon": {"username": "bob", "user_id": "bob", "token": "s3cret"}})
    shown = {p.key: p.value for p in caught.value.problems}
    assert shown == {"patreon.user_id": "bob", "patreon.token": "<str>"}
    assert "s3cret" not in str(caught.value)
    with pytest.raises(ConfigError):
        funding_layer({"liberapay": {"username": "bob"}})


def test_unknown_keys_are_named_without_their_values() -> None:
    with pytest.raises(ConfigError) as caught:
        funding_layer({"ko-fi": "bob", "api_token": "s3cret-value"})
    assert {p.key for p in caught.value.problems} == {"ko-fi", "api_token"}
    assert "s3cret-value" not in str(caught.value)
    assert "bob" not in str(caught.value)
    assert "ko_fi" in caught.value.problems[0].allowed


@pytest.mark.parametrize("off", [False, "no", "false", "Off", " NO "])
def test_false_or_no_turns_one_provider_or_everything_off(off: object) -> None:
    assert funding_layer({"liberapay": off}).off == {"liberapay"}
    assert funding_layer(off) == FundingLayer(all_off=True)


@pytest.mark.parametrize("value", [True, "yes", 3, ["github"]])
def test_the_setting_itself_must_be_a_mapping_a_path_or_off(value: object) -> None:
    with pytest.raises(ConfigError):
        funding_layer(value)


def test_a_string_setting_is_a_funding_yml_path_relative_to_the_config(tmp_path: Path) -> None:
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "FUNDING.yml").write_text("liberapay: bob\n", encoding="utf-8")
    layer = funding_layer(".github/FUNDING.yml", base=tmp_path)
    assert layer.accounts == (("liberapay", (Account("liberapay", "bob"),)),)


SITE = funding_layer(
    {"github": "site", "liberapay": "site", "web_monetization": "https://w.example/site"}
)
SECTION = funding_layer({"patreon": "section", "liberapay": "no"})
AUTHOR = funding_layer({"github": ["bob", "bob-org"], "paypal": "bob"})
PAGE = funding_layer({"paypal": False, "ko_fi": "page"})


def test_each_provider_resolves_page_author_section_site_on_its_own() -> None:
    funding = resolve(SITE, [SECTION], AUTHOR, PAGE)
    assert funding.accounts == (
        Account("github", "bob"),
        Account("github", "bob-org"),
        Account("patreon", "section"),
        Account("ko_fi", "page"),
        Account("web_monetization", "https://w.example/site"),
    )
    assert funding.wallets == ("https://w.example/site",)
    assert funding.providers == ("github", "patreon", "ko_fi", "web_monetization")
    assert [a.provider for a in funding.buttons] == ["github", "github", "patreon", "ko_fi"]


def test_all_off_drops_the_less_specific_layers_only() -> None:
    page = funding_layer({"ko_fi": "page"})
    assert merge([SITE, FundingLayer(all_off=True), page]) == Funding((Account("ko_fi", "page"),))
    assert resolve(SITE, page=FundingLayer(all_off=True)) == Funding()
    assert not Funding()


def test_labels_name_the_provider_or_the_host() -> None:
    assert label(Account("ko_fi", "bob")) == "Ko-fi"
    assert label(Account("github", "bob"), with_name=True) == "GitHub Sponsors: bob"
    assert label(Account("custom", "https://www.xn--bcher-kva.example/give")) == "bücher.example"


def test_the_widget_style_reports_the_ids_it_lacks() -> None:
    funding = merge(
        [funding_layer({"patreon": "bob", "ko_fi": {"username": "bob", "widget_id": "B0B4AHLJ"}})]
    )
    assert [(p.key, p.value) for p in missing_widget_ids(funding)] == [("patreon.user_id", None)]


def test_doctor_can_confirm_wallets_and_liberapay_accounts() -> None:
    wallet = Account("web_monetization", "https://wallet.example/alice")
    assert public_json_url(wallet) == "https://wallet.example/alice"
    assert public_json_url(Account("liberapay", "bob")) == "https://liberapay.com/bob/public.json"
    assert public_json_url(Account("ko_fi", "bob")) is None


def test_several_custom_pages_on_one_host_are_told_apart() -> None:
    first, second = (
        Account("custom", "https://x.example/a/"),
        Account("custom", "https://x.example/b"),
    )
    assert label(first, with_name=True) == "x.example/a"
    assert label(second, with_name=True) == "x.example/b"


def test_a_funding_hashes_as_its_accounts_and_pickles_without_its_hash() -> None:
    """The hash is kept once made (memoized markup looks a Funding up on every page), but a
    str's hash differs from process to process, so a pickled one (Pelican's content cache)
    must not carry it."""
    import pickle

    from flattr_core.providers.values import Account, Funding

    made = Funding((Account("liberapay", "alice"), Account("ko_fi", "alice")))
    again = Funding((Account("liberapay", "alice"), Account("ko_fi", "alice")))
    assert hash(made) == hash(again) == hash(made.accounts)
    assert made == again
    assert len({made, again, Funding()}) == 2
    restored = pickle.loads(pickle.dumps(made))
    assert restored == made
    assert "_hash" not in vars(restored)
    assert hash(restored) == hash(made)


def test_things_owners_endpoints_and_layers_keep_their_hash_but_never_pickle_or_copy_it() -> None:
    """They key the memoized URLs and markup (looked up several times a page) as a Funding
    does: equal ones hash alike, and a pickle (Pelican's content cache) or copy carries no
    hash made in another process."""
    import copy
    import dataclasses
    import pickle

    from flattr_core.models import Creator, Endpoints, Thing
    from flattr_core.settings.layers import Layer

    layer, same = Layer(username="alice", tags=("x",)), Layer(username="alice", tags=("x",))
    made = Thing("https://a.example/x", "T", "D", Creator("alice", "a1"), tags=("x", "y"))
    again = Thing("https://a.example/x", "T", "D", Creator("alice", "a1"), tags=("x", "y"))
    pairs = ((made, again), (made.owner, again.owner), (Endpoints(), Endpoints()), (layer, same))
    for value, equal in pairs:
        assert hash(value) == hash(equal)
        assert value == equal
        for restored in (pickle.loads(pickle.dumps(value)), copy.copy(value)):
            assert "_hash" not in vars(restored)
            assert restored == value
            assert hash(restored) == hash(value)
    assert hash(dataclasses.replace(made, title="U")) != hash(made)
    assert dataclasses.replace(made, title="U") != made
    assert len({made, again, dataclasses.replace(made, tags=("x",))}) == 2
    assert repr(made).count("_hash") == 0


def test_a_kept_hash_leaves_a_thing_without_a_dict_of_its_own() -> None:
    """A thing keeps its fields inline until something asks for its ``__dict__``: keeping the
    hash must not ask (CPython 3.11 and 3.12 then make a dict for it, one more object the
    cyclic collector walks on each pass, for every article of a site)."""
    import gc

    from flattr_core.models import Creator, Thing

    thing = Thing("https://a.example/x", "T", "D", Creator("alice"), tags=("x",))
    assert hash(thing) == hash(thing)
    assert not [kept for kept in gc.get_referents(thing) if type(kept) is dict]


def test_several_names_the_providers_with_more_than_one_account() -> None:
    """Their buttons and feed elements name each account (``GitHub Sponsors: octocat``)."""
    from flattr_core.providers.values import ORDER, Account, Funding

    funding = Funding(
        (Account("github", "octocat"), Account("liberapay", "alice"), Account("github", "hubot"))
    )
    assert funding.several == {"github"}
    assert funding.providers == tuple(key for key in ORDER if key in {"github", "liberapay"})
    assert Funding().several == frozenset()
    assert Funding((Account("ko_fi", "a"),)).several == frozenset()
