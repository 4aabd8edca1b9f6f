"""The demo's tests need every host installed (tox -e demo)."""

import pytest

for module in ("mkdocs", "material", "pelican.settings", "wagtail"):
    pytest.importorskip(module, reason="the demo needs every host: tox -e demo")
