"""The static files a host copies into its site: the stylesheet and the click-to-load scripts.

``flattr.css`` styles the Flattr button and the support block (one file, linked once);
``flattr-widget.js`` loads Flattr's classic widget on a click; ``flattr-funding.js`` loads
another provider's own embed on a click (the ``widget`` style of a support block only).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..models import BUTTON_STYLES, ButtonStyle

STYLESHEET = "flattr.css"
WIDGET_SCRIPT = "flattr-widget.js"
FUNDING_SCRIPT = "flattr-funding.js"
STATIC_DIR = Path(__file__).with_name("static")
_IN_ORDER = (STYLESHEET, WIDGET_SCRIPT, FUNDING_SCRIPT)  # the order a head links them in


def files_for(style: ButtonStyle, *, flattr: bool = True, funding: bool = False) -> tuple[str, ...]:
    """The files a page with this button style links (``head.asset_tags`` links the same):
    those of its Flattr button (``flattr``) and of other providers' buttons (``funding``)."""
    wanted: set[str] = set()
    if flattr and style != "text":  # the image badge needs the CSS too
        wanted.add(STYLESHEET)
    if flattr and style == "widget":
        wanted.add(WIDGET_SCRIPT)
    if funding:  # the support block is styled whatever the Flattr button's style
        wanted.add(STYLESHEET)
        if style == "widget":
            wanted.add(FUNDING_SCRIPT)
    return tuple(name for name in _IN_ORDER if name in wanted)


def static_files(*styles: ButtonStyle) -> dict[str, Path]:
    """The files a host copies (file name -> path in this package) for Flattr buttons of
    ``styles``; no styles: every Flattr button's file, for hosts that cannot know which styles
    their pages use. The support block's files: ``files_of`` (or ``page.site_static_files``)."""
    names = {name for style in styles or BUTTON_STYLES for name in files_for(style)}
    return files_of(names)


def files_of(names: Iterable[str]) -> dict[str, Path]:
    """File name -> path in this package, for the named static files, in linking order."""
    wanted = set(names)
    return {name: STATIC_DIR / name for name in _IN_ORDER if name in wanted}
