"""funding.json v1's vocabulary: its version, enumerations and currency codes.

From floss-fund/go-funding-json ``schemas/v1`` (``models.go``: the enumerations;
``schema.go``: CurrentVersion) and floss-fund/portal ``data/currencies.json`` (the codes its
validator accepts: ISO 4217 plus a few local ones). ``WELL_KNOWN_PATH`` is where a host
lists the manifests allowed to name its URLs (floss.fund "funding-manifest").
"""

from __future__ import annotations

VERSION = "v1.0.0"
WELL_KNOWN_PATH = "/.well-known/funding-manifest-urls"
ENTITY_TYPES = ("individual", "group", "organisation", "other")
ENTITY_ROLES = ("owner", "steward", "maintainer", "contributor", "other")
CHANNEL_TYPES = ("bank", "payment-provider", "cheque", "cash", "other")
PLAN_FREQUENCIES = ("one-time", "weekly", "fortnightly", "monthly", "yearly", "other")
PLAN_STATUSES = ("active", "inactive")
# Space-separated: 170 codes read better as text than as a list literal.
_CODES = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN "
    "BWP BYN BZD CAD CDF CHF CKD CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP EHP ERN "
    "ETB EUR FJD FKP FOK GBP GEL GGP GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS IMP "
    "INR IQD IRR ISK JEP JMD JOD JPY KES KGS KHR KID KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD "
    "LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD "
    "OMR PAB PEN PGK PHP PKR PLN PND PRB PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP "
    "SLL SLS SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TVD TWD TZS UAH UGX USD "
    "UYU UZS VED VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWB ZWL "
)
CURRENCIES = frozenset(_CODES.split())
