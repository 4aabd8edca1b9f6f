"""Secrets stay out of pickles and messages: a ``Secret`` refuses to be pickled, and the value of
an unknown key (a misspelt token, perhaps) is never shown, at any depth of the settings."""

from __future__ import annotations

import copy
import pickle

import pytest

from flattr_core import markup
from flattr_core.errors import ConfigError
from flattr_core.links import auto_submit_url
from flattr_core.models import ContentItem, Creator, Endpoints, Secret, Thing
from flattr_core.settings import SiteConfig

VALUE = "s3cr3t-0123456789"


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_a_secret_refuses_to_be_pickled(protocol: int) -> None:
    with pytest.raises(TypeError, match="never pickled"):
        pickle.dumps(Secret(VALUE), protocol=protocol)


def test_nothing_holding_a_secret_pickles_it() -> None:
    config = SiteConfig.from_mapping({"username": "ann", "token": VALUE}, environ={})
    with pytest.raises(TypeError) as caught:
        pickle.dumps(config)
    assert VALUE not in str(caught.value)


def test_copies_of_a_secret_are_the_secret() -> None:
    secret = Secret(VALUE)
    assert copy.copy(secret) is secret
    assert copy.deepcopy({"token": secret})["token"] is secret


@pytest.mark.parametrize(
    "data",
    [
        {"tocken": VALUE},
        {"bearer": VALUE},
        {"access": VALUE},
        {"username": "ann", "accesstoken": [VALUE]},
        {"sections": {"blog/*": {"bearer": VALUE}}},
        {"authors": {"Jane": {"username": "jane", "access": VALUE}}},
    ],
)
def test_values_of_unknown_keys_are_never_shown(data: dict[str, object]) -> None:
    with pytest.raises(ConfigError) as caught:
        SiteConfig.from_mapping(data, environ={})
    message = str(caught.value)
    assert VALUE not in message
    assert "not shown" in message
    [problem] = caught.value.problems
    assert problem.key.rsplit(".", 1)[-1] in message  # the key itself is named
    assert "a known option" in problem.allowed


def test_unknown_page_keys_are_never_shown() -> None:
    page = ContentItem(url="https://ex.org/p/", title="A page", overrides={"bearer": VALUE})
    with pytest.raises(ConfigError) as caught:
        SiteConfig.from_mapping({"username": "ann"}, environ={}).resolve(page)
    assert VALUE not in str(caught.value)
    assert "bearer" in str(caught.value)


def test_known_keys_still_show_their_bad_value() -> None:
    with pytest.raises(ConfigError, match="'huge' is not allowed"):
        SiteConfig.from_mapping({"button": "huge"}, environ={})


def test_feed_link_element_is_the_feed_links_tag_and_attributes() -> None:
    thing = Thing("https://ex.org/a?b=1&c=2", "A title", "Words", Creator("ann", "ann123"))
    endpoints = Endpoints()
    tag, attributes = markup.feed_link_element(thing, endpoints, prefix="atom")
    assert tag == "atom:link"
    href = auto_submit_url(thing, endpoints)
    assert attributes == {"rel": "payment", "href": href, "type": "text/html"}
    assert markup.feed_link_element(thing, endpoints)[0] == "link"
    escaped = href.replace("&", "&amp;")
    expected = f'<atom:link rel="payment" href="{escaped}" type="text/html"/>'
    assert str(markup.feed_link(thing, endpoints, prefix="atom")) == expected
