"""The one way a host patches a feed it wrote (``patch_feed_file``), the encodings it keeps,
and the feeds the patcher used to get wrong (a StopIteration, a corrupt UTF-16 document)."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import feedparser
import pytest

from flattr_core import links, markup
from flattr_core.errors import ContentError
from flattr_core.models import Creator, Endpoints, Thing

ENDPOINTS = Endpoints()
POST = Thing("https://ex.org/post/", "A post title", "Description", Creator("jane"))
SITE = Thing("https://ex.org/", "The site", "Notes", Creator("jane"))
RSS = (
    '<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"{namespaces}>\n'
    "  <channel>\n    <title>Caf\u00e9 notes</title>\n"
    "    <item>\n      <title>A post, d\u00e9j\u00e0 vu</title>\n"
    "      <link>https://ex.org/post/</link>\n    </item>\n  </channel>\n</rss>\n"
)


def rss(encoding: str = "utf-8", namespaces: str = "") -> str:
    return RSS.format(encoding=encoding, namespaces=namespaces)


def patched(text: str) -> str:
    return markup.add_payment_links(text, endpoints=ENDPOINTS, channel=SITE, items={POST.url: POST})


def payment_links(document: bytes) -> list[str]:
    parsed = feedparser.parse(document)
    assert not parsed.bozo, parsed.get("bozo_exception")
    links = [*parsed.feed.links, *(link for entry in parsed.entries for link in entry.links)]
    return [link["href"] for link in links if link.get("rel") == "payment"]


def test_a_feed_declaring_atom_to_atom99_gets_the_next_free_prefix() -> None:
    taken = " ".join(f'xmlns:atom{n}="urn:other:{n}"' for n in range(1, 100))
    document = rss(namespaces=f' xmlns:atom="urn:other:0" {taken}')
    once = patched(document)
    assert ' xmlns:atom100="http://www.w3.org/2005/Atom"' in once
    assert once.count("<atom100:link ") == 2
    expected = [links.auto_submit_url(thing, ENDPOINTS) for thing in (SITE, POST)]
    assert payment_links(once.encode()) == expected
    assert patched(once) == once


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_byte_order_mark_are_read_in_their_encoding(codec: str) -> None:
    family = codec.rsplit("-", 1)[0].upper()
    document = rss(encoding=family).encode(codec)
    assert not document.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    once = markup.add_payment_links(
        document, endpoints=ENDPOINTS, channel=SITE, items={POST.url: POST}
    )
    assert once == patched(rss(encoding=family))
    assert "\x00" not in once


def test_text_full_of_nul_characters_is_a_content_error() -> None:
    with pytest.raises(ContentError, match="NUL"):
        patched(rss().replace("<title>", "<title>\x00"))


ENCODINGS = [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("iso-8859-1", b""),
    ("utf-16-le", b""),
]


@pytest.mark.parametrize(("codec", "bom"), ENCODINGS)
def test_patch_feed_file_writes_the_feed_back_in_its_own_encoding(
    tmp_path: Path, codec: str, bom: bytes
) -> None:
    declared = "UTF-16" if codec.startswith("utf-16") else codec.upper()
    text = rss(encoding=declared)
    path = tmp_path / "feed.xml"
    path.write_bytes(bom + text.encode(codec))
    path.chmod(0o640)
    changed = markup.patch_feed_file(
        path, endpoints=ENDPOINTS, channel=SITE, items={POST.url: POST}
    )
    assert changed
    assert path.read_bytes() == bom + patched(text).encode(codec)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert len(payment_links(path.read_bytes())) == 2
    assert not markup.patch_feed_file(path, endpoints=ENDPOINTS, channel=SITE, items={})
    assert [p.name for p in tmp_path.iterdir()] == ["feed.xml"]  # no temporary file left


@pytest.mark.parametrize(
    "content",
    [
        b"<rss><channel><item>",  # cut short
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x "y">]><rss/>',
        b"<html><body>not a feed</body></html>",
        "<rss version='2.0'><channel><title>\ufffe</title></channel></rss>".encode(),
        rss(encoding="UTF-16").encode("utf-16-le")[:-1],  # half a character at the end
        b'<?xml version="1.0" encoding="no-such-codec"?><rss/>',
    ],
)
def test_a_feed_it_cannot_read_is_a_content_error_and_stays_as_it_was(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(content)
    before = os.stat(path)
    with pytest.raises(ContentError) as raised:
        markup.patch_feed_file(path, endpoints=ENDPOINTS, channel=SITE, items={POST.url: POST})
    assert str(path) in str(raised.value)
    assert path.read_bytes() == content
    assert os.stat(path).st_mtime_ns == before.st_mtime_ns
    assert [p.name for p in tmp_path.iterdir()] == ["feed.xml"]


def test_feed_link_element_is_feed_link_as_a_name_and_attributes() -> None:
    for prefix in ("", "atom"):
        name, attributes = markup.feed_link_element(POST, ENDPOINTS, prefix=prefix)
        written = markup.feed_link(POST, ENDPOINTS, prefix=prefix)
        assert written.startswith(f"<{name} ")
        for key, value in attributes.items():
            assert f'{key}="{value}"'.replace("&", "&amp;") in written
    with pytest.raises(ContentError, match="prefix"):
        markup.feed_link_element(POST, ENDPOINTS, prefix="a b")
