"""Reading built pages back: the Flattr buttons and payment links a reader (or a client) sees."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

BUTTON_CLASS = "flattr-button"  # the class every button style carries (docs/core-api.md)
SUBMIT_URL = "https://flattr.com/submit/auto"


@dataclass(frozen=True)
class Flattr:
    """What one page offers: its buttons' hrefs and its payment links' hrefs."""

    buttons: list[str]
    payment_links: list[str]
    stylesheets: list[str]

    @property
    def params(self) -> dict[str, str]:
        """The query of the one payment link (the auto-submit URL), as a dict."""
        assert len(self.payment_links) == 1, self.payment_links
        return submit_params(self.payment_links[0])


def submit_params(url: str, base: str = SUBMIT_URL) -> dict[str, str]:
    assert url.startswith(base + "?"), url
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def flattr_of(document: Any) -> Flattr:
    """Buttons anywhere in the page, payment links and stylesheets in the head."""
    buttons = [
        a.get("href", "") for a in document.iter("a") if BUTTON_CLASS in a.get("class", "").split()
    ]
    head = document.find("head")
    links = list(head.iter("link")) if head is not None else []
    payment = [link.get("href", "") for link in links if "payment" in link.get("rel", "").split()]
    styles = [link.get("href", "") for link in links if link.get("rel") == "stylesheet"]
    return Flattr(buttons, payment, styles)


def element_path(document: Any, predicate: Any) -> list[Any]:
    """The ancestors (outermost first) of the first element matching ``predicate``."""
    parents = {child: parent for parent in document.iter() for child in parent}
    for element in document.iter():
        if predicate(element):
            chain = [element]
            while chain[-1] in parents:
                chain.append(parents[chain[-1]])
            return list(reversed(chain))
    raise AssertionError("no such element")
