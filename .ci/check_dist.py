"""Check the wheel and sdist, then install the wheel into a fresh venv and import every package.

Usage: python .ci/check_dist.py DIST_DIR
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
import venv
import zipfile
from pathlib import Path

WHEEL_MUST_HAVE = [
    "flattr_core/__init__.py",
    "flattr_core/py.typed",
    "flattr_core/markup/static/flattr.css",
    "flattr_core/markup/static/flattr-widget.js",
    "flattr_core/markup/static/flattr-funding.js",
    "flattr_sandbox/__init__.py",
    "flattr_demo/__init__.py",
    "mkdocs_flattr/plugin.py",
    "pelican/plugins/flattr/__init__.py",
    "wagtail_flattr/apps.py",
    "wagtail_flattr/migrations/0001_initial.py",
    "wagtail_flattr/migrations/0002_author_tokens.py",
    "wagtail_flattr/migrations/0003_funding.py",
    "wagtail_flattr/models/__init__.py",
    "wagtail_flattr/templates/wagtail_flattr/admin/confirm_connect.html",
]
# A namespace plugin must not own the namespace: Pelican's scan would stop finding other plugins.
WHEEL_MUST_NOT_HAVE = ["pelican/__init__.py", "pelican/plugins/__init__.py"]
SDIST_MUST_HAVE = [
    "shared/flattr_core/__init__.py",
    "plugins/pelican_flattr/__init__.py",
    "tox.ini",
    # the vendored real sites ship with their licences (tests/mkdocs/realsites/README.md)
    "tests/mkdocs/realsites/material/LICENSE",
    "tests/mkdocs/realsites/mkdocs/LICENSE",
    # and the real Wagtail projects (tests/wagtail/realprojects/README.md)
    "tests/wagtail/realprojects/bakerydemo/LICENSE",
    "tests/wagtail/realprojects/newstemplate/LICENSE",
    "tests/wagtail/realprojects/newstemplate/static_compiled/images/placeholder-image.webp",
]
IMPORTS = [
    "flattr_core",
    "flattr_core.cli",
    "flattr_core.registration.build",
    "flattr_sandbox",
    "flattr_demo",
    "mkdocs_flattr.plugin",
    "pelican.plugins.flattr",
    "wagtail_flattr",
]


def fail(message: str) -> None:
    sys.exit(f"check_dist: {message}")


def check_names(names: set[str], must: list[str], must_not: list[str], what: str) -> None:
    missing = [n for n in must if n not in names]
    extra = [n for n in must_not if n in names]
    if missing:
        fail(f"{what} lacks {missing}")
    if extra:
        fail(f"{what} must not contain {extra}")
    if any("/tests/" in n or n.startswith("tests/") for n in names if what == "wheel"):
        fail("the wheel contains tests")


def sdist_names(path: Path) -> set[str]:
    with tarfile.open(path) as tar:
        return {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}


def install_and_import(wheel: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        venv.create(tmp, with_pip=True)
        python = str(Path(tmp) / "bin" / "python")
        pip = [python, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, f"{wheel}[all]"], check=True)
        code = "import importlib, sys\nfor name in sys.argv[1:]: importlib.import_module(name)"
        subprocess.run([python, "-c", code, *IMPORTS], check=True)
        flattr = str(Path(tmp) / "bin" / "flattr")
        subprocess.run([flattr, "--help"], check=True, capture_output=True)
        # the tools beside the core are found through their entry points
        subprocess.run([flattr, "sandbox", "--help"], check=True, capture_output=True)


def main() -> None:
    dist = Path(sys.argv[1])
    wheels = list(dist.glob("*.whl"))
    sdists = list(dist.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        fail(f"expected one wheel and one sdist in {dist}, found {wheels + sdists}")
    with zipfile.ZipFile(wheels[0]) as whl:
        check_names(set(whl.namelist()), WHEEL_MUST_HAVE, WHEEL_MUST_NOT_HAVE, "wheel")
    check_names(sdist_names(sdists[0]), SDIST_MUST_HAVE, [], "sdist")
    install_and_import(wheels[0])
    print(f"check_dist: {wheels[0].name} and {sdists[0].name} are complete and import cleanly")


if __name__ == "__main__":
    main()
