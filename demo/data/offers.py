"""The demo offers' content: the providers (kinds of Träger every network has), about twenty
kinds of offer with realistic German texts, ages, fees, opening hours, languages and
outreach, three supra-regional offers, and the few offers that are inactive, expired or
temporarily closed. Streets and people are invented; "{town}", "{county}" and "{clinic}"
are filled in per region. The data is in offers.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_DATA = tomllib.loads((Path(__file__).parent / "offers.toml").read_text("utf-8"))

SEED: int = _DATA["seed"]
STREETS: tuple[str, ...] = tuple(_DATA["streets"])
PEOPLE: tuple[str, ...] = tuple(_DATA["people"])
# Provider kinds: (key, name pattern, description)
PROVIDERS: tuple[tuple[str, str, str], ...] = tuple(
    (provider["key"], provider["name"], provider["description"]) for provider in _DATA["provider"]
)


@dataclass(frozen=True)
class OfferType:
    key: str
    title: str  # "{town}" is replaced by the town's name
    count: int  # per region
    provider: str
    categories: tuple[str, ...]
    target_groups: tuple[str, ...]
    summary: str
    description: str
    min_age: int | None = None
    max_age: int | None = None
    pregnancy: bool = False
    fee: tuple[str, str] | None = None  # (amount or "", note)
    schedule: tuple[tuple[str, str, str, str], ...] = ()
    opening_note: str = ""
    outreach: str = ""  # "" | "county" (polygon) | "radius"
    locations: int = 1
    contacts: int = 0  # protected contact persons
    public_contact: bool = False
    languages: tuple[str, ...] = ()
    eligibility: str = ""
    application: str = ""
    wheelchair: bool = True
    valid_days: int | None = None  # a course: valid for this many days around today


def _tuples(value: Any) -> Any:
    """TOML arrays as the tuples the dataclasses and callers expect (hashable, immutable)."""
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value


OFFER_TYPES: tuple[OfferType, ...] = tuple(
    OfferType(**{key: _tuples(value) for key, value in data.items()})
    for data in _DATA["offer_type"]
)
SUPRA_REGIONAL: tuple[dict[str, Any], ...] = tuple(
    {key: _tuples(value) for key, value in data.items()} for data in _DATA["supra_regional"]
)
# (region slug, offer kind, number) → what is special about that offer
SPECIAL: dict[tuple[str, str, int], str] = {
    (special["region"], special["offer_type"], special["number"]): special["state"]
    for special in _DATA["special"]
}

# Titles and summaries editors translated, per (offer kind, number in the region): a handful of
# each region's offers, those families who read little German look for first; the others
# stay German only. "{town}" and "{short}" are filled in as in the German titles.
TRANSLATIONS: dict[tuple[str, int], dict[str, tuple[str, str]]] = {
    ("hebammensprechstunde", 0): {
        "en": (
            "Midwife drop-in consultation {town}",
            "Open consultation for pregnant women and parents with babies – even without a "
            "midwife of your own.",
        ),
        "tr": (
            "Ebe danışma saati {town}",
            "Hamileler ve bebekli ebeveynler için açık danışma saati – kendi ebeniz olmasa da.",
        ),
        "ar": (
            "استشارة القابلة المفتوحة في {town}",
            "استشارة مفتوحة للحوامل وللأهل مع الرضع – حتى لو لم تكن لديكم قابلة خاصة بكم.",
        ),
        "uk": (
            "Консультація акушерки {town}",
            "Відкрита консультація для вагітних і батьків з немовлятами – навіть без власної "
            "акушерки.",
        ),
    },
    ("elterncafe", 0): {
        "en": (
            "Parent café {town}",
            "A meeting place for parents with babies and toddlers: conversation, breakfast "
            "and advice.",
        ),
        "tr": (
            "Ebeveyn kafesi {town}",
            "Bebekli ve küçük çocuklu ebeveynler için buluşma yeri: sohbet, kahvaltı ve "
            "danışmanlık.",
        ),
        "ar": (
            "مقهى الأهل في {town}",
            "ملتقى للأهل مع الرضع والأطفال الصغار: تبادل الخبرات وفطور واستشارة.",
        ),
        "uk": (
            "Батьківське кафе {town}",
            "Місце зустрічі для батьків з немовлятами та малюками: спілкування, сніданок і "
            "консультація.",
        ),
    },
    ("elterncafe", 1): {
        "uk": (
            "Батьківське кафе {town}",
            "Місце зустрічі для батьків з немовлятами та малюками: спілкування, сніданок і "
            "консультація.",
        ),
        "ar": (
            "مقهى الأهل في {town}",
            "ملتقى للأهل مع الرضع والأطفال الصغار: تبادل الخبرات وفطور واستشارة.",
        ),
    },
    ("schwangerschaftsberatung", 0): {
        "en": (
            "Pregnancy counselling {town}",
            "Confidential counselling during pregnancy, also on money, rights and conflicts.",
        ),
        "tr": (
            "Gebelik danışmanlığı {town}",
            "Gebelikte gizli danışmanlık; para, haklar ve çatışmalar konusunda da.",
        ),
        "ar": (
            "استشارات الحمل في {town}",
            "استشارة سرية أثناء الحمل، وأيضًا حول المال والحقوق والنزاعات.",
        ),
    },
    ("willkommensbesuch", 0): {
        "en": (
            "Welcome visit for newborns – {short}",
            "We visit you at home after the birth – with information and a small gift.",
        ),
        "tr": (
            "Yenidoğanlar için hoş geldin ziyareti – {short}",
            "Doğumdan sonra sizi evinizde ziyaret ediyoruz – bilgilerle ve küçük bir hediyeyle.",
        ),
        "ar": (
            "زيارة ترحيب بالمواليد الجدد – {short}",
            "نزوركم في البيت بعد الولادة – مع معلومات وهدية صغيرة.",
        ),
        "uk": (
            "Вітальний візит до новонароджених – {short}",
            "Ми відвідуємо вас удома після пологів – з інформацією та невеликим подарунком.",
        ),
    },
    ("sprachkurs", 0): {
        "en": (
            "German course with childcare {town}",
            "Learn German while your child is looked after next door.",
        ),
        "tr": (
            "Çocuk bakımlı Almanca kursu {town}",
            "Çocuğunuz yan odada bakılırken Almanca öğrenin.",
        ),
        "ar": (
            "دورة لغة ألمانية مع رعاية الأطفال في {town}",
            "تعلّموا الألمانية بينما يُعتنى بطفلكم في الغرفة المجاورة.",
        ),
        "uk": (
            "Курс німецької мови з доглядом за дітьми {town}",
            "Вивчайте німецьку, поки про вашу дитину піклуються в сусідній кімнаті.",
        ),
    },
}
