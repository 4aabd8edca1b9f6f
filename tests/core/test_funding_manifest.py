"""funding.json (v1) and /.well-known/funding-manifest-urls, checked against the schema."""

import copy
import json
from typing import Any

import pytest
from funding.manifest_schema import SCHEMA, validate
from funding_json.model import Manifest

from flattr_core.errors import ConfigError
from flattr_core.markup import funding_manifest as fm
from flattr_core.markup.funding_schema import manifest_problems, provenance
from flattr_core.providers import Funding, funding_layer, merge

SITE = "https://blog.example/"
FUNDING = merge(
    [
        funding_layer(
            {
                "github": ["octocat", "mona"],
                "liberapay": "bob",
                "ko_fi": "bob",
                "custom": "https://example.org/give",
                "web_monetization": "https://wallet.example/bob",
            }
        )
    ]
)
CONFIG: dict[str, Any] = {
    "entity": {
        "type": "individual",
        "role": "owner",
        "name": "Bob Example",
        "email": "bob@blog.example",
        "description": "I write about small tools.",
    },
    "projects": [
        {
            "guid": "small-tools",
            "name": "Small tools",
            "description": "A blog and its example code.",
            "repositoryUrl": {
                "url": "https://github.com/bob/small-tools",
                "wellKnown": "https://github.com/bob/small-tools/blob/main/.well-known/funding-manifest-urls",
            },
            "licenses": ["spdx:MIT"],
            "tags": ["blog", "developer-tools"],
        }
    ],
    "plans": [
        {
            "guid": "coffee",
            "name": "A coffee",
            "amount": 5,
            "currency": "EUR",
            "frequency": "one-time",
        },
        {
            "guid": "monthly",
            "name": "Monthly",
            "amount": 0,
            "currency": "USD",
            "frequency": "monthly",
        },
    ],
}


def test_the_manifest_follows_the_schema_and_the_funding_json_model() -> None:
    doc = fm.funding_manifest(CONFIG, FUNDING, site_url=SITE)
    assert validate(doc, SCHEMA) == []
    assert Manifest.from_dict(copy.deepcopy(doc)).to_dict() == doc
    assert manifest_problems(doc, "https://blog.example/funding.json") == []


def test_channels_come_from_the_sites_funding_and_plans_take_them_all() -> None:
    doc = fm.funding_manifest(CONFIG, FUNDING, site_url=SITE)
    channels = doc["funding"]["channels"]
    assert [(c["guid"], c["address"]) for c in channels] == [
        ("github", "https://github.com/sponsors/octocat"),
        ("github-2", "https://github.com/sponsors/mona"),
        ("ko-fi", "https://ko-fi.com/bob"),
        ("liberapay", "https://liberapay.com/bob/donate"),
        ("custom", "https://example.org/give"),
        ("web-monetization", "https://wallet.example/bob"),
    ]
    assert {c["type"] for c in channels} == {"payment-provider"}
    guids = [c["guid"] for c in channels]
    assert [p["channels"] for p in doc["funding"]["plans"]] == [guids, guids]
    assert [p["status"] for p in doc["funding"]["plans"]] == ["active", "active"]
    assert doc["entity"]["webpageUrl"] == {"url": SITE}
    assert doc["projects"][0]["webpageUrl"] == {"url": SITE}
    assert doc["version"] == "v1.0.0"


def test_the_text_is_utf8_json_with_a_final_newline() -> None:
    doc = fm.funding_manifest(CONFIG, FUNDING, site_url=SITE)
    text = fm.manifest_text(doc)
    assert text.endswith("}\n")
    assert json.loads(text) == doc


def broken(path: str, value: object) -> dict[str, Any]:
    config = copy.deepcopy(CONFIG)
    *parents, last = path.split(".")
    holder: Any = config
    for part in parents:
        holder = holder[int(part)] if part.isdigit() else holder[part]
    if value is None:
        del holder[last]
    else:
        holder[last] = value
    return config


