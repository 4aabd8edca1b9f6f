"""The middleware on pages it must not touch, and where it puts the button on real templates.

The real pages are in ``realpages/`` (bakerydemo and news-template, see its README): each is
served as the template of a news page, so the middleware sees exactly their markup.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import html5lib
import pytest
from conftest import Blog
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from wagtail_flattr.models import FlattrSiteSettings

REAL = Path(__file__).with_name("realpages")
GZIP = "django.middleware.gzip.GZipMiddleware"


def _inner(name: str) -> str:
    return f"{__name__}.{name}"


class Latin1Body:
    """Stands for a view or middleware that sends bytes not in the declared charset."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.content = response.content.decode().replace("</p>", " café</p>").encode("latin-1")
        return response


class Streamed:
    """Stands for a page served as a stream (its context still attached)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> StreamingHttpResponse:
        response = self.get_response(request)
        streamed = StreamingHttpResponse(iter([response.content]), content_type="text/html")
        streamed.context_data = response.context_data
        return streamed


def use(settings: Any, *inner: str) -> None:
    """Flattr's middleware with ``inner`` middleware below it (they see the response first)."""
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, *inner]


def news(client: Any, **headers: str) -> Any:
    response = client.get("/news/", HTTP_HOST="alpha.test", **headers)
    assert response.status_code == 200
    return response


def test_a_gzipped_page_passes_through_untouched(client: Any, blog: Blog, settings: Any) -> None:
    # Long enough that gzip always wins: Django pads the gzip header with up to 100 random bytes
    # (BREACH) and sends a small page uncompressed when that makes it no shorter.
    blog.news.body = blog.news.body * 20
    blog.news.save()
    use(settings, GZIP)
    response = news(client, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    page = gzip.decompress(response.content).decode()
    assert "<article>" in page
    assert "flattr" not in page


def test_bytes_not_in_the_charset_pass_through_untouched(
    client: Any, blog: Blog, settings: Any
) -> None:
    use(settings, _inner("Latin1Body"))
    response = news(client)
    assert b" caf\xe9</p>" in response.content
    assert b"flattr" not in response.content


def test_a_streamed_page_passes_through_untouched(client: Any, blog: Blog, settings: Any) -> None:
    use(settings, _inner("Streamed"))
    response = news(client)
    page = b"".join(response.streaming_content).decode()
    assert "<article>" in page
    assert "flattr" not in page


def with_template(settings: Any, html: str) -> None:
    """Serve news pages with ``html`` as their template (verbatim: no template tags)."""
    template = "{% verbatim %}" + html + "{% endverbatim %}"
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    ("django.template.loaders.locmem.Loader", {"testapp/news_page.html": template}),
                ],
            },
        }
    ]


def parsed(document: str) -> tuple[Any, dict[Any, Any]]:
    tree = html5lib.parse(document, namespaceHTMLElements=False)
    return tree, {child: parent for parent in tree.iter() for child in parent}


def ancestors_of_the_button(document: str) -> list[Any]:
    tree, parents = parsed(document)
    [button] = [a for a in tree.iter("a") if "flattr-button" in a.get("class", "").split()]
    chain = [button]
    while chain[-1] in parents:
        chain.append(parents[chain[-1]])
    return chain


def without_flattr(document: str) -> str:
    """``document`` without the head block and the button the middleware inserted."""
    head = document[document.index('<link rel="payment"') : document.index("</head>")]
    slot = document[document.index('\n<div class="flattr-slot">') :]
    slot = slot[: slot.index("</div>") + len("</div>")]
    return document.replace(head, "", 1).replace(slot, "", 1)


def classes(element: Any) -> list[str]:
    return str(element.get("class", "")).split()


def test_head_tags_go_before_the_real_head_end(client: Any, blog: Blog, settings: Any) -> None:
    with_template(
        settings,
        '<html><head><script>var end = "</head>";</script><title>t</title></head>'
        "<body><main><p>Body</p></main></body></html>",
    )
    document = news(client).content.decode()
    tree, _ = parsed(document)
    head_links = [link.get("rel") for link in tree.find("head").iter("link")]
    assert "payment" in head_links
    assert document.index('rel="payment"') > document.index("</title>")
    assert 'var end = "</head>";' in document


