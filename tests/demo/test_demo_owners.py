"""On the served demo, money goes where the page says: for every page whose button links to a
registered thing, the thing's owner (asked of the sandbox over its REST API) is the creator
named in that page's payment link. ``flattr demo`` runs for real, serving on free ports."""

from __future__ import annotations

import json
import queue
import re
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.flattr_command import FLATTR

READY = "Ctrl-C stops everything."
START_SECONDS = 240


@dataclass
class Served:
    out: Path
    urls: dict[str, str]  # MkDocs, Pelican, Wagtail, Sandbox -> base URL


def _lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    out = tmp_path_factory.mktemp("served-demo")
    process = subprocess.Popen(
        [*FLATTR, "demo", "--out", str(out), "--port-base", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + START_SECONDS
    try:
        while READY not in "".join(seen[-1:]):
            assert process.poll() is None, "".join(seen)
            assert time.monotonic() < deadline, "".join(seen)
            try:
                seen.append(lines.get(timeout=1))
            except queue.Empty:
                continue
        urls = {line.split()[0]: line.split()[1] for line in seen if re.match(r"^\w+ +http", line)}
        yield Served(out, urls)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class _Page(HTMLParser):
    """Button hrefs and the head's payment links of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.buttons: list[str] = []
        self.payment: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and "flattr-button" in values.get("class", "").split():
            self.buttons.append(values.get("href", ""))
        if tag == "link" and "payment" in values.get("rel", "").split():
            self.payment.append(values.get("href", ""))


def fetch_page(url: str) -> _Page:
    answer = requests.get(url, timeout=10)
    assert answer.status_code == 200, url
    page = _Page()
    page.feed(answer.text)
    return page


def page_urls(served: Served, site: str) -> list[str]:
    """Every HTML page the demo built for a site, as its served URL."""
    if site == "Wagtail":
        sites = json.loads((served.out / "wagtail" / "sites.json").read_text(encoding="utf-8"))
        found = []
        for entry in sites:
            folder = served.out / "wagtail" / entry["folder"]
            found += [f"{entry['root_url']}/{_path(p, folder)}" for p in folder.rglob("*.html")]
        return found
    folder = served.out / site.lower()
    return [f"{served.urls[site].rstrip('/')}/{_path(p, folder)}" for p in folder.rglob("*.html")]


def _path(page: Path, folder: Path) -> str:
    relative = page.relative_to(folder).as_posix()
    return relative.removesuffix("index.html")


def creator_of(payment_link: str) -> str:
    return parse_qs(urlsplit(payment_link).query)["user_id"][0]


@pytest.mark.parametrize("site", ["MkDocs", "Pelican", "Wagtail"])
def test_each_linked_things_owner_is_the_pages_creator(served: Served, site: str) -> None:
    sandbox = served.urls["Sandbox"].rstrip("/")
    thing_link = re.compile(re.escape(sandbox) + r"/thing/(\d+)$")
    checked: dict[str, str] = {}
    for url in page_urls(served, site):
        page = fetch_page(url)
        ids = [m[1] for m in map(thing_link.match, page.buttons) if m]
        if not ids:
            continue
        [payment] = page.payment
        for thing_id in ids:
            thing = requests.get(f"{sandbox}/rest/v2/things/{thing_id}", timeout=10).json()
            assert thing["owner"]["username"] == creator_of(payment), url
            assert thing["url"] == parse_qs(urlsplit(payment).query)["url"][0], url
        checked[url] = creator_of(payment)
    assert len(checked) >= 6, checked  # the posts at least
    assert set(checked.values()) == {"ada", "grace"}  # both authors write on every host
