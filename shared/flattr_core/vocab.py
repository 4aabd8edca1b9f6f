"""Flattr's fixed vocabularies: the 7 categories, the 44 languages, and locale mapping.

Flattr accepts only these ids (reference §1.10); a locale such as ``en_US`` must be
mapped to one of them (``en_GB``) before it reaches a button, a link or the API.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

CATEGORIES: Mapping[str, str] = MappingProxyType(
    {
        "text": "Text",
        "images": "Images",
        "video": "Video",
        "audio": "Audio",
        "software": "Software",
        "people": "People",
        "rest": "Other",
    }
)

LANGUAGES: Mapping[str, str] = MappingProxyType(
    {
        "sq_AL": "Albanian",
        "ar_DZ": "Arabic",
        "be_BY": "Belarusian",
        "bg_BG": "Bulgarian",
        "ca_ES": "Catalan",
        "zh_CN": "Chinese",
        "hr_HR": "Croatian",
        "cs_CZ": "Czech",
        "da_DK": "Danish",
        "nl_NL": "Dutch",
        "en_GB": "English",
        "et_EE": "Estonian",
        "fi_FI": "Finnish",
        "fr_FR": "French",
        "de_DE": "German",
        "el_GR": "Greek",
        "iw_IL": "Hebrew",
        "hi_IN": "Hindi",
        "hu_HU": "Hungarian",
        "is_IS": "Icelandic",
        "in_ID": "Indonesian",
        "ga_IE": "Irish",
        "it_IT": "Italian",
        "ja_JP": "Japanese",
        "ko_KR": "Korean",
        "lv_LV": "Latvian",
        "lt_LT": "Lithuanian",
        "mk_MK": "Macedonian",
        "ms_MY": "Malay",
        "mt_MT": "Maltese",
        "no_NO": "Norwegian",
        "pl_PL": "Polish",
        "pt_PT": "Portuguese",
        "ro_RO": "Romanian",
        "ru_RU": "Russian",
        "sr_RS": "Serbian",
        "sk_SK": "Slovak",
        "sl_SI": "Slovenian",
        "es_ES": "Spanish",
        "sv_SE": "Swedish",
        "th_TH": "Thai",
        "tr_TR": "Turkish",
        "uk_UA": "Ukrainian",
        "vi_VN": "Vietnamese",
    }
)

DEFAULT_CATEGORY = "text"
DEFAULT_LANGUAGE = "en_GB"

# ISO 639-1 code -> Flattr id. Java's legacy codes: Hebrew is "iw", Indonesian "in".
_BY_LANGUAGE = {code.split("_")[0]: code for code in LANGUAGES}
# Modern ISO codes and macro-languages that Flattr knew under another id.
_ALIASES = {"he": "iw_IL", "id": "in_ID", "nb": "no_NO", "nn": "no_NO", "zh": "zh_CN"}
_LOCALE = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z0-9]+))*$")


def language_for_locale(locale: str) -> str | None:
    """The Flattr language id for a locale (``en``, ``en-US``, ``pt_BR``, ``de_AT.UTF-8``), or None.

    Flattr has one id per language, so the region is ignored: ``en_US`` -> ``en_GB``,
    ``pt_BR`` -> ``pt_PT``. An exact Flattr id is returned unchanged.
    """
    cleaned = locale.strip().split(".")[0].split("@")[0]
    if cleaned in LANGUAGES:
        return cleaned
    match = _LOCALE.match(cleaned)
    if match is None:
        return None
    base = match.group(1).lower()
    return _ALIASES.get(base) or _BY_LANGUAGE.get(base)


def is_category(value: str) -> bool:
    return value in CATEGORIES


def is_language(value: str) -> bool:
    return value in LANGUAGES
