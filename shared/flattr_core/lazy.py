"""A package's public names, each imported on first use (PEP 562).

A build imports only the modules it uses: an MkDocs site without feeds never loads the feed
scanner, one without ``funding_json`` never loads funding.json's rules. Each package lists its
names by module (``"page": ("page_markup", ...)``; ``"attribute as name"`` where the two differ;
a module, not a package, names a sibling ``"..sibling"``) and takes the ``__getattr__`` and
``__dir__`` made here. The names stay where they were (``from flattr_core.markup import
page_markup``), and ``TYPE_CHECKING`` imports beside the table give them their types.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping


def exports(
    package: str, modules: Mapping[str, Iterable[str]], public: Iterable[str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, importing each name's module once."""
    namespace = vars(sys.modules[package])
    where = {
        name: (module, attribute)
        for module, names in modules.items()
        for attribute, name in map(_named, names)
    }
    listed = set(public)

    def __getattr__(name: str) -> object:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, attribute = where[name]
        relative = module if module.startswith(".") else f".{module}"  # "..x": a sibling's
        value = getattr(importlib.import_module(relative, package), attribute)
        namespace[name] = value  # from now on a plain global: found without this function
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | listed)

    return __getattr__, __dir__


def _named(entry: str) -> tuple[str, str]:
    """``"attribute as name"`` -> (attribute, name); a bare name is both."""
    attribute, _, name = entry.partition(" as ")
    return attribute, name or attribute
