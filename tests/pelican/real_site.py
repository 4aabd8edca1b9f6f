"""Pelican's own ``samples/`` site, built with a third-party theme, and readers of its output.

The samples come from the sdist of the installed Pelican (AGPL, so not vendored): taken once
with ``pip download`` into pytest's cache, or from the file ``FLATTR_TEST_PELICAN_SDIST``
names; ``i18n_subsites`` (AGPL) likewise from its wheel, or the file
``FLATTR_TEST_I18N_SUBSITES_WHEEL`` names. The themes Flex and pelican-bootstrap3 (MIT) are
vendored in ``tests/pelican/themes``.
"""

from __future__ import annotations

import copy
import logging
import os
import re
import shutil
import subprocess
import sys
import tarfile
import weakref
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import blinker
import pelican.plugins.flattr as flattr_plugin
from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.log import LimitFilter
from pelican.settings import read_settings

THEMES = Path(__file__).parent / "themes"  # vendored, see the README there
FLEX = THEMES / "Flex"
BOOTSTRAP3 = THEMES / "pelican-bootstrap3"
SITEURL = "http://blog.notmyidea.org"  # the samples' own
SDIST_VARIABLE = "FLATTR_TEST_PELICAN_SDIST"
I18N_VARIABLE = "FLATTR_TEST_I18N_SUBSITES_WHEEL"
I18N_RELEASE = "pelican-i18n-subsites==1.0.0"
I18N = "i18n_subsites"  # its name in PLUGINS, found on PLUGIN_PATHS
FLATTR = {"username": "alice", "flattr_id": "abc123", "register": "never"}
# A hidden article, which the samples lack (drafts and a hidden page they have).
HIDDEN = "Backstage\n#########\n\n:date: 2012-03-01\n:status: hidden\n\nNot listed anywhere.\n"


def pelican_samples(cache: Path) -> Path:
    """``samples/`` of the installed Pelican's sdist, extracted into ``cache`` once."""
    release = version("pelican")
    target = cache / f"pelican-{release}-samples"
    if not (target / "pelican.conf.py").is_file():
        prefix = f"pelican-{release}/samples/"
        with tarfile.open(_sdist(cache, release)) as archive:
            members = [m for m in archive.getmembers() if m.name.startswith(prefix)]
            archive.extractall(cache / "unpacked", members=members, filter="data")
        shutil.rmtree(target, ignore_errors=True)
        shutil.move(cache / "unpacked" / prefix, target)
    return target


def _sdist(cache: Path, release: str) -> Path:
    named = os.environ.get(SDIST_VARIABLE)
    if named:
        return Path(named)
    sdist = cache / f"pelican-{release}.tar.gz"
    if not sdist.is_file():
        _pip_download(cache, "--no-binary", f"pelican=={release}")
    return sdist


def i18n_subsites(cache: Path) -> Path:
    """A folder holding ``i18n_subsites``, for ``PLUGIN_PATHS``, from its PyPI wheel.

    Not installed into the test environment: installed, it is a namespace plugin that
    Pelican loads into every build with ``PLUGINS`` unset, where it fails on any
    translation whose language has no subsite (as the sample site's does).
    """
    target = cache / "i18n-plugin-path"
    if not (target / I18N / "__init__.py").is_file():
        prefix = f"pelican/plugins/{I18N}/"
        with zipfile.ZipFile(_i18n_wheel(cache)) as wheel:
            for name in wheel.namelist():
                if name.startswith(prefix) and name.endswith(".py"):
                    path = target / I18N / name.removeprefix(prefix)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(wheel.read(name))
    return target


def _i18n_wheel(cache: Path) -> Path:
    named = os.environ.get(I18N_VARIABLE)
    if named:
        return Path(named)
    found = sorted(cache.glob("pelican_i18n_subsites-*.whl"))
    if not found:
        _pip_download(cache, "--only-binary", I18N_RELEASE)
        found = sorted(cache.glob("pelican_i18n_subsites-*.whl"))
    return found[-1]


def _pip_download(cache: Path, kind: str, requirement: str) -> None:
    command = [sys.executable, "-m", "pip", "download", "--no-deps", kind, ":all:"]
    subprocess.run([*command, "--dest", str(cache), requirement], check=True, timeout=300)


@dataclass
class Built:
    """One build's output folder, what it wrote for which content, and its warnings."""

    output: Path
    relative_urls: bool
    buttoned: set[Path] = field(default_factory=set)  # published articles and translations
    unlisted: set[Path] = field(default_factory=set)  # drafts, hidden articles and pages
    warnings: list[str] = field(default_factory=list)  # with the output folder as OUTPUT

    def html(self) -> dict[Path, str]:
        return {p: p.read_text(encoding="utf-8") for p in sorted(self.output.rglob("*.html"))}

    def feeds(self) -> list[Path]:
        return sorted(self.output.rglob("*.xml"))


