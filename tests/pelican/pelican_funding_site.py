"""The sample site with every provider: at site, category (section), author and article level,
and the same content without a Flattr username for the site."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from pelican_site import FLATTR, SITE, SITEURL, run_pelican

ALICE_WALLET, BOB_WALLET = "https://wallet.example/alice", "https://wallet.example/bob"
SITE_FUNDING = {
    "github": "alice-gh",
    "liberapay": "alice",
    "paypal": "alicepp",
    "thanks_dev": "u/gh/alice-gh",
    "web_monetization": ALICE_WALLET,
}
AUTHORS = {
    **FLATTR["authors"],
    "Bob Builder": {
        "username": "bob",
        "funding": {"ko_fi": "bob", "web_monetization": BOB_WALLET},
    },
}
FUNDING_JSON: dict[str, Any] = {
    "entity": {
        "type": "individual",
        "role": "owner",
        "name": "Alice Example",
        "email": "alice@blog.example",
        "description": "Alice writes this blog, with Bob and Carol.",
    },
    "projects": [
        {
            "guid": "the-blog",
            "name": "The blog",
            "description": "Notes on Pelican, the coast and gardens.",
            "repositoryUrl": "https://blog.example/source/",
            "licenses": ["spdx:CC-BY-4.0"],
            "tags": ["blog"],
        }
    ],
    "plans": [
        {
            "guid": "monthly",
            "name": "Monthly",
            "amount": 3,
            "currency": "EUR",
            "frequency": "monthly",
        }
    ],
}
# article file -> metadata lines added after its first line
METADATA = {
    "first-steps.md": ["Funding_polar: alice-polar", "Funding_github: no"],
    "guest-post.md": ["Funding: no"],
}


def funding_settings(**overrides: Any) -> dict[str, Any]:
    return {
        **FLATTR,
        "funding": SITE_FUNDING,
        "authors": AUTHORS,
        "sections": {"Podcast": {"funding": {"open_collective": "carolcast"}}},
        "funding_json": FUNDING_JSON,
        **overrides,
    }


def build(
    tmp: Path, flattr: dict[str, Any], metadata: dict[str, list[str]] = METADATA, **pelican: Any
) -> Path:
    """A fresh copy of the sample content, its articles edited, built with ``flattr`` (and
    ``pelican``'s other settings)."""
    content = tmp / "content"
    shutil.copytree(SITE, content)
    for name, lines in metadata.items():
        path = content / "articles" / name
        first, rest = path.read_text(encoding="utf-8").split("\n", 1)
        path.write_text("\n".join([first, *lines, rest]), encoding="utf-8")
    return run_pelican(tmp, FLATTR=flattr, **pelican)


def url(page: str) -> str:
    return f"{SITEURL}/{page}"
