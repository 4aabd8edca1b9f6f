"""What a real `mkdocs build` with the plugin imports: only the code the site's settings use.

Importing the core was most of what the plugin cost a small site's build (issue 14): a site
without feeds must not load the feed scanner and writers, one without ``funding_json`` not
funding.json's rules, one with ``register: never`` neither the store nor the HTTP client.
Each build runs in a fresh interpreter, which then lists the modules it holds.
"""

from __future__ import annotations

import json
import subprocess
import sys

from mkdocs_funding_sites import FUNDING_JSON, SITE_FUNDING
from mkdocs_sites import Site, flattr_options, rss_options, write_site

BUILD_AND_LIST = """
import json, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="build", dirty=False)
build(config)
print(json.dumps(sorted(sys.modules)))
"""
FEED_CODE = {
    f"flattr_core.markup.{name}"
    for name in ("feeds", "feedscan", "feedwrite", "feedplan", "feedfunding", "jsonfeed", "podcast")
}
FUNDING_JSON_CODE = {
    "flattr_core.markup.funding_manifest",
    "flattr_core.markup.funding_schema",
    "flattr_core.markup.funding_vocab",
}
# register: never writes the manifest (registration.build and .manifest), and no more
NETWORK_AND_STORE = {"sqlite3", "requests", "flattr_core.registration.store"}
NOT_FOR_A_PAGE = {
    "flattr_core.cli",
    "flattr_core.providers.funding_yml",  # only for `funding: FUNDING.yml`
    "flattr_core.markup.rewrite",  # only to relink buttons after registering
    "difflib",  # only for the hint under a misspelt option
}


def modules_of_build(site: Site) -> set[str]:
    command = [sys.executable, "-c", BUILD_AND_LIST, str(site.config_file), str(site.site_dir)]
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=site.root)
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def registration_modules(modules: set[str]) -> set[str]:
    return {m for m in modules if m.startswith("flattr_core.registration.")}


def test_a_site_without_feeds_or_funding_json_imports_only_what_its_pages_need(site_factory):
    site = site_factory(flattr={"funding": SITE_FUNDING})
    modules = modules_of_build(site)
    assert "flattr-button" in site.html("guide/install/index.html")  # the plugin did its work
    assert "flattr_core.markup.page" in modules
    assert modules & FEED_CODE == set()
    assert modules & FUNDING_JSON_CODE == set()
    assert modules & (NETWORK_AND_STORE | NOT_FOR_A_PAGE) == set()
    assert registration_modules(modules) == {
        "flattr_core.registration.build",
        "flattr_core.registration.manifest",
    }


def test_feeds_and_funding_json_load_their_code_when_a_site_has_them(site_factory, tmp_path):
    flattr = flattr_options(funding=SITE_FUNDING, funding_json=FUNDING_JSON)
    plugins = ["search", {"rss": rss_options(tmp_path)}, {"flattr": flattr}]
    site = write_site(tmp_path / "with-feeds", plugins=plugins)
    modules = modules_of_build(site)
    assert 'rel="payment"' in (site.site_dir / "feed_rss_created.xml").read_text(encoding="utf-8")
    assert (site.site_dir / "funding.json").is_file()
    assert {"flattr_core.markup.feeds", "flattr_core.markup.feedscan"} <= modules
    assert modules >= FUNDING_JSON_CODE
    # (mkdocs-rss-plugin imports requests itself)
    assert registration_modules(modules) == {
        "flattr_core.registration.build",
        "flattr_core.registration.manifest",
    }
