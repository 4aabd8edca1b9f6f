"""Hypothesis strategies for hostile content: any unicode, markup, quotes, RTL, NULs, 10 kB."""

from hypothesis import strategies as st

from flattr_core.models import ContentItem, Thing
from flattr_core.settings import SiteConfig

NASTY = [
    '"',
    "'",
    "<script>alert(1)</script>",
    "</a><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "data:text/html,<b>x</b>",
    "&amp;&lt;&#0;",
    "\x00",
    "\u202e\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "a,b;c",
    "+%20%",
    "\r\n\t",
    "]]>",
]

texts = st.one_of(
    st.text(),
    st.lists(st.sampled_from(NASTY) | st.text(max_size=20), max_size=12).map("".join),
    # 10 kB strings: Hypothesis cannot draw that much at once, so a drawn piece is repeated.
    st.builds(
        lambda a, b: ((a + b) * 10_240)[:10_240], st.text(max_size=40), st.sampled_from(NASTY)
    ),
)
# Characters a URL path or query may carry once a site has published it as-is.
_url_chars = st.characters(
    codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp"), exclude_characters="\x85"
)
urls = st.builds(
    "{}://{}/{}".format,
    st.sampled_from(["http", "https", "HTTPS"]),
    st.sampled_from(
        ["example.org", "blog.example.org:8080", "127.0.0.1", "[::1]", "xn--bcher-kva.de"]
    ),
    st.text(alphabet=_url_chars, max_size=200),
)
bad_urls = st.one_of(
    st.builds("javascript:{}".format, st.text()),
    st.builds("data:{}".format, st.text()),
    st.builds("JavaScript:{}".format, st.text(max_size=5)),
    st.builds("ftp://example.org/{}".format, st.text(alphabet=_url_chars, max_size=20)),
    st.builds("/{}".format, st.text(alphabet=_url_chars, max_size=20)),
    st.builds("//example.org/{}".format, st.text(alphabet=_url_chars, max_size=20)),
    st.builds("https://user:pw@example.org/{}".format, st.text(alphabet=_url_chars, max_size=20)),
    st.builds("https://exa mple.org/{}".format, st.text(max_size=5)),
    st.builds("https://example.org/\x00{}".format, st.text(max_size=5)),
    st.text(alphabet=_url_chars, max_size=30).filter(lambda s: "://" not in s),
)
tag_lists = st.lists(texts, max_size=8)


@st.composite
def things(draw: st.DrawFn) -> Thing:
    """A thing resolved from an arbitrary content item through the real settings code."""
    site = SiteConfig.from_mapping(
        {
            "username": draw(st.sampled_from(["jane", "J.Doe-99", "x_y"])),
            "flattr_id": draw(st.none() | st.just("abc123")),
            "tags": draw(tag_lists),
            "hidden": draw(st.booleans()),
            "category": draw(st.sampled_from(["text", "software", "rest"])),
        },
        environ={},
    )
    item = ContentItem(
        url=draw(urls),
        title=draw(texts),
        body_html=draw(texts),
        summary_html=draw(texts),
        tags=tuple(draw(tag_lists)),
        locale=draw(st.none() | st.sampled_from(["en_US", "ar", "he_IL", "zz"])),
    )
    resolved = site.resolve(item)
    assert resolved is not None
    return resolved.thing
