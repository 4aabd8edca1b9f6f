"""Two real public Wagtail projects, run as Django projects without and with the plugin, page by
page (issue 11's "Must show"). The trimmed copies and where they come from: realprojects/README.md.

Each project is set up its own way (``realprojects/serve.py``: migrate, its ``load_initial_data``),
served without wagtail_flattr; then the owner installs it into that same site as docs/wagtail.md
says (the app, the static finder, the middleware: neither project's templates have Flattr tags),
migrates and enters a Flattr username, nothing more: no model edited, no page type ticked.

Every post then has one button, after its body in the body's own column, and one payment link in
its head; the home page, indexes and listings, search and form pages have nothing; every page is
byte for byte what it was apart from those additions; the system checks say the same, and
nothing new is logged or warned.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import html5lib
import pytest
import wagtail

import flattr_core
import wagtail_flattr

pytestmark = pytest.mark.realprojects
HERE = Path(__file__).with_name("realprojects")
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')
LOG_PREFIX = re.compile(r"^\[[^]]*\]\[\d+\]")  # their log format: [time][pid][LEVEL][name]


@dataclass(frozen=True)
class Project:
    """A vendored project, and what a reader sees as each of its pages."""

    folder: str
    package: str
    since: tuple[int, int]  # the oldest Wagtail it runs on (its own pin, or below where it runs)
    body_block: str  # a class that marks the blocks of a post's body in its templates
    posts: tuple[str, ...]
    others: dict[str, str] = field(default_factory=dict)  # path -> what it is

    @property
    def paths(self) -> list[str]:
        return [*self.posts, *self.others]


PROJECTS = [
    Project(
        "bakerydemo",
        "bakerydemo",
        since=(7, 4),  # its requirements pin Wagtail 7.4 and use 7.1's required_on_save
        body_block="block-paragraph_block",
        posts=(
            "/blog/wild-yeast/",
            "/blog/bread-circuses/",
            "/blog/icelandic-baking/",
            "/recipes/hot-cross-bun/",
            "/recipes/southern-cornbread/",
        ),
        others={
            "/": "home",
            "/blog/": "index",
            "/blog/tags/yeast/": "listing",
            "/recipes/": "index",
            "/about/": "standard page",
            "/contact-us/": "form",
            "/search/?q=bread": "search",
        },
    ),
    Project(
        "newstemplate",
        "myproject",
        since=(6, 3),  # pins Wagtail 6.4; runs on 6.3 LTS too
        body_block="rich-text",
        posts=(
            "/blog/there-are-more-mackerel-in-kent-than-people-in-china/",
            "/blog/article-title-goes-here-and-can-be-quite-long-actually/",
            "/blog/article-1-1/",
        ),
        others={
            "/": "home",
            "/blog/": "listing",
            "/blog/?topic=news": "listing",
            "/about/": "index",
            "/this-is-a-standard-page-template/": "standard page",
            "/get-in-touch/": "form",
            "/search/?query=lorem": "search",
        },
    ),
]
# Each project runs on the Wagtail lines it supports; news-template on every one this suite has.
RUNNABLE = [p for p in PROJECTS if tuple(wagtail.VERSION[:2]) >= p.since]


@dataclass
class Run:
    report: dict[str, Any]
    stderr: list[str]

    def html(self, path: str) -> str:
        page = self.report["pages"][path]
        assert page["status"] == 200, (path, page["status"])
        return CSRF.sub(r'\1(token)"', page["html"])  # a fresh token per request


def _python_path() -> str:
    """Where this process found the plugin and the core, for the project's own process."""
    found = {str(Path(m.__file__).resolve().parents[1]) for m in (flattr_core, wagtail_flattr)}
    return os.pathsep.join(sorted(found))


def _serve(project: Project, settings: str, state: Path, out: Path) -> Run:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(PYTHONPATH=_python_path(), PYTHONWARNINGS="default")
    module = f"{project.package}.{settings}"
    command = [sys.executable, str(HERE / "serve.py"), str(HERE / project.folder), module,
               str(state), json.dumps(project.paths), str(out)]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-4000:]
    lines = [LOG_PREFIX.sub("", line) for line in done.stderr.splitlines()]
    return Run(json.loads(out.read_text(encoding="utf-8")), lines)


