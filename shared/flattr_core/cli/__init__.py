"""The ``flattr`` command (``main``) and what it runs: ``auth``, ``sync``, ``doctor``; ``sandbox``
and ``demo`` come from their own packages, found through the ``flattr.commands`` entry points."""

from .main import main

__all__ = ["main"]
