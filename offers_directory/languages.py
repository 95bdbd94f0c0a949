"""ISO 639-1 language codes (the two-letter set HSDS and schema.org expect) and German display
names for the languages families in the demo regions ask for most."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_CODES = """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr
    ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw
    ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv
    ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr
    ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi
    yo za zh zu
"""
ISO_639_1 = frozenset(_CODES.split())

GERMAN_NAMES = {
    "ar": "Arabisch",
    "bg": "Bulgarisch",
    "bs": "Bosnisch",
    "cs": "Tschechisch",
    "da": "Dänisch",
    "de": "Deutsch",
    "el": "Griechisch",
    "en": "Englisch",
    "es": "Spanisch",
    "fa": "Persisch (Farsi/Dari)",
    "fr": "Französisch",
    "hr": "Kroatisch",
    "hu": "Ungarisch",
    "it": "Italienisch",
    "ku": "Kurdisch",
    "lt": "Litauisch",
    "lv": "Lettisch",
    "nl": "Niederländisch",
    "pl": "Polnisch",
    "ps": "Paschtu",
    "pt": "Portugiesisch",
    "ro": "Rumänisch",
    "ru": "Russisch",
    "sk": "Slowakisch",
    "so": "Somali",
    "sq": "Albanisch",
    "sr": "Serbisch",
    "ti": "Tigrinya",
    "tr": "Türkisch",
    "uk": "Ukrainisch",
    "ur": "Urdu",
    "vi": "Vietnamesisch",
    "zh": "Chinesisch",
}


def normalize_language_code(value: str) -> str:
    """'DE', ' de ' and 'de-DE' all mean German; anything else must be a known code."""
    code = (value or "").strip().lower().replace("_", "-").split("-")[0]
    if code not in ISO_639_1:
        raise ValidationError(
            _("%(value)r is not an ISO 639-1 language code (two letters, e.g. de, en, tr)."),
            code="invalid_language",
            params={"value": value},
        )
    return code


def validate_language_code(value: str) -> None:
    if value != (value or "").strip().lower() or value not in ISO_639_1:
        raise ValidationError(
            _("%(value)r is not an ISO 639-1 language code (two lower-case letters, e.g. de)."),
            code="invalid_language",
            params={"value": value},
        )


def language_name(code: str) -> str:
    if code in GERMAN_NAMES:
        return GERMAN_NAMES[code]
    from django.conf.locale import LANG_INFO

    info = LANG_INFO.get(code) or {}
    return info.get("name", code)