def copy_samples(samples: Path, tmp: Path) -> Path:
    """A copy of the samples' content with one hidden article added."""
    content = tmp / "content"
    shutil.copytree(samples / "content", content)
    (content / "hidden_article.rst").write_text(HIDDEN, encoding="utf-8")
    return content


def build(
    samples: Path,
    content: Path,
    output: Path,
    *,
    plugin: bool,
    also: tuple[str, ...] = (),
    **overrides: Any,
) -> Built:
    """A real run of the samples' own ``pelican.conf.py`` (``RELATIVE_URLS`` and all), with
    or without the plugin, and with the plugins named in ``also`` either way."""
    values: dict[str, Any] = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(output.with_name(output.name + "-cache")),
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "PLUGINS": [flattr_plugin, *also] if plugin else list(also),
        "FLATTR": FLATTR,
        # i18n_subsites writes its defaults into I18N_SUBSITES: each build gets its own copy
        **copy.deepcopy(overrides),
    }
    settings = read_settings(str(samples / "pelican.conf.py"), override=values)
    built = Built(output, settings["RELATIVE_URLS"])
    with isolated(), _recording(built), _warnings(built):
        Pelican(settings=settings).run()
    return built


@contextmanager
def isolated() -> Iterator[None]:
    """A build as a fresh ``pelican`` process would run it, whatever ran before."""
    with signals_restored(), _fresh_log_filter():
        yield


@contextmanager
def signals_restored() -> Iterator[None]:
    """Disconnect what the build connected to Pelican's process-wide signals: i18n_subsites
    stays connected and acts on every later Pelican of the process, listed there or not."""
    every = [s for s in vars(signals).values() if isinstance(s, blinker.Signal)]
    before = {id(signal): set(signal.receivers) for signal in every}
    try:
        yield
    finally:
        for signal in every:
            for key in set(signal.receivers) - before[id(signal)]:
                receiver = signal.receivers[key]
                target = receiver() if isinstance(receiver, weakref.ref) else receiver
                if target is not None:
                    signal.disconnect(target)


@contextmanager
def _recording(built: Built) -> Iterator[None]:
    """Note where each content of this build (and of i18n_subsites' builds in it) is written."""

    def record(generators: list[Any]) -> None:
        for generator in generators:
            for name, listed in _CONTENT_LISTS.get(type(generator), ()):
                for content in getattr(generator, name, ()):
                    path = Path(generator.output_path, content.save_as)
                    (built.buttoned if listed else built.unlisted).add(path)

    signals.all_generators_finalized.connect(record)
    try:
        yield
    finally:
        signals.all_generators_finalized.disconnect(record)


_CONTENT_LISTS = {
    ArticlesGenerator: [
        ("articles", True),
        ("translations", True),
        ("drafts", False),
        ("drafts_translations", False),
        ("hidden_articles", False),
        ("hidden_translations", False),
    ],
    PagesGenerator: [
        ("hidden_pages", False),
        ("draft_pages", False),
        ("hidden_translations", False),
        ("draft_translations", False),
    ],
}


class _Collect(logging.Handler):
    def __init__(self, built: Built) -> None:
        super().__init__(logging.WARNING)
        self.built = built

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().replace(str(self.built.output), "OUTPUT")
        self.built.warnings.append(message)


@contextmanager
def _warnings(built: Built) -> Iterator[None]:
    """Every warning of the build."""
    handler = _Collect(built)
    logging.getLogger().addHandler(handler)
    try:
        yield
    finally:
        logging.getLogger().removeHandler(handler)


@contextmanager
def _fresh_log_filter() -> Iterator[None]:
    """Pelican's log filter drops any message it has shown once in the process: let it
    forget the earlier builds' messages for this one."""
    raised, groups = LimitFilter._raised_messages, LimitFilter._group_count
    LimitFilter._raised_messages, LimitFilter._group_count = set(), type(groups)(int)
    try:
        yield
    finally:
        LimitFilter._raised_messages, LimitFilter._group_count = raised, groups


# What the plugin adds, exactly as the core writes it: the head block goes in before
# </head>, the button after the body, the feed links after an entry's or channel's last child.
HEAD_ADDITION = re.compile(
    r'<link rel="payment" href="[^"]*" type="text/html" />\n'
    r'|<meta name="flattr:id" content="[^"]*" />\n'
    r'|<link rel="stylesheet" href="[^"]*/flattr/flattr\.css" />\n'
)
BUTTON_ADDITION = re.compile(r'\n<div class="flattr-slot"><a class="flattr-button.*?</a></div>')
FEED_ADDITION = re.compile(r'<(?:atom:)?link rel="payment" href="[^"]*" type="text/html"/>')


def without_additions(path: Path, data: bytes) -> bytes:
    """A file of the build with the plugin, minus what the plugin adds to it."""
    if path.suffix == ".html":
        text = BUTTON_ADDITION.sub("", HEAD_ADDITION.sub("", data.decode("utf-8")))
        return text.encode("utf-8")
    if path.suffix == ".xml":
        return FEED_ADDITION.sub("", data.decode("utf-8")).encode("utf-8")
    return data
