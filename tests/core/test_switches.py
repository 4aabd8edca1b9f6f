"""One reading of an on/off value and one tag rule, wherever a value comes from.

``vocab.boolean`` reads every switch (site and page settings, Pelican metadata, the API's
loose ``hidden``, a funding provider turned off) and ``text.clean_tags`` every tag list (settings,
page fields, front matter, the API's comma-separated form): a spelling one of them takes, every
one of them takes the same way.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flattr_core import text, vocab
from flattr_core.errors import ConfigError, TransportError
from flattr_core.models import ContentItem
from flattr_core.providers import funding_layer
from flattr_core.registration import wire
from flattr_core.settings import SiteConfig

SITE = {"username": "alice", "register": "never"}
WORDS = sorted(vocab.TRUE_WORDS | vocab.FALSE_WORDS)


@pytest.mark.parametrize(
    ("value", "switch"),
    [
        (True, True),
        (False, False),
        (1, True),
        (0, False),
        ("1", True),
        ("0", False),
        (" Yes ", True),
        ("OFF", False),
        ("no", False),
        ("on", True),
        (2, None),
        ("2", None),
        ("maybe", None),
        ("", None),
        (None, None),
        (1.0, None),
    ],
)
def test_the_switch_a_value_spells(value: object, switch: bool | None) -> None:
    assert vocab.boolean(value) is switch


@pytest.mark.parametrize("value", [0, 1, "0", "1"])
def test_without_numbers_a_digit_is_no_switch(value: object) -> None:
    assert vocab.boolean(value, numbers=False) is None


def spelled(word: str, upper: list[bool], pad: str) -> str:
    """``word`` with some letters in capitals (``upper`` is as long as the longest word)."""
    return pad + "".join(c.upper() if up else c for c, up in zip(word, upper, strict=False)) + pad


@given(
    st.sampled_from(WORDS),
    st.lists(st.booleans(), min_size=5, max_size=5),
    st.sampled_from(["", " ", "\t"]),
)
def test_every_reader_reads_a_switch_word_the_same_way(
    word: str, upper: list[bool], pad: str
) -> None:
    value = spelled(word, upper, pad)
    meant = word in vocab.TRUE_WORDS
    config = SiteConfig.from_mapping({**SITE, "hidden": value}, environ={})
    assert config.site.hidden is meant  # a site setting
    page = ContentItem("https://example.org/a", "A page", overrides={"flattr": value})
    assert (config.resolve(page) is not None) is meant  # Pelican's ``Flattr: off``
    assert wire.as_bool(value, "hidden") is meant  # the API's loose ``hidden``
    if not meant:  # a provider switched off (a name that spells "on" is still a name)
        assert funding_layer({"liberapay": value}).off == {"liberapay"}


def test_a_value_no_reader_takes_is_refused_by_each_with_its_field() -> None:
    with pytest.raises(ConfigError, match="hidden: 'maybe' is not allowed; expected true or"):
        SiteConfig.from_mapping({**SITE, "hidden": "maybe"}, environ={})
    with pytest.raises(TransportError, match="field 'hidden'"):
        wire.as_bool("maybe", "hidden")


@pytest.mark.parametrize(
    "given",
    ["garden; herbs, Garden,", ["garden", "herbs;garden"], ("garden", " herbs ", "")],
)
def test_tags_are_split_and_cleaned_by_one_rule(given: str | list[str] | tuple[str, ...]) -> None:
    config = SiteConfig.from_mapping({**SITE, "tags": given}, environ={})
    assert config.site.tags == ("garden", "herbs")
    assert text.clean_tags(given) == ("garden", "herbs")
    api = wire.thing_from_json({"url": "https://example.org/a", "tags": "garden,herbs"})
    assert api.tags == ("garden", "herbs")
