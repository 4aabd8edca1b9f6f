"""Flattr URL formats: exact round-trips through urllib.parse, URL checks, length budget."""

from urllib.parse import parse_qsl, quote, urljoin, urlsplit

import pytest
from content_strategies import bad_urls, things, urls
from hypothesis import example, given, settings
from hypothesis import strategies as st

from flattr_core import links
from flattr_core.errors import ContentError
from flattr_core.models import Creator, Endpoints, Thing

ENDPOINTS = Endpoints()
SANDBOX = Endpoints(
    api_url="http://127.0.0.1:8765/rest/v2",
    web_url="http://127.0.0.1:8765",
    loader_url="http://127.0.0.1:8765/js/0.6/load.js",
)


def query(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True, strict_parsing=True)


def make_thing(**kwargs: object) -> Thing:
    values: dict[str, object] = {
        "url": "https://blog.example.org/2024/05/hello-world/",
        "title": "Hello, world",
        "description": "The first post.",
        "owner": Creator("jane"),
    }
    return Thing(**(values | kwargs))  # type: ignore[arg-type]


def test_auto_submit_url_documented_form() -> None:
    thing = make_thing(tags=("python", "web dev"), hidden=True)
    assert links.auto_submit_url(thing, ENDPOINTS) == (
        "https://flattr.com/submit/auto?user_id=jane"
        "&url=https%3A%2F%2Fblog.example.org%2F2024%2F05%2Fhello-world%2F"
        "&title=Hello%2C%20world&description=The%20first%20post."
        "&language=en_GB&tags=python%2Cweb%20dev&hidden=1&category=text"
    )


def test_fid_goes_with_user_id_and_hidden_only_when_hidden() -> None:
    params = dict(
        query(links.auto_submit_url(make_thing(owner=Creator("jane", "ab12cd")), SANDBOX))
    )
    assert (params["user_id"], params["fid"]) == ("jane", "ab12cd")
    assert "hidden" not in params


def test_auto_submit_url_follows_the_web_url() -> None:
    url = links.auto_submit_url(make_thing(), SANDBOX)
    assert url.startswith("http://127.0.0.1:8765/submit/auto?user_id=jane&")


def test_other_link_formats() -> None:
    assert links.thing_url(4223, ENDPOINTS) == "https://flattr.com/thing/4223"
    assert (
        links.profile_url("Vox Pelli/x", ENDPOINTS) == "https://flattr.com/profile/Vox%20Pelli%2Fx"
    )
    assert links.loader_url(ENDPOINTS) == "https://api.flattr.com/js/0.6/load.js?mode=manual"
    assert links.button_target(make_thing(), ENDPOINTS, 7) == "https://flattr.com/thing/7"
    assert links.button_target(make_thing(), ENDPOINTS).startswith(
        "https://flattr.com/submit/auto?"
    )


@settings(max_examples=300)
@given(things())
def test_auto_submit_url_round_trips_exactly(thing: Thing) -> None:
    url = links.auto_submit_url(thing, ENDPOINTS)
    params = links.auto_submit_params(thing, links.MAX_URL_LENGTH - len(ENDPOINTS.submit_url) - 1)
    assert query(url) == params
    full = dict(links.auto_submit_params(thing))
    assert full["url"] == thing.url
    assert full["title"] == thing.title
    assert full["description"] == thing.description
    assert full.get("tags", "") == ",".join(thing.tags)
    assert full["language"] == thing.language
    assert full["category"] == thing.category
    assert ("hidden" in full) is thing.hidden
    fitted = dict(params)
    for key in ("user_id", "fid", "url", "title", "language", "category", "hidden"):
        assert fitted.get(key) == full.get(key)
    assert thing.description.startswith(fitted.get("description", "").rstrip("…"))
    assert full.get("tags", "").startswith(fitted.get("tags", ""))


@settings(max_examples=300)
@given(things())
def test_auto_submit_url_stays_short_when_it_can(thing: Thing) -> None:
    url = links.auto_submit_url(thing, ENDPOINTS)
    fixed = links.encode_query([p for p in query(url) if p[0] not in ("description", "tags")])
    if len(ENDPOINTS.submit_url) + 1 + len(fixed) + 200 <= links.MAX_URL_LENGTH:
        assert len(url) <= links.MAX_URL_LENGTH


def test_long_description_is_cut_on_a_word_boundary() -> None:
    thing = make_thing(description="wörd " * 199 + "end", tags=("a", "b"))
    url = links.auto_submit_url(thing, ENDPOINTS)
    params = dict(query(url))
    assert len(url) <= links.MAX_URL_LENGTH
    assert len(url) > links.MAX_URL_LENGTH - 20  # it uses the room there is
    assert params["description"].endswith(" wörd…")
    assert thing.description.startswith(params["description"][:-1])
    assert params["tags"] == "a,b"


def test_huge_tags_are_dropped_from_the_end_to_fit() -> None:
    tags = tuple(f"{i}" + "\u4e2d" * 49 for i in range(20))
    thing = make_thing(description="\u4e2d" * 1000, tags=tags)
    url = links.auto_submit_url(thing, ENDPOINTS)
    params = dict(query(url))
    assert len(url) <= links.MAX_URL_LENGTH
    assert "description" not in params
    assert tags[: len(params["tags"].split(","))] == tuple(params["tags"].split(","))


