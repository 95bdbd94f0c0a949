"""ISO 639-1 language codes (the two-letter set HSDS and schema.org expect) and the names of the
languages families in the demo regions ask for most, in each UI language."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import get_language, gettext
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

# Names of the languages families in the demo regions ask for most, in each UI language and in
# the language itself: (de, en, tr, ar, uk, own). A table rather than Django's LANG_INFO,
# which lacks Kurdish, Pashto, Somali and Tigrinya and misspells Ukrainian in Arabic.
NAMES: dict[str, tuple[str, str, str, str, str, str]] = {
    "ar": ("Arabisch", "Arabic", "Arapça", "العربيّة", "Арабська", "العربيّة"),
    "bg": ("Bulgarisch", "Bulgarian", "Bulgarca", "البلغاريّة", "Болгарська", "Български"),
    "bs": ("Bosnisch", "Bosnian", "Boşnakça", "البوسنيّة", "Боснійська", "Bosanski"),
    "cs": ("Tschechisch", "Czech", "Çekçe", "التشيكيّة", "Чеська", "Čeština"),
    "da": ("Dänisch", "Danish", "Danca", "الدنماركيّة", "Данська", "Dansk"),
    "de": ("Deutsch", "German", "Almanca", "الألمانيّة", "Німецька", "Deutsch"),
    "el": ("Griechisch", "Greek", "Yunanca", "اليونانيّة", "Грецька", "Ελληνικά"),
    "en": ("Englisch", "English", "İngilizce", "الإنجليزيّة", "Англійська", "English"),
    "es": ("Spanisch", "Spanish", "İspanyolca", "الإسبانيّة", "Іспанська", "Español"),
    "fa": (
        "Persisch (Farsi/Dari)",
        "Persian (Farsi/Dari)",
        "Farsça (Farsi/Darice)",
        "الفارسيّة (فارسي/دري)",
        "Перська (фарсі/дарі)",
        "فارسی",
    ),
    "fr": ("Französisch", "French", "Fransızca", "الفرنسيّة", "Французька", "Français"),
    "hr": ("Kroatisch", "Croatian", "Hırvatça", "الكرواتيّة", "Хорватська", "Hrvatski"),
    "hu": ("Ungarisch", "Hungarian", "Macarca", "المجريّة", "Угорська", "Magyar"),
    "it": ("Italienisch", "Italian", "İtalyanca", "الإيطاليّة", "Італійська", "Italiano"),
    "ku": ("Kurdisch", "Kurdish", "Kürtçe", "الكرديّة", "Курдська", "Kurdî"),
    "lt": ("Litauisch", "Lithuanian", "Litvanca", "الليتوانيّة", "Литовська", "Lietuvių"),
    "lv": ("Lettisch", "Latvian", "Letonca", "اللاتفيّة", "Латиська", "Latviešu"),
    "nl": ("Niederländisch", "Dutch", "Felemenkçe", "الهولنديّة", "Нідерландська", "Nederlands"),
    "pl": ("Polnisch", "Polish", "Lehçe", "البولنديّة", "Польська", "Polski"),
    "ps": ("Paschtu", "Pashto", "Peştuca", "البشتويّة", "Пушту", "پښتو"),
    "pt": ("Portugiesisch", "Portuguese", "Portekizce", "البرتغاليّة", "Португальська", "Português"),
    "ro": ("Rumänisch", "Romanian", "Romence", "الرومانيّة", "Румунська", "Română"),
    "ru": ("Russisch", "Russian", "Rusça", "الروسيّة", "Російська", "Русский"),
    "sk": ("Slowakisch", "Slovak", "Slovakça", "السلوفاكيّة", "Словацька", "Slovenčina"),
    "so": ("Somali", "Somali", "Somalice", "الصوماليّة", "Сомалійська", "Soomaali"),
    "sq": ("Albanisch", "Albanian", "Arnavutça", "الألبانيّة", "Албанська", "Shqip"),
    "sr": ("Serbisch", "Serbian", "Sırpça", "الصربيّة", "Сербська", "Српски"),
    "ti": ("Tigrinya", "Tigrinya", "Tigrinyaca", "التغرينيّة", "Тигринья", "ትግርኛ"),
    "tr": ("Türkisch", "Turkish", "Türkçe", "التركيّة", "Турецька", "Türkçe"),
    "uk": ("Ukrainisch", "Ukrainian", "Ukraynaca", "الأوكرانيّة", "Українська", "Українська"),
    "ur": ("Urdu", "Urdu", "Urduca", "الأورديّة", "Урду", "اردو"),
    "vi": ("Vietnamesisch", "Vietnamese", "Vietnamca", "الفيتناميّة", "В'єтнамська", "Tiếng Việt"),
    "zh": ("Chinesisch", "Chinese", "Çince", "الصينيّة", "Китайська", "中文"),
}
_COLUMNS = ("de", "en", "tr", "ar", "uk")
GERMAN_NAMES = {code: names[0] for code, names in NAMES.items()}


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
    """The German name (what a new `Language` row is called)."""
    if code in GERMAN_NAMES:
        return GERMAN_NAMES[code]
    from django.conf.locale import LANG_INFO

    info = LANG_INFO.get(code) or {}
    return info.get("name", code)


def language_names(code: str, ui_language: str | None = None) -> tuple[str, str]:
    """(the name in the UI language, the name in the language itself): 'Arabisch', 'العربيّة'
    on a German page, 'Arabic', 'العربيّة' on an English one. The UI language defaults to the
    active one."""
    ui = (ui_language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if code in NAMES:
        names = NAMES[code]
        column = _COLUMNS.index(ui) if ui in _COLUMNS else _COLUMNS.index("en")
        return names[column], names[-1]
    from django.conf.locale import LANG_INFO

    info = LANG_INFO.get(code)
    if info is None:
        return code, code
    # Django's own catalogues translate the names of the languages it knows.
    with translation.override(ui):
        return gettext(info["name"]), info.get("name_local", info["name"])


def translated_language_name(code: str, ui_language: str | None = None) -> str:
    """The language's name in the UI language (the active one unless given)."""
    return language_names(code, ui_language)[0]
