"""Fixed vocabularies: Flattr's 7 categories and 44 languages, locale mapping, and switch words.

Flattr accepts only these ids (reference §1.10); a locale such as ``en_US`` must be
mapped to one of them (``en_GB``) before it reaches a button, a link or the API.
``boolean`` is the one reading of an on/off value everywhere (settings, metadata, the API's
loose ``hidden``), because Pelican metadata, query strings and old API answers carry strings.
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


TRUE_WORDS = frozenset({"true", "yes", "on"})
FALSE_WORDS = frozenset({"false", "no", "off"})


def boolean(value: object, *, numbers: bool = True) -> bool | None:
    """The switch ``value`` spells, or None when it spells none.

    ``True`` and ``False``; the words true/yes/on and false/no/off in any case, spaces around
    them ignored; with ``numbers``, also 1 and 0 (ints or strings). Without ``numbers`` where a
    digit could be a name (a funding account called ``0``).
    """
    if isinstance(value, bool):
        return value
    if numbers and isinstance(value, int) and value in (0, 1):
        return value == 1
    if not isinstance(value, str):
        return None
    word = value.strip().lower()
    if word in TRUE_WORDS or (numbers and word == "1"):
        return True
    if word in FALSE_WORDS or (numbers and word == "0"):
        return False
    return None