def test_a_commented_out_payment_link_does_not_stand_for_ours(
    client: Any, blog: Blog, settings: Any
) -> None:
    with_template(
        settings,
        '<html><head><!-- <link rel="payment" href="https://flattr.com/submit/auto?x"> -->'
        '</head><body><main><p>Body</p><!-- <a class="flattr-button">old</a> --></main>'
        "</body></html>",
    )
    tree, _ = parsed(news(client).content.decode())
    assert [link.get("rel") for link in tree.find("head").iter("link")].count("payment") == 1
    assert len([a for a in tree.iter("a") if "flattr-button" in classes(a)]) == 1


def test_bakerydemo_post_button_follows_the_body_in_its_column(
    client: Any, blog: Blog, settings: Any
) -> None:
    real = (REAL / "bakerydemo-blog-post.html").read_text(encoding="utf-8")
    with_template(settings, real)
    document = news(client).content.decode()
    chain = ancestors_of_the_button(document)
    column = next(e for e in chain if "col-md-8" in classes(e))  # the post's body column
    assert [e.tag for e in chain if e.tag in ("main", "body")] == ["main", "body"]
    assert chain.index(column) == 2  # a, the slot, then the column itself
    assert document.index("flattr-slot") > document.index("The budding yeasts")  # after the body
    assert document.index("flattr-slot") < document.index("</main>")
    assert without_flattr(document) == real  # nothing else changed, byte for byte


def test_news_template_article_button_follows_the_body_not_the_end_of_main(
    client: Any, blog: Blog, settings: Any
) -> None:
    real = (REAL / "news-template-article.html").read_text(encoding="utf-8")
    with_template(settings, real)
    document = news(client).content.decode()
    chain = ancestors_of_the_button(document)
    slot_parent = chain[2]
    assert slot_parent.tag != "main"  # the old placement: main's end, at the window's edge
    body = next(e for e in chain if "site-container" in classes(e))  # the body's own container
    assert any("rich-text" in classes(e) for e in body.iter("div"))
    assert document.index("flattr-slot") > document.rindex('class="rich-text')
    assert without_flattr(document) == real


def test_data_flattr_slot_pins_the_button(client: Any, blog: Blog, settings: Any) -> None:
    with_template(
        settings,
        "<html><head></head><body><main><article><p>Body text here.</p></article>"
        '<div class="share" data-flattr-slot></div></main></body></html>',
    )
    chain = ancestors_of_the_button(news(client).content.decode())
    assert "share" in classes(chain[2])


def test_a_non_utf8_charset_gets_markup_it_can_hold(client: Any, blog: Blog, settings: Any) -> None:
    settings.DEFAULT_CHARSET = "iso-8859-1"
    blog.news.seo_title = "Tomaten 日本"  # not in latin-1: the widget gets references
    blog.news.save()
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(button="widget")
    response = news(client)
    assert response.charset == "iso-8859-1"
    page = response.content.decode("iso-8859-1")
    tree, _ = parsed(page)
    [button] = [a for a in tree.iter("a") if "flattr-button" in classes(a)]
    assert button.get("data-flattr-title") == "Tomaten 日本"


@pytest.mark.parametrize("encoding", ["br", "deflate"])
def test_any_content_encoding_passes_through(
    client: Any, blog: Blog, settings: Any, encoding: str
) -> None:
    use(settings, _inner(f"Encoded{encoding.title()}"))
    response = news(client)
    assert response["Content-Encoding"] == encoding
    assert b"flattr" not in response.content


def _encoded(encoding: str) -> type:
    class Encoded:
        def __init__(self, get_response: Any) -> None:
            self.get_response = get_response

        def __call__(self, request: HttpRequest) -> HttpResponse:
            response = self.get_response(request)
            response["Content-Encoding"] = encoding  # bytes we could not read as text
            return response

    return Encoded


EncodedBr = _encoded("br")
EncodedDeflate = _encoded("deflate")


def test_the_feeds_channel_follows_the_cores_rule_for_the_sites_thing(
    client: Any, blog: Blog, settings: Any
) -> None:
    """The site's username may come from ``DEFAULTS``: the channel link is the site's all the
    same (the feed used to ask the settings form's own field, and gave none)."""
    settings.WAGTAIL_FLATTR = {**settings.WAGTAIL_FLATTR, "DEFAULTS": {"username": "carol"}}
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(username="", flattr_id="")
    response = client.get("/feed/atom/", HTTP_HOST="alpha.test")
    atom = "{http://www.w3.org/2005/Atom}"
    channel = ElementTree.fromstring(response.content).findall(f"{atom}link")
    [href] = [link.get("href") for link in channel if link.get("rel") == "payment"]
    assert "user_id=carol" in href
    assert "url=http%3A%2F%2Falpha.test%2F&" in href
