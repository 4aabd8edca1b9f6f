"""``flattr demo --no-serve``: the real command, on free ports; its numbers against the content."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from example_content import mkdocs_expected, pelican_expected, wagtail_expected

from flattr_demo import hosts
from flattr_demo.layout import CHECKOUT, MARKER, PACKAGED, Ports, find_examples, prepare_output
from tests.flattr_command import FLATTR


def flattr(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*FLATTR, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def demo_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("demo-out")
    return flattr("demo", "--no-serve", "--out", str(out), "--port-base", "0"), out


@pytest.fixture(scope="module")
def summary(demo_run: tuple[subprocess.CompletedProcess[str], Path]) -> dict[str, dict]:
    done, out = demo_run
    assert done.returncode == 0, done.stderr + done.stdout
    return {row["site"]: row for row in json.loads((out / "summary.json").read_text())}


def expectations() -> dict[str, dict[str, int]]:
    wagtail = {f"Wagtail · {name}": counts for name, counts in wagtail_expected().items()}
    return {
        "MkDocs · Tern": mkdocs_expected(),
        "Pelican · Field Notes": pelican_expected(),
        **wagtail,
    }


def test_the_summary_matches_the_example_content(summary: dict[str, dict]) -> None:
    expected = expectations()
    assert set(summary) == set(expected)
    for site, counts in expected.items():
        row = summary[site]
        assert (row["posts"], row["buttons"], row["feeds"]) == (
            counts["posts"], counts["buttons"], counts["feeds"],
        ), site  # fmt: skip
        # every shown page: one head payment link, a registered thing, a button linking to it
        assert row["head_links"] == row["things"] == row["linked"] == row["buttons"], row


def test_the_example_content_is_what_the_issue_asks_for() -> None:
    """A dozen posts per host, an opted-out page each, two Wagtail sites."""
    expected = expectations()
    assert expected["MkDocs · Tern"]["posts"] == 12
    assert expected["Pelican · Field Notes"]["posts"] == 13  # 12 and a German translation
    assert sum(counts["posts"] for site, counts in expected.items() if "Wagtail" in site) == 12
    for counts in expected.values():
        assert counts["buttons"] <= counts["posts"] + 1


def test_the_table_is_printed_with_every_site(
    demo_run: tuple[subprocess.CompletedProcess[str], Path], summary: dict[str, dict]
) -> None:
    done, out = demo_run
    for site, row in summary.items():
        line = next(line for line in done.stdout.splitlines() if line.startswith(site))
        assert line.split()[-6:] == [
            str(row[key]) for key in ("posts", "buttons", "linked", "head_links", "feeds", "things")
        ]
    assert str(out) in done.stdout
    assert "demo-token" not in done.stdout + done.stderr  # tokens never shown
    logs = sorted((out / "logs").glob("*.log"))
    assert {log.stem for log in logs} >= {"mkdocs-build", "pelican-build", "wagtail-seed"}
    assert not any("demo-token" in log.read_text() for log in logs)


def test_the_wagtail_posts_are_registered_by_a_real_worker_that_is_stopped_after(
    demo_run: tuple[subprocess.CompletedProcess[str], Path], summary: dict[str, dict]
) -> None:
    """The Wagtail example queues on django-tasks-db; the demo's db_worker ran every
    registration (the export waited for it), and the demo stopped the worker when it ended."""
    _, out = demo_run
    worker = (out / "logs" / "wagtail-worker.log").read_text(encoding="utf-8")
    ran = re.findall(r"path=wagtail_flattr\.tasks\.register_page_task state=SUCCESSFUL", worker)
    posts = sum(row["posts"] for site, row in summary.items() if site.startswith("Wagtail"))
    assert len(ran) >= posts
    assert "state=FAILED" not in worker
    assert (
        "no registration is pending or queued"
        in (out / "logs" / "wagtail-registered.log").read_text()
    )
    assert not [pid for pid in _processes_with(str(out)) if "db_worker" in _argv(pid)]


def _processes_with(text: str) -> list[int]:
    """Processes whose environment or command line names ``text`` (the demo's output folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text in (entry / "environ").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _argv(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def test_authors_keep_their_own_accounts_in_payment_links(
    demo_run: tuple[subprocess.CompletedProcess[str], Path], summary: dict[str, dict]
) -> None:
    """Grace's post on Ada's MkDocs site is flattred to Grace (her own Flattr account)."""
    _, out = demo_run
    page = (
        out / "mkdocs" / "blog" / "2024" / "01" / "23" / "why-plain-files" / "index.html"
    ).read_text()
    assert "user_id=grace" in page
    assert "user_id=ada" not in page


