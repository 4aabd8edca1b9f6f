"""The static files a host copies into its site: the button's stylesheet and widget script."""

from __future__ import annotations

from pathlib import Path

from ..models import BUTTON_STYLES, ButtonStyle

STYLESHEET = "flattr.css"
WIDGET_SCRIPT = "flattr-widget.js"
STATIC_DIR = Path(__file__).with_name("static")


def files_for(style: ButtonStyle) -> tuple[str, ...]:
    """The files a page with this button style links (``head.asset_tags`` links the same)."""
    stylesheet = () if style == "text" else (STYLESHEET,)  # the image badge needs the CSS too
    script = (WIDGET_SCRIPT,) if style == "widget" else ()
    return stylesheet + script


def static_files(*styles: ButtonStyle) -> dict[str, Path]:
    """The files a host copies (file name -> path in this package) for pages of ``styles``.

    No styles: every file, for hosts that cannot know which styles their pages use.
    """
    names = {name for style in styles or BUTTON_STYLES for name in files_for(style)}
    return {name: STATIC_DIR / name for name in (STYLESHEET, WIDGET_SCRIPT) if name in names}
