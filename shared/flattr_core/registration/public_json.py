"""The public documents ``flattr doctor --online`` reads to confirm a funding account exists.

A Web Monetization wallet address answers ``Accept: application/json`` with its public
description (Open Payments: ``id``, ``assetCode``, ``authServer``); Liberapay serves
``/NAME/public.json``. Neither needs a token, and none is ever sent.
"""

from __future__ import annotations

from collections.abc import Mapping

import requests

from ..errors import FlattrError, TransportError
from .client import USER_AGENT

TIMEOUT = (3.05, 5.0)
BODY_LIMIT = 200


def fetch_public_json(url: str, *, timeout: tuple[float, float] = TIMEOUT) -> Mapping[str, object]:
    """The JSON object at ``url``; ``TransportError`` when it cannot be reached, ``FlattrError``
    when it answers with an error status or something other than a JSON object."""
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    try:
        answer = requests.get(url, headers=headers, timeout=timeout, allow_redirects=True)
    except requests.RequestException as exc:
        raise TransportError(f"{url}: could not connect ({type(exc).__name__})") from None
    if answer.status_code != 200:
        raise FlattrError(f"{url} answered {answer.status_code}: no such account")
    try:
        data = answer.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        shown = answer.text[:BODY_LIMIT]
        raise FlattrError(f"{url} did not answer a JSON object: {shown!r}")
    return data
