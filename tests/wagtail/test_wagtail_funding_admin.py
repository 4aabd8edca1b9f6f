"""Funding in the admin: a field per provider in the site settings, an editor's account and the
page editor; every value checked by the core when saved, each problem on its field, naming the
value and what is allowed; funding.json's fields checked against the site's URL; and an editor's
bad value costing only that editor's pages."""

from __future__ import annotations

import copy
import json
import logging
from typing import Any

import html5lib
import pytest
from conftest import Blog
from django.core.exceptions import ValidationError
from funding_reading import page_funding
from test_admin import form_values, settings_url
from test_wagtail_funding import FUNDING_JSON
from testapp.models import BlogPage
from wagtail.admin.panels import ObjectList

from wagtail_flattr.funding_fields import fields_form
from wagtail_flattr.models import FlattrAuthor, FlattrSiteSettings
from wagtail_flattr.panels import fields

HOST = {"HTTP_HOST": "alpha.test"}
NAMES = {"name_email-first_name": "Ed", "name_email-last_name": "Itor"}  # the account form's


def post(client: Any, url: str, changes: dict[str, str], **extra: Any) -> Any:
    data = form_values(client.get(url, **HOST, **extra).content)
    data.update({name: [value] for name, value in changes.items()})
    return client.post(url, data, **HOST, **extra)


def shown(response: Any) -> str:
    """The page as text, quotes unescaped (Django escapes ' as &#x27;)."""
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def field_errors(response: Any, name: str) -> list[str]:
    """The error messages Wagtail shows on the field that holds the input ``name`` (one
    paragraph holds them all, space-separated)."""
    tree = html5lib.parse(response.content, namespaceHTMLElements=False)
    for field in tree.iter("div"):
        inputs = [*field.iter("input"), *field.iter("textarea")]
        if "w-field" in field.get("class", "").split() and name in {i.get("name") for i in inputs}:
            messages = [p for p in field.iter("p") if "error-message" in p.get("class", "")]
            return [" ".join("".join(p.itertext()).split()) for p in messages]
    raise AssertionError(f"no field holds {name}")


# -- site settings --------------------------------------------------------------------------------


def test_the_settings_form_has_a_field_per_provider_filled_from_the_stored_funding(
    client: Any, blog: Blog
) -> None:
    stored = {"github": ["octocat", "mona"], "patreon": {"username": "al", "user_id": "12"}}
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(funding=stored)
    client.force_login(blog.admin)
    values = form_values(client.get(settings_url(blog.alpha), **HOST).content)
    assert values["funding_github"] == ["octocat, mona"]
    assert (values["funding_patreon"], values["funding_patreon_user_id"]) == (["al"], ["12"])
    names = {name for name in values if name.startswith("funding_")}
    assert names == {
        "funding_github", "funding_patreon", "funding_patreon_user_id", "funding_open_collective",
        "funding_ko_fi", "funding_ko_fi_widget_id", "funding_liberapay", "funding_buy_me_a_coffee",
        "funding_polar", "funding_thanks_dev", "funding_paypal", "funding_custom",
        "funding_web_monetization", "funding_json",
    }  # fmt: skip
    assert values["funding_json"] == ["null"]  # a JSON field: no manifest


def test_each_levels_help_says_what_blank_and_off_mean_there() -> None:
    helps = {level: fields_form(level).base_fields["funding_liberapay"].help_text
             for level in ("site", "author", "page")}  # fmt: skip
    assert helps["site"].endswith("Blank: the install's default (WAGTAIL_FLATTR DEFAULTS), if "
                                  "any. off: none here.")  # fmt: skip
    assert helps["author"].endswith("Blank: the site's. off: none on your pages.")
    assert helps["page"].endswith("Blank: the author's or the site's. off: none on this page.")


def test_the_settings_form_saves_the_providers_as_the_cores_mapping(
    client: Any, blog: Blog
) -> None:
    client.force_login(blog.admin)
    changes = {
        "funding_github": "octocat, mona",
        "funding_liberapay": "alice",
        "funding_ko_fi": "alice",
        "funding_ko_fi_widget_id": "A1B2C3",
        "funding_web_monetization": "https://wallet.example/a https://wallet.example/b",
    }
    response = post(client, settings_url(blog.alpha), changes)
    assert response.status_code == 302, shown(response)[:3000]
    assert FlattrSiteSettings.objects.get(site=blog.alpha).funding == {
        "github": ["octocat", "mona"],
        "ko_fi": {"username": "alice", "widget_id": "A1B2C3"},
        "liberapay": "alice",
        "web_monetization": ["https://wallet.example/a", "https://wallet.example/b"],
    }
    found = page_funding(client.get("/first/", **HOST).content.decode())
    assert found.wallets == ["https://wallet.example/a", "https://wallet.example/b"]
    assert [kind for kind, _ in found.buttons] == ["github", "github", "ko-fi", "liberapay"]


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("funding_liberapay", "https://liberapay.com/alice",
         "funding.liberapay: 'https://liberapay.com/alice' is not allowed; expected a Liberapay "
         "username (letters, digits, - _ .; up to 32) (did you mean 'alice'?)"),
        ("funding_web_monetization", "$wallet.example/alice",
         "expected a wallet address: an https URL such as https://wallet.example/alice (use "
         "'https://wallet.example/alice': $ payment pointers were removed in 2024)"),
        ("funding_github", "a, b, c, d, e", "expected up to 4 values, each a GitHub username"),
        ("funding_custom", "example.org/give", "(did you mean 'https://example.org/give'?)"),
        ("funding_patreon_user_id", "alice", "funding.patreon.user_id: 'alice' is not allowed; "
         "expected Patreon's numeric user id"),
    ],
)  # fmt: skip
def test_a_bad_provider_value_is_refused_on_its_field(
    client: Any, blog: Blog, field: str, value: str, words: str
) -> None:
    client.force_login(blog.admin)
    changes = {field: value, "funding_patreon": "alice"} if "patreon" in field else {field: value}
    response = post(client, settings_url(blog.alpha), changes)
    assert response.status_code == 200
    [error] = field_errors(response, field)
    assert words in error
    assert FlattrSiteSettings.objects.get(site=blog.alpha).funding == {}