@pytest.mark.parametrize(
    ("path", "value", "key", "allowed"),
    [
        ("entity.type", "person", "entity.type", "one of individual, group"),
        ("entity.email", "bob", "entity.email", "an e-mail address"),
        ("entity.name", None, "entity.name", "a value (required)"),
        ("entity.description", "tiny", "entity.description", "of 5 to 2000"),
        ("entity.phone", "call me", "entity.phone", "a phone number"),
        ("projects.0.guid", "Small_Tools", "projects[0].guid", "lowercase letters"),
        ("projects.0.tags", [], "projects[0].tags", "1 to 10 tags"),
        ("projects.0.licenses", ["spdx:MIT"] * 6, "projects[0].licenses", "1 to 5 licences"),
        ("projects", [], "projects", "a list of 1 to 30 objects"),
        ("plans.0.currency", "EURO", "funding.plans[0].currency", "ISO 4217"),
        ("plans.0.amount", -1, "funding.plans[0].amount", "a number from 0"),
        ("plans.0.frequency", "daily", "funding.plans[0].frequency", "one of one-time"),
        ("plans.0.channels", ["nope"], "funding.plans[0].channels", "guids of funding.channels"),
        ("plans.1.guid", "coffee", "funding.plans[].guid", "a guid used once"),
        ("plans", [], "funding.plans", "a list of 1 to 10 objects"),
    ],
)
def test_each_bad_value_is_named(path: str, value: object, key: str, allowed: str) -> None:
    with pytest.raises(ConfigError) as caught:
        fm.funding_manifest(broken(path, value), FUNDING, site_url=SITE)
    assert caught.value.source == "funding_json"
    assert [p.key for p in caught.value.problems] == [key]
    assert allowed in caught.value.problems[0].allowed


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("version", "v2.0.0"),
        ("entity.role", "boss"),
        ("entity.webpageUrl.url", "http://blog.example/"),
        ("projects.0.tags", ["Not A Tag"]),
        ("projects.0.guid", "ab"),
        ("projects.0.extra", 1),
        ("funding.channels.0.type", "card"),
        ("funding.channels.0.address", "x" * 251),
        ("funding.plans.0.name", "ab"),
        ("funding.plans.0.amount", 2_000_000_000),
        ("funding.history", [{"year": 1969, "currency": "EUR"}]),
    ],
)
def test_our_validator_and_the_schema_refuse_the_same_documents(path: str, value: object) -> None:
    doc = fm.funding_manifest(CONFIG, FUNDING, site_url=SITE)
    *parents, last = path.split(".")
    holder: Any = doc
    for part in parents:
        holder = holder[int(part)] if part.isdigit() else holder[part]
    holder[last] = value
    assert validate(doc, SCHEMA) != []
    assert manifest_problems(doc, "https://blog.example/funding.json") != []


def test_unknown_keys_are_named_without_their_values() -> None:
    config = {**CONFIG, "secret_token": "s3cret"}
    with pytest.raises(ConfigError) as caught:
        fm.funding_manifest(config, FUNDING, site_url=SITE)
    assert [p.key for p in caught.value.problems] == ["secret_token"]
    assert "s3cret" not in str(caught.value)
    inner = broken("entity.api_key", "s3cret")
    with pytest.raises(ConfigError) as caught:
        fm.funding_manifest(inner, FUNDING, site_url=SITE)
    assert [p.key for p in caught.value.problems] == ["entity.api_key"]
    assert "s3cret" not in str(caught.value)


def test_a_site_without_any_provider_needs_its_own_channel() -> None:
    with pytest.raises(ConfigError) as caught:
        fm.funding_manifest(CONFIG, Funding(), site_url=SITE)
    assert "funding.channels" in [p.key for p in caught.value.problems]
    config = {**CONFIG, "channels": [{"guid": "mybank", "type": "bank", "address": "IBAN 1"}]}
    doc = fm.funding_manifest(config, Funding(), site_url=SITE)
    assert validate(doc, SCHEMA) == []


@pytest.mark.parametrize(
    ("url", "well_known", "fine"),
    [
        ("https://blog.example/", None, True),
        ("https://blog.example/deep/page", None, True),
        ("https://github.com/bob/x", None, False),
        (
            "https://github.com/bob/x",
            "https://github.com/bob/x/blob/main/.well-known/funding-manifest-urls",
            True,
        ),
        ("https://github.com/bob/x", "https://github.com/.well-known/funding-manifest-urls", True),
        (
            "https://github.com/bob/x",
            "https://example.org/.well-known/funding-manifest-urls",
            False,
        ),
        ("https://github.com/bob/x", "https://github.com/bob/x/funding-manifest-urls", False),
        (
            "https://github.com/bob/x",
            "https://github.com/alice/.well-known/funding-manifest-urls",
            False,
        ),
    ],
)
def test_provenance_follows_go_funding_json(url: str, well_known: str | None, fine: bool) -> None:
    assert (provenance("https://blog.example/funding.json", url, well_known) == "") is fine


def test_the_well_known_file_lists_the_sites_manifest_and_the_others() -> None:
    config = {"manifest_urls": ["https://raw.example/bob/funding.json"]}
    assert fm.well_known_text(SITE, config) == (
        "https://blog.example/funding.json\nhttps://raw.example/bob/funding.json\n"
    )
    assert fm.well_known_path() == "/.well-known/funding-manifest-urls"
    with pytest.raises(ConfigError) as caught:
        fm.well_known_text(
            SITE, {"manifest_urls": ["http://x.example/funding.json", "javascript:x"]}
        )
    assert [p.key for p in caught.value.problems] == ["manifest_urls[0]", "manifest_urls[1]"]
