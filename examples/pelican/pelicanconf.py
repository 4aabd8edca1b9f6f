"""Field Notes, a cycling blog by two riders: Pelican's default theme, feeds, a German
translation, and Flattr. `flattr demo` builds it against the local sandbox through the
FLATTR_DEMO_* variables below (the defaults suit `flattr sandbox --port 8765`, see docs/demo.md).

    FLATTR_TOKEN=... FLATTR_TOKEN_ADA=... pelican -s examples/pelican/pelicanconf.py

FLATTR_TOKEN is the site's account's (grace); each author's account has its own token, here
Ada's in FLATTR_TOKEN_ADA, so her posts are registered under her account, never under grace's.
"""

import os
from pathlib import Path

HERE = Path(__file__).parent
ENV = os.environ

SITENAME = "Field Notes"
SITESUBTITLE = "Two riders, one river path, many punctures"
SITEURL = ENV.get("FLATTR_DEMO_SITE_URL", "http://127.0.0.1:8767")
PATH = str(HERE / "content")
OUTPUT_PATH = ENV.get("FLATTR_DEMO_OUTPUT", str(HERE / "output"))
CACHE_PATH = ENV.get("FLATTR_DEMO_CACHE", str(HERE / "cache"))
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 6
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True

ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
ARTICLE_URL = ARTICLE_SAVE_AS = "posts/{slug}.html"
ARTICLE_LANG_URL = ARTICLE_LANG_SAVE_AS = "posts/{slug}-{lang}.html"
PAGE_URL = PAGE_SAVE_AS = "pages/{slug}.html"

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category-{slug}.atom.xml"
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = "feeds/author-{slug}.atom.xml"
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = "feeds/all-{lang}.atom.xml"
TRANSLATION_FEED_RSS = None

PLUGINS = ["pelican.plugins.flattr"]
FLATTR = {
    "username": "grace",
    "tags": ["cycling"],
    # Every other way to support the blog (docs/funding.md): a button each beside Flattr's,
    # the wallet in each page's head, the feeds' monetization and podcast:funding elements
    "funding": {
        "liberapay": "fieldnotes",
        "paypal": "fieldnotes",
        "web_monetization": "https://wallet.example/fieldnotes",
    },
    # Pelican author names -> Flattr accounts: each rider is flattred for their own posts, and
    # supported on their own pages beside the blog's
    "authors": {
        "Ada Moreau": {"username": "ada", "flattr_id": "ada001", "funding": {"ko_fi": "ada"}},
        "Grace Tanaka": {"username": "grace", "funding": {"github": "grace-rides"}},
    },
    "categories": {"Gear": "rest", "Workshop": "rest"},
    # the Workshop's posts are sponsored by the repair collective (a section rule)
    "sections": {"Workshop": {"funding": {"open_collective": "repair-cafe"}}},
    "register": ENV.get("FLATTR_DEMO_REGISTER", "auto"),
    "api_url": ENV.get("FLATTR_DEMO_API_URL", "http://127.0.0.1:8765/rest/v2"),
    "web_url": ENV.get("FLATTR_DEMO_WEB_URL", "http://127.0.0.1:8765"),
    # the widget style's script: Flattr's load.js is gone, the sandbox serves a working one
    "loader_url": ENV.get("FLATTR_DEMO_LOADER_URL", "http://127.0.0.1:8765/js/0.6/load.js"),
    # tokens come from $FLATTR_TOKEN (the site's) and $FLATTR_TOKEN_ADA (never write them here)
}
