"""``wagtail_flattr.finders.FlattrStaticFinder``: the core's button files as Django static files.

The stylesheet and the click-to-load scripts (Flattr's widget, the other providers' embeds)
live once, in ``flattr_core.markup`` (every host copies the same files); this finder serves
them as ``wagtail_flattr/<name>`` to ``{% static %}``, ``collectstatic`` and ``runserver``.
Add it to ``STATICFILES_FINDERS`` (system check E004).
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, overload

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

from flattr_core import markup

PREFIX = "wagtail_flattr"
DOTTED_PATH = f"{__name__}.FlattrStaticFinder"


def core_files() -> dict[str, Path]:
    """Every file a page may link: the Flattr buttons' and the support block's."""
    return {**markup.static_files(), **markup.support_static_files()}


class FlattrStaticFinder(BaseFinder):
    """Finds ``wagtail_flattr/flattr.css``, ``flattr-widget.js`` and ``flattr-funding.js``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.files = {f"{PREFIX}/{name}": path for name, path in core_files().items()}
        self.storage = FileSystemStorage(location=str(markup.STATIC_DIR))
        self.storage.prefix = PREFIX  # type: ignore[attr-defined]  # collectstatic reads it
        super().__init__(*args, **kwargs)

    @overload
    def find(self, path: str, find_all: Literal[False] = False) -> str: ...
    @overload
    def find(self, path: str, find_all: Literal[True]) -> list[str]: ...
    @overload
    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str]: ...
    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str]:
        # Django < 5.2 passes ``all``, later versions ``find_all``.
        found = self.files.get(path)
        if find_all or kwargs.get("all"):
            return [str(found)] if found else []
        return str(found) if found else ""

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for name in core_files():
            yield name, self.storage

    def check(self, **kwargs: Any) -> builtins.list[Any]:  # ``list``, in here, is the method
        return []
