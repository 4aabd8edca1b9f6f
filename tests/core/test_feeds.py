"""Payment links in Atom and RSS feeds: well-formed, one per item, idempotent, nothing moved."""

import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

import feedparser
import pytest
from content_strategies import urls
from hypothesis import given, settings
from hypothesis import strategies as st

from flattr_core import links
from flattr_core.errors import ContentError
from flattr_core.markup import feeds
from flattr_core.models import Creator, Endpoints, Thing

ENDPOINTS = Endpoints()
ATOM = "{http://www.w3.org/2005/Atom}"
xml_text = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters="\ufffe\uffff"
    )
    | st.sampled_from("\n\t<>&\"']]>")
)


def thing_for(url: str) -> Thing:
    return Thing(url, "Title of " + url[-20:], "Description", Creator("jane"))


def rss(items: list[tuple[str, str, str]], *, declared: bool, paid: set[int]) -> str:
    """An RSS 2.0 feed; each item is (title, link, how: 'link' | 'guid')."""
    ns = ' xmlns:atom="http://www.w3.org/2005/Atom"' if declared else ""
    parts = [f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"{ns}>\n  <channel>']
    parts.append("    <title>Site</title>\n    <link>https://example.org/</link>")
    for index, (title, link, how) in enumerate(items):
        payment = (
            '<atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="payment" href="https://x/"/>'
            if index in paid
            else ""
        )
        tag = "link" if how == "link" else 'guid isPermaLink="true"'
        closing = tag.split()[0]
        parts.append(
            f"    <item>\n      <title>{escape(title)}</title>\n"
            f"      <{tag}>{escape(link)}</{closing}>{payment}\n    </item>"
        )
    parts.append("  </channel>\n</rss>\n")
    return "\n".join(parts)


def atom(items: list[tuple[str, str, str]], *, declared: bool, paid: set[int]) -> str:
    """An Atom feed; ``declared`` picks the default namespace, else an ``a:`` prefix."""
    p = "" if declared else "a:"
    ns = (
        'xmlns="http://www.w3.org/2005/Atom"'
        if declared
        else 'xmlns:a="http://www.w3.org/2005/Atom"'
    )
    parts = [f"<?xml version='1.0'?>\n<{p}feed {ns}><{p}title>Site</{p}title>"]
    for index, (title, link, how) in enumerate(items):
        rel = ' rel="alternate"' if how == "link" else ""
        payment = f'<{p}link rel="payment" href="https://x/"/>' if index in paid else ""
        parts.append(
            f"<{p}entry><{p}title>{escape(title)}</{p}title><{p}id>urn:{index}</{p}id>"
            f"<{p}link{rel} href={quoteattr(link)}/>{payment}</{p}entry>"
        )
    parts.append(f"</{p}feed>")
    return "\n".join(parts)


def payment_links(element: ET.Element) -> list[ET.Element]:
    return [c for c in element if c.tag == f"{ATOM}link" and c.get("rel") == "payment"]


def outline(root: ET.Element) -> list[tuple[str, dict[str, str], str]]:
    """Every element but our payment links, as (tag, attributes, trimmed text)."""
    added = {
        id(link)
        for el in root.iter()
        for link in payment_links(el)
        if link.get("href") != "https://x/"
    }
    return [
        (el.tag, el.attrib, (el.text or "").strip()) for el in root.iter() if id(el) not in added
    ]


feed_items = st.lists(st.tuples(xml_text, urls, st.sampled_from(["link", "guid"])), max_size=8)


@settings(max_examples=150, deadline=None)
@given(feed_items, st.sampled_from([rss, atom]), st.booleans(), st.sets(st.integers(0, 7)))
def test_feeds_stay_well_formed_with_one_payment_link_each(items, make, declared, paid) -> None:  # type: ignore[no-untyped-def]
    document = make(items, declared=declared, paid=paid)
    mapping = {link: thing_for(link) for _, link, _ in items}
    channel = thing_for("https://example.org/")
    result = feeds.add_payment_links(document, endpoints=ENDPOINTS, channel=channel, items=mapping)

    root = ET.fromstring(result.encode("utf-8"))
    holder = root if make is atom else root.find("channel")
    assert holder is not None
    entries = holder.findall(f"{ATOM}entry" if make is atom else "item")
    assert len(entries) == len(items)
    for index, (entry, (_, link, _)) in enumerate(zip(entries, items, strict=True)):
        (payment,) = payment_links(entry)
        expected = (
            "https://x/" if index in paid else links.auto_submit_url(mapping[link], ENDPOINTS)
        )
        assert payment.get("href") == expected
    (channel_link,) = payment_links(holder)
    assert channel_link.get("href") == links.auto_submit_url(channel, ENDPOINTS)
    assert outline(root) == outline(ET.fromstring(document.encode("utf-8")))

    parsed = feedparser.parse(result)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == len(items)
    for entry in parsed.entries:
        assert [x for x in entry.get("links", []) if x.get("rel") == "payment"]

    again = feeds.add_payment_links(result, endpoints=ENDPOINTS, channel=channel, items=mapping)
    assert again == result


def test_unmatched_items_and_non_permalink_guids_are_left_alone() -> None:
    document = (
        '<rss version="2.0"><channel><title>t</title>'
        "<item><guid isPermaLink='false'>https://ex.org/1</guid></item>"
        "<item><link>https://ex.org/other</link></item></channel></rss>"
    )
    result = feeds.add_payment_links(
        document, endpoints=ENDPOINTS, items={"https://ex.org/1": thing_for("https://ex.org/1")}
    )
    assert result == document


def test_link_wins_over_guid() -> None:
    document = (
        '<rss version="2.0"><channel><item><guid>https://ex.org/g</guid>'
        "<link>https://ex.org/l</link></item></channel></rss>"
    )
    mapping = {url: thing_for(url) for url in ("https://ex.org/g", "https://ex.org/l")}
    result = feeds.add_payment_links(document, endpoints=ENDPOINTS, items=mapping)
    assert "ex.org%2Fl" in result
    assert "ex.org%2Fg" not in result


def test_a_taken_atom_prefix_is_not_reused() -> None:
    document = '<rss version="2.0" xmlns:atom="urn:other"><channel><title>t</title></channel></rss>'
    result = feeds.add_payment_links(
        document, endpoints=ENDPOINTS, channel=thing_for("https://e.org/"), items={}
    )
    assert 'xmlns:atom1="http://www.w3.org/2005/Atom"' in result
    root = ET.fromstring(result)
    assert len(payment_links(root.find("channel"))) == 1  # type: ignore[arg-type]


def test_bytes_in_any_declared_encoding() -> None:
    document = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>'
        '<rss version="2.0"><channel><title>Café</title></channel></rss>'
    )
    result = feeds.add_payment_links(
        document.encode("latin-1"),
        endpoints=ENDPOINTS,
        channel=thing_for("https://e.org/"),
        items={},
    )
    assert result.startswith('<?xml version="1.0" encoding="ISO-8859-1"?>')
    assert "<title>Café</title>" in result
    assert ET.fromstring(result.encode("latin-1")).find("channel/title").text == "Café"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ('<!DOCTYPE rss [<!ENTITY x "y">]><rss version="2.0"><channel/></rss>', "DOCTYPE"),
        ('<!DOCTYPE rss SYSTEM "http://example.org/rss.dtd"><rss/>', "DOCTYPE"),
        ("<rss><channel><title>&bogus;</title></channel></rss>", "not well-formed"),
        ("<rss><channel>", "not well-formed"),
        ("<html><body/></html>", "neither RSS 2.0 nor Atom"),
        ('<feed xmlns="http://purl.org/atom/ns#"/>', "neither RSS 2.0 nor Atom"),
        ('<rss version="2.0"><title/></rss>', "no <channel>"),
        (b'<?xml version="1.0" encoding="nonsense"?><rss/>', "cannot be decoded"),
        (b"<rss>\xff\xfe</rss>", "cannot be decoded"),
    ],
)
def test_bad_documents_are_refused_clearly(document: str | bytes, message: str) -> None:
    with pytest.raises(ContentError, match=message):
        feeds.add_payment_links(
            document, endpoints=ENDPOINTS, channel=thing_for("https://e.org/"), items={}
        )
