"""Golden files: the exact markup of every style, the head tags and the feed elements.

The files in golden/ are reviewed by eye against reference/flattr-api.md (§2.2, §2.5, §2.6,
§3). After an intended change, regenerate them with ``FLATTR_REGEN_GOLDEN=1 pytest
tests/core/test_golden.py`` and review the diff.
"""

import os
from pathlib import Path

import pytest

from flattr_core import markup
from flattr_core.models import BUTTON_STYLES, ButtonOptions, Creator, Endpoints, Thing

GOLDEN = Path(__file__).with_name("golden")
ENDPOINTS = Endpoints()
POST = Thing(
    url="https://blog.example.org/2024/05/hello-world/",
    title='Hello, world: "quotes" & <tags>',
    description="A first post.\nWith two lines.",
    owner=Creator("jane", "ab12cd"),
    tags=("python", "web dev"),
)
SECOND = Thing(
    url="https://blog.example.org/2024/06/second/",
    title="Second",
    description="The second post.",
    owner=Creator("jane"),
    category="software",
    language="de_DE",
    hidden=True,
)
ELSEWHERE = Thing(
    url="https://elsewhere.example.net/post",
    title="Not ours",
    description="Not in the feed's mapping.",
    owner=Creator("jane"),
)
SITE = Thing(
    url="https://blog.example.org/",
    title="Jane's blog",
    description="Notes & code",
    owner=Creator("jane", "ab12cd"),
)
ITEMS = {thing.url: thing for thing in (POST, SECOND)}


def check(name: str, produced: str) -> None:
    path = GOLDEN / name
    if os.environ.get("FLATTR_REGEN_GOLDEN") == "1":
        path.write_text(produced, encoding="utf-8")
    assert produced == path.read_text(encoding="utf-8"), f"{name} changed; see test_golden.py"


@pytest.mark.parametrize("style", BUTTON_STYLES)
def test_button_styles(style: str) -> None:
    options = ButtonOptions(style)  # type: ignore[arg-type]
    produced = "\n".join(
        [
            "<!-- auto-submit target -->",
            markup.button(POST, options, ENDPOINTS),
            "<!-- registered thing 4223, hidden, German -->",
            markup.button(SECOND, options, ENDPOINTS, thing_id=4223),
            "",
        ]
    )
    check(f"button-{style}.html", produced)


def test_head_tags() -> None:
    produced = "\n".join(
        [
            markup.head_tags(POST, ENDPOINTS),
            markup.head_tags(SECOND, ENDPOINTS),
            markup.asset_tags("widget", "/static/flattr/"),
            "",
        ]
    )
    check("head.html", produced)


def test_feed_elements() -> None:
    produced = "\n".join(
        [
            markup.feed_link(POST, ENDPOINTS),
            markup.feed_link(POST, ENDPOINTS, prefix="atom"),
            "",
        ]
    )
    check("feed-elements.xml", produced)


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_fed_through_feed(kind: str) -> None:
    source = (GOLDEN / f"feed-{kind}.in.xml").read_bytes()
    items = ITEMS | {ELSEWHERE.url + "/not-this": ELSEWHERE}
    produced = markup.add_payment_links(source, endpoints=ENDPOINTS, channel=SITE, items=items)
    check(f"feed-{kind}.out.xml", produced)
    again = markup.add_payment_links(produced, endpoints=ENDPOINTS, channel=SITE, items=items)
    assert again == produced
