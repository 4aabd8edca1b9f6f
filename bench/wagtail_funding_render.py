"""Render time of a Wagtail post with Flattr alone and with funding at every level, same run.

Usage: python bench/wagtail_funding_render.py [--repeat N]   (the wagtail extra, pytest-django)
Writes bench/results/wagtail_funding_render-wagtail<major>.json.

Variants, all through Django's test client (full middleware stack, template rendering), the
same post (/news/, buttons by the middleware) on two sites of one install:
  flattr    the alpha site: Flattr only (the owner's own account)
  funded    the beta site's twin post: Flattr and funding from the site (six accounts and a
            wallet), its owner's account (two providers and a wallet) and the page (one more)
The variants are timed in turns (one request each per round) so machine noise hits both alike.
"""

from __future__ import annotations

import argparse
from typing import Any

from wagtail_common import interleaved, setup_django, write

SITE_FUNDING = {
    "github": ["octocat", "mona"],
    "liberapay": "alice",
    "open_collective": "alice-oc",
    "paypal": "alicepp",
    "custom": ["https://beta.example/give"],
    "web_monetization": "https://wallet.example/beta",
}
EDITOR_FUNDING = {"ko_fi": "erin", "polar": "erin", "web_monetization": "https://wallet.example/e"}


def fund(blog: Any) -> None:
    """The beta site's funding, its twin of /news/ owned by editor_b, with funding of its own."""
    from wagtail_flattr.models import FlattrAuthor, FlattrSiteSettings

    FlattrAuthor.objects.create(user=blog.editor_a, username="dave")
    FlattrAuthor.objects.create(user=blog.editor_b, username="erin", funding=EDITOR_FUNDING)
    FlattrSiteSettings.objects.filter(site=blog.beta).update(funding=SITE_FUNDING)
    twin = blog.news.copy(to=blog.beta_index, update_attrs={"slug": "news"}, keep_live=True)
    twin.owner, twin.flattr_funding = blog.editor_b, {"buy_me_a_coffee": "erin"}
    twin.save_revision().publish()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=400)
    repeat = parser.parse_args().repeat
    fund(setup_django())
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    variants = {"flattr": ("alpha.test", "/news/"), "funded": ("beta.test", "/news/")}

    def get(host: str, path: str) -> bytes:
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 200, (host, path, response.status_code)
        return bytes(response.content)

    flattr_only, funded = get(*variants["flattr"]), get(*variants["funded"])
    assert b"flattr-button" in flattr_only
    assert b"funding-support" not in flattr_only
    assert funded.count(b"funding-button--") == 9, funded.count(b"funding-button--")

    def queries(host: str, path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            get(host, path)
        return len(captured)

    calls = {name: (lambda w=where: get(*w)) for name, where in variants.items()}
    figures: dict[str, object] = dict(interleaved(calls, repeat))
    for name, where in variants.items():
        figures[name]["queries"] = queries(*where)  # type: ignore[index]
    median = {name: figures[name]["median_ms"] for name in variants}  # type: ignore[index]
    figures["overhead_median_ms"] = {
        "funded_vs_flattr": round(median["funded"] - median["flattr"], 3)
    }
    import wagtail

    path = write(f"wagtail_funding_render-wagtail{wagtail.__version__.split('.')[0]}", figures)
    print(path.read_text())


if __name__ == "__main__":
    main()