@given(urls)
def test_check_url_accepts_absolute_http_urls(url: str) -> None:
    assert links.check_url(url, "url") == url


@given(bad_urls)
def test_check_url_refuses_everything_else(url: str) -> None:
    with pytest.raises(ContentError) as caught:
        links.check_url(url, "canonical_url")
    message = str(caught.value)
    assert message.startswith("canonical_url: ")
    assert repr(url) in message
    assert "expected an absolute http(s) URL" in message


@pytest.mark.parametrize("url", [None, 3, b"https://example.org/"])
def test_check_url_refuses_non_strings(url: object) -> None:
    with pytest.raises(ContentError, match=r"^link: "):
        links.check_url(url, "link")


@pytest.mark.parametrize(
    ("base", "url"),
    [
        ("https://blog.example", "https://blog.example/theme/flattr"),
        ("https://blog.example/", "https://blog.example/theme/flattr"),
        (".", "./theme/flattr"),
        ("../..", "../../theme/flattr"),
    ],
)
def test_below_keeps_a_relative_base_relative(base: str, url: str) -> None:
    assert links.below(base, "/theme/flattr") == url


@pytest.mark.parametrize(
    ("url", "resolved"),
    [
        ("https://a.example/fr/../x.html", "https://a.example/x.html"),
        ("https://a.example/./fr/./x.html?ref=feed", "https://a.example/fr/x.html?ref=feed"),
        ("https://a.example/a/b/../../", "https://a.example/"),
        ("https://a.example/v1.2/x.html", "https://a.example/v1.2/x.html"),
        ("https://a.example/x.html", "https://a.example/x.html"),
    ],
)
def test_without_dot_segments_resolves_as_a_browser_does(url: str, resolved: str) -> None:
    assert links.without_dot_segments(url) == resolved


_JOIN_BASES = [
    "https://blog.example/",
    "https://blog.example/sub/",
    "https://Blog.Example:8443/a/b/",
    "http://127.0.0.1:8000/",
    # bases that joining changes: these take urljoin's long way
    "https://x.example//y/",
    "https://x.example/a/../",
    "https://x.example/p;q/",
    "HTTPS://x.example/",
    "https://x.example/?q",
]
_PATH_PIECES = st.sampled_from([*"ab./%:;?#@!$&'()*+,=~_-A\\ é", "..", "//", "%2F"])


@settings(max_examples=3000)
@given(base=st.sampled_from(_JOIN_BASES), path=st.lists(_PATH_PIECES, max_size=12).map("".join))
@example(base="https://blog.example/", path="post-1.html")
@example(base="https://blog.example/", path="2024/01/a/")
@example(base="https://blog.example/", path="a/./b")
@example(base="https://blog.example/", path="a//b")
@example(base="https://blog.example/", path="...")
def test_join_is_urljoin(base: str, path: str) -> None:
    """A plain path is appended without parsing; anything else (a dot or empty segment, a
    scheme, query, fragment or parameters, a base joining would change) is urljoin's."""
    assert links.join(base, path) == urljoin(base, path)


_URL_PIECES = st.sampled_from(
    [
        *"https:/?#@[]%.-_~!$&'()*+,;=aZ09 \t\x00\x7fé",
        "://",
        "http",
        "https",
        "HTTPS",
        ":80",
        ":65536",
        ":x",
        "localhost",
        "a.example",
        "xn--bcher-kva.example",
        "[::1]",
        "\u2100",
    ]
)


@settings(max_examples=4000)
@given(url=st.lists(_URL_PIECES, max_size=12).map("".join))
@example(url="https://blog.example/post-1.html")
@example(url="https://blog.example:8443/a?b=c#d")
@example(url="https://a.example:99999/")
def test_a_url_passed_without_parsing_is_one_the_checks_accept(url: str) -> None:
    """``check_url``'s one-match path takes only URLs its long way finds nothing wrong with."""
    problem = links._url_problem(url)
    if links._PLAIN_URL.fullmatch(url):
        assert problem == ""
    if problem:
        with pytest.raises(ContentError):
            links.check_url(url, "url")
    else:
        assert links.check_url(url, "url") == url


_QUERY_TEXT = st.text(
    st.characters(exclude_categories=["Cs"]) | st.sampled_from(list(" %,.-_~'…é日\u212a")),
    max_size=60,
)


@settings(max_examples=2000)
@given(value=_QUERY_TEXT)
def test_query_values_are_encoded_as_quote_encodes_them(value: str) -> None:
    """Few distinct characters to encode or many, ``%`` among them or not: the same string."""
    assert links.quote_value(value) == quote(value, safe="")


@pytest.mark.parametrize("value", ["a\ud800b", "a b\udfff" + "".join(map(chr, range(161, 190)))])
def test_a_lone_surrogate_is_refused_as_quote_refuses_it(value: str) -> None:
    with pytest.raises(UnicodeEncodeError):
        quote(value, safe="")
    with pytest.raises(UnicodeEncodeError):
        links.quote_value(value)
