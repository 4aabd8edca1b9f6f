"""Two sites' feeds under a real threaded server (Django's ``ThreadedWSGIServer``, the one
``runserver`` uses): 6 threads fetching both sites' RSS and Atom feeds for a bounded time get,
every time, exactly what a lone request gets. ``FLATTR_FEED_SECONDS`` sets the time (3 s)."""

from __future__ import annotations

import os
import re
import threading
import time
from collections import Counter
from typing import Any

import pytest
import requests
from conftest import build_blog

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]
SECONDS = float(os.environ.get("FLATTR_FEED_SECONDS", "3"))
THREADS = 6
FEEDS = [(host, path) for host in ("alpha.test", "beta.test") for path in ("rss", "atom")]
# The build time is "now" in a feed whose items have no dates: the one part that may differ.
_BUILD_TIME = re.compile(rb"<(lastBuildDate|updated)>[^<]*</\1>")


def body(session: requests.Session, base: str, host: str, path: str) -> bytes:
    response = session.get(f"{base}/feed/{path}/", headers={"Host": host}, timeout=10)
    assert response.status_code == 200, response.text[:500]
    return _BUILD_TIME.sub(b"<time/>", response.content)


def hammer(base: str, lone: dict[tuple[str, str], bytes], until: float) -> Counter[str]:
    """One client thread: fetch the four feeds in turn until ``until``; count what came back."""
    seen: Counter[str] = Counter()
    with requests.Session() as session:
        while time.monotonic() < until:
            for host, path in FEEDS:
                same = body(session, base, host, path) == lone[host, path]
                seen["same" if same else f"different:{host}:{path}"] += 1
    return seen


def test_concurrent_feeds_of_two_sites_never_mix(live_server: Any) -> None:
    build_blog()
    base = live_server.url
    with requests.Session() as session:
        lone = {feed: body(session, base, *feed) for feed in FEEDS}
    assert b"alpha.test/first/" in lone["alpha.test", "rss"]
    assert b"alpha.test" not in lone["beta.test", "atom"]
    assert all(b'rel="payment"' in feed for feed in lone.values())
    until = time.monotonic() + SECONDS
    results: list[Counter[str]] = []

    def client() -> None:
        try:
            results.append(hammer(base, lone, until))
        except Exception as error:  # reported by the assertions below
            results.append(Counter({f"error: {error!r}"[:300]: 1}))

    threads = [threading.Thread(target=client) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 60)
    total = sum(results, Counter())
    print(f"\n{THREADS} threads, {SECONDS:g} s: {dict(total)}")
    assert len(results) == THREADS  # every thread finished
    assert set(total) == {"same"}, dict(total)
    assert all(counts["same"] > 0 for counts in results)