def test_a_widget_id_without_its_account_is_named(client: Any, blog: Blog) -> None:
    client.force_login(blog.admin)
    response = post(client, settings_url(blog.alpha), {"funding_ko_fi_widget_id": "A1B2C3"})
    assert response.status_code == 200
    [error] = field_errors(response, "funding_ko_fi")
    assert error.startswith("funding.ko_fi.username: None is not allowed; expected a Ko-fi user")


def test_funding_json_is_checked_for_the_sites_url_when_saved(client: Any, blog: Blog) -> None:
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(funding={"liberapay": "alice"})
    client.force_login(blog.admin)
    project = {**FUNDING_JSON["projects"][0], "repositoryUrl": "https://alpha.test/source/"}
    manifest = {**FUNDING_JSON, "projects": [project]}
    plain = post(client, settings_url(blog.alpha), {"funding_json": json.dumps(manifest)})
    assert plain.status_code == 200  # served over plain http: no valid manifest can name it
    [error] = field_errors(plain, "funding_json")
    assert error.startswith("funding.json: entity.webpageUrl.url: 'http://alpha.test'")
    type(blog.alpha).objects.filter(pk=blog.alpha.pk).update(port=443)
    bad = copy.deepcopy(manifest)
    bad["plans"][0]["currency"] = "EURO"
    refused = post(client, settings_url(blog.alpha), {"funding_json": json.dumps(bad)}, secure=True)
    assert refused.status_code == 200
    [error] = field_errors(refused, "funding_json")
    assert error.startswith("funding.json: funding.plans[0].currency: 'EURO' is not allowed")
    saved = post(
        client, settings_url(blog.alpha), {"funding_json": json.dumps(manifest)}, secure=True
    )
    assert saved.status_code == 302
    assert FlattrSiteSettings.objects.get(site=blog.alpha).funding_json == manifest
    assert client.get("/funding.json", secure=True, **HOST).status_code == 200


# -- an editor's own account ----------------------------------------------------------------------


def test_an_editor_sets_their_own_funding_in_their_account(client: Any, blog: Blog) -> None:
    client.force_login(blog.editor_a)
    changes = {"flattr-funding_polar": "dave", "flattr-funding_liberapay": "off", **NAMES}
    response = post(client, "/admin/account/", changes)
    assert response.status_code == 302, shown(response)[:3000]
    account = FlattrAuthor.objects.get(user=blog.editor_a)
    assert (account.username, account.funding) == ("", {"liberapay": "off", "polar": "dave"})
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(funding={"liberapay": "alice"})
    found = page_funding(client.get("/first/", **HOST).content.decode())
    assert found.buttons == [("polar", "https://polar.sh/dave")]  # the site's Liberapay: off
    assert found.flattr_buttons == 1  # flattred as the site's account, as before
    again = form_values(client.get("/admin/account/", **HOST).content)
    assert (again["flattr-funding_polar"], again["flattr-funding_liberapay"]) == (["dave"], ["off"])


def test_the_account_form_refuses_a_bad_funding_value_on_its_field(client: Any, blog: Blog) -> None:
    client.force_login(blog.editor_a)
    response = post(client, "/admin/account/", {"flattr-funding_paypal": "paypal.me/dave", **NAMES})
    assert response.status_code == 200
    [error] = field_errors(response, "flattr-funding_paypal")
    assert error.startswith("funding.paypal: 'paypal.me/dave' is not allowed; expected a PayPal.me")
    assert not FlattrAuthor.objects.filter(user=blog.editor_a).exists()


# -- the page editor ------------------------------------------------------------------------------


def edit_url(page: Any) -> str:
    return f"/admin/pages/{page.pk}/edit/"


def saved_draft(page: Any) -> Any:
    return type(page).objects.get(pk=page.pk).get_latest_revision_as_object()


