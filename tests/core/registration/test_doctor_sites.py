"""The core half of ``flattr doctor`` in a site's folder: a site as its adapter read it, checked.

Offline: accounts, tokens (where each was found), funding, endpoints, what would be registered.
``--online``: whose each token is (``GET /user`` on the sandbox) and each funding account's
public document (a wallet address's and Liberapay's ``public.json``, served by local stand-ins).
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from flattr_core.cli.lines import Report
from flattr_core.cli.main import main
from flattr_core.cli.sites import HostSite, check_sites
from flattr_core.errors import ConfigError
from flattr_core.models import Creator, Thing
from flattr_core.providers import Account, public_json_url
from flattr_core.settings import SiteConfig
from flattr_sandbox import Sandbox, SandboxUser

TOKENS = {"ada": "tok-ada-1a2b3c", "grace": "tok-grace-4d5e6f", "bob": "tok-bob-7a8b9c"}
pytestmark = pytest.mark.timeout(60)


class PublicDocuments(BaseHTTPRequestHandler):
    """Liberapay's /NAME/public.json and wallet addresses, for the accounts in ``known``."""

    known = {"/tern/public.json", "/tern-wallet"}

    def do_GET(self) -> None:
        found = self.path in self.known
        body = json.dumps({"id": self.path}).encode() if found else b"<h1>Not found</h1>"
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "application/json" if found else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def documents() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), PublicDocuments)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    users = [SandboxUser(name, token) for name, token in TOKENS.items()]
    with Sandbox(tmp_path / "sandbox.sqlite", users=users) as running:
        yield running


def a_site(sandbox: Sandbox, **options: object) -> SiteConfig:
    mapping = {
        "username": "ada",
        "flattr_id": "ada001",
        "authors": {"Grace": {"username": "grace", "token": TOKENS["grace"]}},
        "funding": {"liberapay": "tern", "web_monetization": "https://wallet.example/tern-wallet"},
        "api_url": sandbox.api_url,
        "web_url": sandbox.url,
        "token": TOKENS["ada"],
        **options,
    }
    return SiteConfig.from_mapping(mapping, token_fallback=False)


def things(*owners: str) -> tuple[Thing, ...]:
    return tuple(
        Thing(f"https://tern.example/{i}/", f"Post {i}", "A post.", Creator(owner))
        for i, owner in enumerate(owners)
    )


def check(site: HostSite, *, online: bool, documents: str = "") -> tuple[str, int]:
    out = io.StringIO()
    report = Report(out)

    def local(account: Account) -> str | None:  # the provider's real path, on the stand-in
        url = public_json_url(account)
        return documents + urlsplit(url).path if url else None

    check_sites([site], report, online=online, environ={}, public_json=local)
    return out.getvalue(), report.problems


def test_offline_it_names_every_account_provider_endpoint_and_thing(sandbox: Sandbox) -> None:
    site = HostSite("MkDocs", "mkdocs.yml", "Tern", config=a_site(sandbox),
                    things=things("ada", "ada", "grace", "carol"))  # fmt: skip
    out, problems = check(site, online=False)
    assert problems == 0, out
    assert "ok       MkDocs site 'Tern' (mkdocs.yml): every option valid" in out
    assert f"endpoints: API {sandbox.api_url}, web {sandbox.url}" in out
    assert "account ada (Flattr id ada001), the site's: token from the site's token" in out
    assert "account grace, author Grace: token from the author token of grace" in out
    assert "note     account carol, a page's own: no token of its own" in out
    assert "funding (the site): Liberapay: tern, Web Monetization: https://wallet.example/" in out
    assert "things to register: 4 things (2 of ada, 1 of carol, 1 of grace)" in out
    assert sandbox.requests == 0  # offline: nothing was asked
    assert not any(token in out for token in TOKENS.values())


def test_online_a_token_of_another_account_is_a_problem(sandbox: Sandbox, documents: str) -> None:
    authors = {"Grace": {"username": "grace", "token": TOKENS["bob"]}}
    site = HostSite("Pelican", "pelicanconf.py", config=a_site(sandbox, authors=authors))
    out, problems = check(site, online=True, documents=documents)
    assert f"{sandbox.api_url}/rate_limit answers" in out
    assert "token from the site's token, which belongs to ada" in out
    assert problems == 1, out
    assert (
        "PROBLEM  account grace, author Grace: token from the author token of grace belongs to "
        "the Flattr account bob, not grace: grace's things would not be registered with it"
    ) in out


def test_online_each_funding_account_is_looked_up(sandbox: Sandbox, documents: str) -> None:
    funding = {"liberapay": "nobody", "web_monetization": "https://wallet.example/tern-wallet"}
    site = HostSite("MkDocs", "mkdocs.yml", config=a_site(sandbox, funding=funding, authors={}))
    out, problems = check(site, online=True, documents=documents)
    assert (
        f"ok       funding Web Monetization: https://wallet.example/tern-wallet: {documents}" in out
    )
    assert problems == 1, out
    assert f"PROBLEM  funding Liberapay: nobody: {documents}/nobody/public.json answered 404" in out


def test_problems_are_all_named_and_nothing_else_is_checked() -> None:
    with pytest.raises(ConfigError) as caught:
        SiteConfig.from_mapping({"usrname": "ada", "category": "poems"})
    site = HostSite("MkDocs", "mkdocs.yml", problems=caught.value.problems)
    out, count = check(site, online=False)
    assert count == 2
    assert (
        "PROBLEM  mkdocs.yml: usrname: <a str, not shown> is not allowed; expected a known " in out
    )
    assert "(did you mean 'username'?)" in out
    assert "mkdocs.yml: category: 'poems' is not allowed; expected one of text" in out
    assert "endpoints" not in out


def test_doctor_in_a_folder_no_host_reads_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["doctor", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"PROBLEM  {tmp_path}: no mkdocs.yml, pelicanconf.py or Django manage.py here" in out