def test_a_folder_a_previous_demo_wrote_is_emptied_for_the_next(tmp_path: Path) -> None:
    prepare_output(tmp_path / "out")
    (tmp_path / "out" / "old-site").mkdir()
    (tmp_path / "out" / "old-site" / "index.html").write_text("from the last run")
    out = prepare_output(tmp_path / "out")
    assert [path.name for path in out.iterdir()] == [MARKER]


def test_a_bad_port_base_is_named(tmp_path: Path) -> None:
    done = flattr("demo", "--no-serve", "--out", str(tmp_path), "--port-base", "80", timeout=30)
    assert done.returncode == 1
    assert "--port-base: 80 is not allowed; expected 0 or 1024..65532" in done.stderr


def test_a_folder_the_demo_did_not_write_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep me")
    done = flattr("demo", "--no-serve", "--out", str(tmp_path), "--port-base", "0", timeout=30)
    assert done.returncode == 1
    assert "not empty and was not written by `flattr demo`" in done.stderr
    assert (tmp_path / "precious.txt").read_text() == "keep me"


def test_without_the_examples_it_names_the_folder_and_what_it_lacks(tmp_path: Path) -> None:
    done = flattr("demo", "--no-serve", "--examples", str(tmp_path / "nowhere"), timeout=30)
    assert done.returncode == 1
    assert f"the example sites are not at {tmp_path / 'nowhere'}" in done.stderr
    assert "missing: mkdocs, pelican, wagtail" in done.stderr


def test_the_examples_are_found_in_the_package_or_the_checkout() -> None:
    """From a wheel they are flattr_demo/examples (tox -e pkg runs the demo there); from a
    checkout, examples/ beside shared/."""
    assert find_examples() == (PACKAGED if PACKAGED.is_dir() else CHECKOUT).resolve()
    assert all((find_examples() / host).is_dir() for host in ("mkdocs", "pelican", "wagtail"))


@pytest.mark.parametrize("args", [["--port-base", "80"], ["--examples", "nowhere"]])
def test_a_failed_run_leaves_no_temporary_folder_behind(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    done = subprocess.run(
        [*FLATTR, "demo", "--no-serve", *args],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert list(tmp_path.glob("flattr-demo-*")) == []


def test_the_wagtail_example_makes_its_own_state_folder(tmp_path: Path) -> None:
    """SQLite makes no folder: a first command that skips the system checks (which happen to
    touch the file cache, and so made it) failed with "unable to open database file"."""
    state = tmp_path / "not-yet" / "state"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLATTR_", "DJANGO_"))}
    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--skip-checks", "--noinput"],
        cwd=find_examples() / "wagtail", env={**env, "FLATTR_DEMO_STATE": str(state)},
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert (state / "db.sqlite3").stat().st_size > 0


def test_the_callers_django_settings_do_not_reach_the_wagtail_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A DJANGO_SETTINGS_MODULE in the caller's environment (a Django developer's shell, the
    Wagtail suite's tox env) would win over the one the example's manage.py sets by default."""
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "settings")
    ctx = hosts.Context(find_examples(), prepare_output(tmp_path / "out"), Ports.from_base(0))
    hosts.wagtail_migrate(ctx).run(ctx.out / "logs")  # raises DemoError if manage.py fails
    assert (ctx.out / "wagtail-state" / "db.sqlite3").stat().st_size > 0  # the example's own


def test_the_summary_docs_demo_md_shows_is_the_one_the_demo_prints(
    summary: dict[str, dict],
) -> None:
    """docs/demo.md's figures come from the demo: each site's row, number for number."""
    page = (Path(__file__).parents[2] / "docs" / "demo.md").read_text(encoding="utf-8")
    shown = {
        site: line.split()[-6:]
        for line in page.splitlines()
        for site in summary
        if line.startswith(site)
    }
    assert set(shown) == set(summary)
    keys = ("posts", "buttons", "linked", "head_links", "feeds", "things")
    for site, row in summary.items():
        assert shown[site] == [str(row[key]) for key in keys], site