def test_the_page_editor_saves_and_publishes_the_pages_own_funding(client: Any, blog: Blog) -> None:
    client.force_login(blog.admin)
    changes = {"funding_open_collective": "alpha-oc", "funding_github": "off"}
    response = post(client, edit_url(blog.first), {**changes, "action-publish": "action-publish"})
    assert response.status_code == 302, shown(response)[:3000]
    assert type(blog.first).objects.get(pk=blog.first.pk).flattr_funding == {
        "github": "off",
        "open_collective": "alpha-oc",
    }
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(funding={"github": "octocat"})
    found = page_funding(client.get("/first/", **HOST).content.decode())
    assert found.buttons == [("open-collective", "https://opencollective.com/alpha-oc/donate")]
    assert page_funding(client.get("/second/", **HOST).content.decode()).buttons == [
        ("github", "https://github.com/sponsors/octocat")
    ]


def test_a_page_can_turn_every_other_provider_off_but_not_and_set_one(
    client: Any, blog: Blog
) -> None:
    client.force_login(blog.admin)
    both = post(client, edit_url(blog.first), {"funding_none": "on", "funding_polar": "alice"})
    assert both.status_code == 200
    [error] = field_errors(both, "funding_none")
    assert error.startswith("either no other way of support on this page, or the providers set")
    assert saved_draft(blog.first).flattr_funding == {}
    data = form_values(client.get(edit_url(blog.first), **HOST).content)
    data["funding_none"] = ["on"]
    assert client.post(edit_url(blog.first), data, **HOST).status_code == 302
    assert saved_draft(blog.first).flattr_funding is False


def test_the_page_editor_refuses_a_bad_value_on_its_field(client: Any, blog: Blog) -> None:
    client.force_login(blog.admin)
    response = post(client, edit_url(blog.first), {"funding_thanks_dev": "u/gh/a/b/c"})
    assert response.status_code == 200
    [error] = field_errors(response, "funding_thanks_dev")
    assert error.startswith(
        "funding.thanks_dev: 'u/gh/a/b/c' is not allowed; expected a thanks.dev"
    )
    assert saved_draft(blog.first).flattr_funding == {}


# -- one editor's bad value -----------------------------------------------------------------------


def test_an_editors_bad_funding_costs_only_their_pages(
    client: Any, blog: Blog, caplog: pytest.LogCaptureFixture
) -> None:
    """Stored by code (not the form): editor_b's pages get nothing, never the site's account or
    funding instead; editor_a's pages and the site settings are unaffected."""
    FlattrSiteSettings.objects.filter(site=blog.beta).update(funding={"liberapay": "beta-lp"})
    FlattrSiteSettings.objects.filter(site=blog.alpha).update(funding={"liberapay": "alice"})
    FlattrAuthor.objects.create(
        user=blog.editor_b, funding={"liberapay": "https://liberapay.com/bob"}
    )
    with caplog.at_level(logging.WARNING, logger="wagtail_flattr"):
        for _ in range(2):
            beta = page_funding(client.get("/beta-post/", HTTP_HOST="beta.test").content.decode())
            alpha = page_funding(client.get("/first/", **HOST).content.decode())
    assert (beta.buttons, beta.flattr_buttons, beta.payment_links) == ([], 0, 0)
    assert alpha.buttons == [("liberapay", "https://liberapay.com/alice/donate")]
    [warning] = [r.getMessage() for r in caplog.records if r.name == "wagtail_flattr"]
    assert f"author '{blog.editor_b.pk}'" in warning
    assert f"authors.{blog.editor_b.pk}.funding.liberapay: 'https://liberapay.com/bob'" in warning
    client.force_login(blog.admin)
    settings_page = shown(client.get(settings_url(blog.beta), **HOST))
    assert "editor_b" in settings_page
    assert "(did you mean 'bob'?)" in settings_page


def test_an_account_saved_by_code_is_checked_by_full_clean(blog: Blog) -> None:
    account = FlattrAuthor(user=blog.editor_a, funding={"ko_fi": "dave smith"})
    with pytest.raises(ValidationError) as caught:
        account.full_clean()
    [message] = caught.value.message_dict["funding"]
    assert message.startswith("funding.ko_fi: 'dave smith' is not allowed; expected a Ko-fi")
    FlattrAuthor(user=blog.editor_a, funding={"ko_fi": "dave"}).full_clean()  # no Flattr: fine


def test_a_page_type_whose_panels_leave_the_fields_out_keeps_its_funding(blog: Blog) -> None:
    """The form has no funding fields then: saving it neither wipes the stored value nor is
    refused over a bad one the editor could not correct there (the page's render says so)."""
    panels = ObjectList(fields("title", "slug", "flattr_enabled")).bind_to_model(BlogPage)
    stored = {"liberapay": "https://liberapay.com/alice"}  # by code, invalid
    blog.first.flattr_funding = stored
    data = {"title": "First post", "slug": "first", "flattr_enabled": "on"}
    form = panels.get_form_class()(data, instance=blog.first, for_user=blog.admin)
    assert not [name for name in form.fields if name.startswith("funding_")]
    assert form.is_valid(), form.errors
    assert form.save(commit=False).flattr_funding == stored
