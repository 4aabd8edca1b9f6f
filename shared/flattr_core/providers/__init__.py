"""Every way to support a creator beside Flattr: the base facts, one table entry per provider.

What each provider calls an account and how it is checked (``rules``), its support page and
display name (``table``), its logo (``logos``), its own opt-in embed (``widgets``); the
``funding`` setting (``config``) and a repository's FUNDING.yml (``funding_yml``) become
``FundingLayer`` values, which ``merge``/``resolve`` combine, page -> author -> section ->
site, into a page's ``Funding``. Pure: no markup (``flattr_core.markup`` builds that), no
network; ``funding_yml.read`` is the one function that reads a file.
"""

from typing import TYPE_CHECKING

from ..lazy import exports

if TYPE_CHECKING:
    from .config import funding_layer, layer_mapping, provider_accounts
    from .funding_yml import FUNDING_YML_KEYS, FundingFile
    from .funding_yml import parse as parse_funding_yml
    from .funding_yml import read as read_funding_yml
    from .rules import pointer_url
    from .table import PROVIDERS, Provider, label, provider, public_json_url, support_url
    from .values import ORDER, Account, Funding, FundingLayer, merge, resolve
    from .widgets import VendorWidget, missing_widget_ids, vendor_widget

# Each name is imported on first use (``flattr_core.lazy``): a page's funding needs the table
# and the values, not the FUNDING.yml reader or the vendors' embeds.
_NAMES = {
    "config": ("funding_layer", "layer_mapping", "provider_accounts"),
    "funding_yml": (
        "FUNDING_YML_KEYS",
        "FundingFile",
        "parse as parse_funding_yml",
        "read as read_funding_yml",
    ),
    "rules": ("pointer_url",),
    "table": ("PROVIDERS", "Provider", "label", "provider", "public_json_url", "support_url"),
    "values": ("ORDER", "Account", "Funding", "FundingLayer", "merge", "resolve"),
    "widgets": ("VendorWidget", "missing_widget_ids", "vendor_widget"),
}

__all__ = [
    "FUNDING_YML_KEYS",
    "ORDER",
    "PROVIDERS",
    "Account",
    "Funding",
    "FundingFile",
    "FundingLayer",
    "Provider",
    "VendorWidget",
    "funding_layer",
    "label",
    "layer_mapping",
    "merge",
    "missing_widget_ids",
    "parse_funding_yml",
    "pointer_url",
    "provider",
    "provider_accounts",
    "public_json_url",
    "read_funding_yml",
    "resolve",
    "support_url",
    "vendor_widget",
]

__getattr__, __dir__ = exports(__name__, _NAMES, __all__)
