"""The static files a host copies into its site: the button's stylesheet and widget script."""

from __future__ import annotations

from pathlib import Path

STYLESHEET = "flattr.css"
WIDGET_SCRIPT = "flattr-widget.js"
STATIC_DIR = Path(__file__).with_name("static")


def static_files() -> dict[str, Path]:
    """The files a host copies into its site (file name -> path in this package)."""
    return {name: STATIC_DIR / name for name in (STYLESHEET, WIDGET_SCRIPT)}
