"""Render time of a blog post with and without the Flattr button, in the same run.

Usage: python bench/wagtail_render.py [--repeat N]   (needs the wagtail extra and pytest-django)
Writes bench/results/wagtail_render-wagtail<major>.json.

Variants, all through Django's test client (full middleware stack, template rendering):
  without   the post, with Flattr's middleware off: no Flattr code runs at all
  middleware  the same post and template; the middleware adds head tags and the button
  tags      a post whose template uses {% flattr_head %} and {% flattr_button %}
  tags_off  a sibling post, same template, opted out (flattr_enabled off): the tags render nothing
The variants are timed in turns (one request each per round) so machine noise hits all alike.
"""

from __future__ import annotations

import argparse

from wagtail_common import interleaved, setup_django, write


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=500)
    repeat = parser.parse_args().repeat
    blog = setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from wagtail_flattr.models import FlattrAuthor

    FlattrAuthor.objects.create(user=blog.editor_a, username="dave")  # per-author account on
    with_flattr = Client()
    with override_settings(MIDDLEWARE=[m for m in settings.MIDDLEWARE if "flattr" not in m]):
        without = Client()
        without.get("/news/", HTTP_HOST="alpha.test")  # loads the middleware list now

    def get(client: Client, path: str) -> None:
        response = client.get(path, HTTP_HOST="alpha.test")
        assert response.status_code == 200

    def queries(client: Client, path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            get(client, path)
        return len(captured)

    assert b"flattr-button" not in without.get("/news/", HTTP_HOST="alpha.test").content
    assert b"flattr-button" in with_flattr.get("/news/", HTTP_HOST="alpha.test").content
    blog.second.flattr_enabled = False  # same template as /first/, tags render nothing
    blog.second.save()
    variants = {
        "without": (without, "/news/"),
        "middleware": (with_flattr, "/news/"),
        "tags": (with_flattr, "/first/"),
        "tags_off": (with_flattr, "/second/"),
    }
    calls = {
        name: (lambda c=client, p=path: get(c, p)) for name, (client, path) in variants.items()
    }
    figures: dict[str, object] = dict(interleaved(calls, repeat))
    for name, (client, path) in variants.items():
        figures[name]["queries"] = queries(client, path)  # type: ignore[index]
    median = {name: figures[name]["median_ms"] for name in variants}  # type: ignore[index]
    figures["overhead_median_ms"] = {
        "middleware_vs_without": round(median["middleware"] - median["without"], 3),
        "tags_vs_tags_off": round(median["tags"] - median["tags_off"], 3),
    }
    import wagtail

    path = write(f"wagtail_render-wagtail{wagtail.__version__.split('.')[0]}", figures)
    print(path.read_text())


if __name__ == "__main__":
    main()
