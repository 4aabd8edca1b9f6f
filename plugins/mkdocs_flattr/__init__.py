"""Flattr for MkDocs: ``plugins: [flattr]`` (docs/mkdocs.md); the plugin is ``plugin.FlattrPlugin``.

``FlattrError`` is re-exported so a site's hooks can catch the core's errors without knowing it.
"""

from flattr_core import FlattrError

__all__ = ["FlattrError"]
