"""Check the wheel and sdist, then install the wheel into a fresh venv, import every package,
and run `flattr demo --no-serve` from it: its summary must match the checkout's examples'.

Usage: python .ci/check_dist.py DIST_DIR
"""

from __future__ import annotations

import json
import os
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
    "flattr_sandbox/static/load.js",
    "flattr_demo/__init__.py",
    "mkdocs_flattr/plugin.py",
    "pelican/plugins/flattr/__init__.py",
    "wagtail_flattr/apps.py",
    "wagtail_flattr/migrations/0001_initial.py",
    "wagtail_flattr/migrations/0002_author_tokens.py",
    "wagtail_flattr/migrations/0003_funding.py",
    "wagtail_flattr/models/__init__.py",
    "wagtail_flattr/templates/wagtail_flattr/admin/confirm_connect.html",
    "wagtail_flattr/management/commands/flattr_doctor.py",
    # the example sites, so that `flattr demo` runs from the wheel
    "flattr_demo/examples/mkdocs/mkdocs.yml",
    "flattr_demo/examples/mkdocs/docs/blog/.authors.yml",
    "flattr_demo/examples/pelican/pelicanconf.py",
    "flattr_demo/examples/wagtail/manage.py",
]
EXAMPLES_NOT_SHIPPED = {".gitignore", "wagtail/ruff.toml"}  # the checkout's tooling only
WHEEL_MAX_BYTES = 600_000  # today about 320 kB: the examples are text
DEMO_TIMEOUT = 400  # seconds for one `flattr demo --no-serve` (about 20 on 2 cores)
ROOT = Path(__file__).resolve().parents[1]
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


def check_examples(names: set[str]) -> None:
    """Every file of the checkout's examples/ is in the wheel, and the wheel stays small."""
    shipped = {n.removeprefix("flattr_demo/examples/") for n in names if "/examples/" in n}
    tracked = subprocess.run(
        ["git", "ls-files", "examples"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.split()
    expected = {name.removeprefix("examples/") for name in tracked} - EXAMPLES_NOT_SHIPPED
    if tracked and expected - shipped:
        fail(f"the wheel lacks these example files: {sorted(expected - shipped)}")


def install_and_import(wheel: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        venv.create(tmp, with_pip=True)
        python = str(Path(tmp) / "bin" / "python")
        pip = [python, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, f"{wheel}[demo]"], check=True)  # [demo]: [all] and the themes
        code = "import importlib, sys\nfor name in sys.argv[1:]: importlib.import_module(name)"
        subprocess.run([python, "-c", code, *IMPORTS], check=True)
        flattr = str(Path(tmp) / "bin" / "flattr")
        subprocess.run([flattr, "--help"], check=True, capture_output=True)
        # the tools beside the core are found through their entry points
        subprocess.run([flattr, "sandbox", "--help"], check=True, capture_output=True)
        check_version(flattr, wheel)
        check_demo(flattr, Path(tmp))


def check_version(flattr: str, wheel: Path) -> None:
    shown = subprocess.run([flattr, "--version"], capture_output=True, text=True, check=True)
    version = wheel.name.split("-")[1]
    if shown.stdout.strip() != f"flattr {version}":
        fail(f"flattr --version printed {shown.stdout.strip()!r}, expected 'flattr {version}'")


def check_demo(flattr: str, tmp: Path) -> None:
    """`flattr demo --no-serve` from the wheel alone (run outside the checkout), then with the
    checkout's examples: the two summaries must be the same, site by site."""
    from_wheel = run_demo(flattr, tmp / "from-wheel", [])
    from_checkout = run_demo(flattr, tmp / "from-checkout", ["--examples", str(ROOT / "examples")])
    if from_wheel != from_checkout:
        fail(f"the demo from the wheel built {from_wheel}, from the checkout {from_checkout}")
    print(f"check_dist: flattr demo from the wheel: {len(from_wheel)} sites, as from the checkout")


def run_demo(flattr: str, out: Path, extra: list[str]) -> list[dict[str, object]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLATTR_", "DJANGO_"))}
    argv = [flattr, "demo", "--no-serve", "--port-base", "0", "--out", str(out), *extra]
    done = subprocess.run(
        argv, cwd=out.parent, env=env, capture_output=True, text=True, timeout=DEMO_TIMEOUT
    )
    if done.returncode != 0:
        fail(f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    rows = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return [{k: v for k, v in row.items() if k != "url"} for row in rows]  # ports differ


def main() -> None:
    dist = Path(sys.argv[1])
    wheels = list(dist.glob("*.whl"))
    sdists = list(dist.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        fail(f"expected one wheel and one sdist in {dist}, found {wheels + sdists}")
    with zipfile.ZipFile(wheels[0]) as whl:
        check_names(set(whl.namelist()), WHEEL_MUST_HAVE, WHEEL_MUST_NOT_HAVE, "wheel")
        check_examples(set(whl.namelist()))
    if wheels[0].stat().st_size > WHEEL_MAX_BYTES:
        fail(f"{wheels[0].name} has {wheels[0].stat().st_size} bytes; at most {WHEEL_MAX_BYTES}")
    check_names(sdist_names(sdists[0]), SDIST_MUST_HAVE, [], "sdist")
    install_and_import(wheels[0])
    print(f"check_dist: {wheels[0].name} and {sdists[0].name} are complete and import cleanly")


if __name__ == "__main__":
    main()
