"""Every funding provider of docs/funding.md, at site, author and page level, for the benches.

The build benchmarks measure the plugin with everything on: the site names every provider
(both widget ids, two GitHub and custom accounts, two wallets), two authors name their own,
and some pages turn one provider off, add one, or set their own wallet. Nothing here builds
markup: these are the settings a site owner writes.

No ``funding_json``: every account of the site becomes a funding.json channel, and the
manifest allows at most 10, fewer than the 14 accounts here (one of each provider is 11).
"""

from __future__ import annotations

SITE_FUNDING: dict[str, object] = {
    "github": ["octocat", "mona"],
    "patreon": {"username": "benchpatron", "user_id": "12345"},
    "open_collective": "bench-collective",
    "ko_fi": {"username": "benchkofi", "widget_id": "B0B4AHLJ"},
    "liberapay": "benchlp",
    "buy_me_a_coffee": "benchcoffee",
    "polar": "benchpolar",
    "thanks_dev": "u/gh/benchdev",
    "paypal": "benchpaypal",
    "custom": ["https://bench.example.org/give", "https://donate.example.com/bench"],
    "web_monetization": ["https://wallet.example/bench", "https://ilp.example/bench-2"],
}
# Two authors with accounts of their own (one also with a Flattr username).
AUTHOR_FUNDING: dict[str, dict[str, object]] = {
    "bob": {
        "liberapay": "boblp",
        "github": ["bobgh"],
        "web_monetization": "https://wallet.example/bob",
    },
    "carol": {"ko_fi": "carolkofi", "polar": "carolpolar", "paypal": "carolpp"},
}


def page_funding(number: int) -> dict[str, object] | None:
    """What page ``number``'s own front matter or metadata says (every fifth page: something)."""
    kinds: list[dict[str, object] | None] = [
        {"liberapay": f"page{number}", "github": False},
        {"polar": f"polar{number}", "web_monetization": f"https://wallet.example/page-{number}"},
        {"custom": [f"https://bench.example.org/give/{number}"], "paypal": False},
        {"patreon": {"username": f"pat{number}", "user_id": str(1000 + number)}},
        None,
    ]
    return kinds[(number // 5) % len(kinds)] if number % 5 == 0 else None
