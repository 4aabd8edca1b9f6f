"""The feed writer's check for text XML forbids, read in C, against the pattern it replaces."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from flattr_core.markup import feedwrite

# The characters XML 1.0 forbids, as the pattern the feed writer searched with before
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_EDGES = st.sampled_from(
    ["\x00", "\x08", "\t", "\n", "\x0b", "\x0c", "\r", "\x1f", "\x7f", "\x85", "\ud7ff"]
) | st.sampled_from(["\ud800", "\udfff", "\ue000", "\ufffd", "\ufffe", "\uffff", "\U00010000"])


@given(st.lists(_EDGES | st.text(max_size=4), max_size=10).map("".join))
def test_xml_text_is_what_the_pattern_finds_nothing_forbidden_in(text: str) -> None:
    assert feedwrite.is_xml_text(text) is (NOT_XML.search(text) is None)


def test_a_long_text_with_one_forbidden_character_anywhere_is_not_xml() -> None:
    long = "<p>" + "word " * 2000 + "é</p>"
    assert feedwrite.is_xml_text(long)
    for bad in ("\x01", "\ud800", "\uffff"):
        assert not feedwrite.is_xml_text(long[:4000] + bad + long[4000:])
