"""The names the core's packages load on first use (``flattr_core.lazy``) are all there.

A name listed in a package's ``__all__`` but missing from its table would only fail when a host
first uses it; one in the table but not in ``__all__`` would be a public name nobody documented.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

LAZY = ("flattr_core", "flattr_core.markup", "flattr_core.providers")


@pytest.mark.parametrize("package", LAZY)
def test_every_public_name_is_in_the_table_or_imported(package: str) -> None:
    module = importlib.import_module(package)
    for name in module.__all__:
        assert getattr(module, name) is not None, name
        assert name in dir(module)


@pytest.mark.parametrize("package", LAZY)
def test_the_table_names_only_public_names(package: str) -> None:
    module = importlib.import_module(package)
    listed = {
        entry.partition(" as ")[2] or entry for names in module._NAMES.values() for entry in names
    }
    assert listed <= set(module.__all__)


def test_models_still_names_the_store_rows_and_the_same_classes() -> None:
    from flattr_core import models, records

    assert (models.Status, models.ThingRecord, models.SyncSummary) == (
        records.Status,
        records.ThingRecord,
        records.SyncSummary,
    )
    assert {"Status", "SyncSummary", "ThingRecord"} <= set(dir(models))


def test_an_unknown_name_is_an_attribute_error_naming_it() -> None:
    import flattr_core.markup

    with pytest.raises(AttributeError, match=r"'flattr_core\.markup' has no attribute 'nope'"):
        flattr_core.markup.nope  # noqa: B018


def test_importing_the_core_loads_no_feed_funding_json_or_store_code() -> None:
    spared = ("markup.", "registration", "records", "providers.funding_yml")
    script = (
        "import sys, flattr_core\n"
        "from flattr_core import SiteConfig, markup, models\n"
        f"spared = tuple('flattr_core.' + name for name in {spared!r})\n"
        "print(sorted(m for m in sys.modules if m.startswith(spared)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
