"""Flattr for Pelican: buttons, head and feed payment links, and registered things.

Installed as the namespace plugin ``pelican.plugins.flattr``: Pelican loads it by itself when
``PLUGINS`` is unset, or by name with ``PLUGINS = ["flattr"]``. Configure it with one dict,
``FLATTR = {...}`` (see docs/pelican.md).
"""

from .flattr import register

__all__ = ["register"]