def _both(project: Project, tmp: Path) -> tuple[Run, Run]:
    """The project served without the plugin, then with it installed into the same site."""
    plain_state, flattr_state = tmp / project.folder / "plain", tmp / project.folder / "flattr"
    plain_state.mkdir(parents=True)
    plain = _serve(project, "settings", plain_state, tmp / project.folder / "plain.json")
    shutil.copytree(plain_state, flattr_state)
    flattred = _serve(project, "settings_flattr", flattr_state, tmp / project.folder / "f.json")
    return plain, flattred


@pytest.fixture(scope="module")
def runs(tmp_path_factory: Any) -> dict[str, tuple[Run, Run]]:
    tmp = tmp_path_factory.mktemp("realprojects")
    with ThreadPoolExecutor(max_workers=2) as pool:  # the projects side by side
        futures = {p.folder: pool.submit(_both, p, tmp) for p in RUNNABLE}
        return {folder: future.result() for folder, future in futures.items()}


def parse(document: str) -> Any:
    return html5lib.parse(document, namespaceHTMLElements=False)


def classes(element: Any) -> list[str]:
    return str(element.get("class", "")).split()


def slots(document: str) -> list[Any]:
    """(slot, its parent, the chain up to the root) of each button the plugin placed."""
    tree = parse(document)
    parents = {child: parent for parent in tree.iter() for child in parent}
    found = []
    for slot in (d for d in tree.iter("div") if "flattr-slot" in classes(d)):
        chain = [slot]
        while chain[-1] in parents:
            chain.append(parents[chain[-1]])
        found.append(chain)
    return found


def payment_links(document: str) -> list[str]:
    head = parse(document).find("head")
    return [link.get("href") for link in head.iter("link") if link.get("rel") == "payment"]


def without_flattr(document: str) -> str:
    """``document`` without the head block and the button slot the plugin inserted."""
    head = document[document.index('<link rel="payment"') : document.index("</head>")]
    slot = document[document.index('\n<div class="flattr-slot">') :]
    slot = slot[: slot.index("</div>") + len("</div>")]
    return document.replace(head, "", 1).replace(slot, "", 1)


def test_news_template_runs_on_every_line_of_the_suite() -> None:
    assert "newstemplate" in [p.folder for p in RUNNABLE]


@pytest.mark.parametrize("project", RUNNABLE, ids=lambda p: p.folder)
def test_every_post_has_one_button_after_its_body_and_one_payment_link(
    runs: dict[str, tuple[Run, Run]], project: Project
) -> None:
    plain, flattred = runs[project.folder]
    for path in project.posts:
        document = flattred.html(path)
        [chain] = slots(document)  # one button
        column = chain[1]  # the element the slot went into
        assert any(project.body_block in classes(e) for e in column.iter()), path
        assert document.index("flattr-slot") > document.rindex(project.body_block), path
        assert "main" in [e.tag for e in chain], path
        assert len(payment_links(document)) == 1, path
        assert "user_id=alice" in payment_links(document)[0]
        assert without_flattr(document) == plain.html(path), path  # nothing else changed


@pytest.mark.parametrize("project", RUNNABLE, ids=lambda p: p.folder)
def test_home_indexes_listings_search_and_forms_are_untouched(
    runs: dict[str, tuple[Run, Run]], project: Project
) -> None:
    plain, flattred = runs[project.folder]
    for path, kind in project.others.items():
        document = flattred.html(path)
        assert "flattr" not in document, (path, kind)
        assert document == plain.html(path), (path, kind)


@pytest.mark.parametrize("project", RUNNABLE, ids=lambda p: p.folder)
def test_no_new_check_message_log_line_or_warning(
    runs: dict[str, tuple[Run, Run]], project: Project
) -> None:
    plain, flattred = runs[project.folder]
    assert flattred.report["checks"] == plain.report["checks"]
    assert [line for line in flattred.stderr if line not in plain.stderr] == []
    assert flattred.report["versions"] == plain.report["versions"]
