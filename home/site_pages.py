"""What `manage.py setup_site` builds below the home page: the sections every site has, in
menu order, and the legal pages with placeholder text that names what the operator must write
before going live. German, because it is the site's content; editors change it in the admin."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from offers_directory.importers.writer import DEFAULT_DIRECTORY, ORGANIZATION_INDEX

HOME = {
    "title": "Netzwerk Frühe Hilfen",
    "hero_title": "Frühe Hilfen und Kinderschutz in Ihrer Region",
    "hero_text": "Unterstützung für Schwangere und Familien mit Kindern bis sechs Jahre – "
    "kostenfrei, vertraulich und in Ihrer Nähe.",
    "finder_title": "Hilfe in Ihrer Nähe finden",
    "finder_text": "Hebammen, Beratung, Elterncafés und mehr: Geben Sie Ihre Postleitzahl "
    "oder Ihren Ort ein.",
}
# The home page's teasers in the other UI languages (PageTranslation rows; editors change them
# in the page's "Translations"). Same terms as the catalogues: Angebot = offer / hizmet / خدمة
# / послуга.
Translations = dict[str, dict[str, str]]
HOME_TRANSLATIONS: Translations = {
    "en": {
        "hero_title": "Early support and child protection in your region",
        "hero_text": "Support for pregnant women and families with children up to six – free "
        "of charge, confidential and close to you.",
        "finder_title": "Find help near you",
        "finder_text": "Midwives, counselling, parents' cafés and more: enter your postcode "
        "or town.",
    },
    "tr": {
        "hero_title": "Bölgenizde erken destek ve çocuk koruma",
        "hero_text": "Hamileler ve altı yaşına kadar çocuğu olan aileler için destek – "
        "ücretsiz, gizli ve size yakın.",
        "finder_title": "Yakınınızda yardım bulun",
        "finder_text": "Ebeler, danışmanlık, ebeveyn kafeleri ve daha fazlası: Posta kodunuzu "
        "veya yerleşim yerinizi girin.",
    },
    "ar": {
        "hero_title": "الدعم المبكر وحماية الطفل في منطقتك",
        "hero_text": "دعم للحوامل وللعائلات التي لديها أطفال حتى سن السادسة – مجاناً وبسرّية "
        "وبالقرب منك.",
        "finder_title": "ابحث عن المساعدة بالقرب منك",
        "finder_text": "قابلات واستشارات ومقاهٍ للآباء والأمهات وغير ذلك: أدخل رمزك البريدي أو "
        "اسم مدينتك.",
    },
    "uk": {
        "hero_title": "Рання допомога та захист дітей у вашому регіоні",
        "hero_text": "Підтримка для вагітних і сімей з дітьми до шести років – безкоштовно, "
        "конфіденційно й поруч із вами.",
        "finder_title": "Знайдіть допомогу поруч",
        "finder_text": "Акушерки, консультації, батьківські кафе та інше: введіть свій "
        "поштовий індекс або населений пункт.",
    },
}


def names(*titles: str, **intros: str) -> Translations:
    """A section's title in en, tr, ar and uk, and its introduction where `intros` has one."""
    titles = dict(zip(("en", "tr", "ar", "uk"), titles, strict=True))
    return {
        code: {"title": title, **({"intro": intros[code]} if code in intros else {})}
        for code, title in titles.items()
    }


@dataclass(frozen=True)
class Section:
    """A page below the home page: its model ("app_label.ModelName"), slug, title and fields."""

    model: str
    slug: str
    title: str
    fields: dict[str, Any] = field(default_factory=dict)
    in_menu: bool = False
    translations: Translations = field(default_factory=dict)


def placeholder(what: str) -> list[tuple[str, str]]:
    """A body that says plainly, on the page itself, that it is not the real text yet."""
    return [
        (
            "paragraph",
            "<p><b>[PLATZHALTER – vor dem Start ersetzen]</b> Diese Seite enthält noch keinen "
            f"gültigen Text. Bitte tragen Sie hier {what} ein (Admin → Seiten → diese Seite "
            "bearbeiten) und entfernen Sie diesen Hinweis.</p>",
        )
    ]


SECTIONS: tuple[Section, ...] = (
    Section(
        "news.NewsIndexPage",
        "aktuelles",
        "Aktuelles",
        {
            "intro": "Berichte und Pressemitteilungen aus den Netzwerken.",
            "include_all_regions": True,
        },
        in_menu=True,
        translations=names(
            "News",
            "Haberler",
            "الأخبار",
            "Новини",
            en="Reports and press releases from the networks.",
            tr="Ağlardan haberler ve basın bültenleri.",
            ar="تقارير وبيانات صحفية من الشبكات.",
            uk="Новини та пресрелізи мереж.",
        ),
    ),
    Section(
        "events.EventIndexPage",
        "termine",
        "Termine",
        {
            "intro": "Netzwerktage, Fachtage und Arbeitskreise in den Regionen.",
            "include_all_regions": True,
        },
        in_menu=True,
        translations=names(
            "Events",
            "Etkinlikler",
            "الفعاليات",
            "Заходи",
            en="Network days, conferences and working groups in the regions.",
            tr="Bölgelerdeki ağ günleri, uzmanlık günleri ve çalışma grupları.",
            ar="أيام الشبكة والأيام المتخصصة ومجموعات العمل في المناطق.",
            uk="Дні мережі, фахові конференції та робочі групи в регіонах.",
        ),
    ),
    # The finder itself answers at /angebote/ (finder/); this page gives it a place in the
    # menu and the home page's teaser.
    Section(
        "home.StandardPage",
        "angebote",
        "Angebote finden",
        {"intro": "Hier finden Familien Unterstützungsangebote in ihrer Nähe."},
        in_menu=True,
        translations=names(
            "Find offers",
            "Hizmet bul",
            "ابحث عن خدمات",
            "Знайти послуги",
            en="Here families find support near them.",
            tr="Aileler burada yakınlarındaki destek hizmetlerini bulur.",
            ar="هنا تجد العائلات خدمات الدعم القريبة منها.",
            uk="Тут сім'ї знаходять послуги підтримки поруч із собою.",
        ),
    ),
    # The referral-partner directory answers at /fachkraefte/ and takes this page's title
    # and introduction.
    Section(
        "home.StandardPage",
        "fachkraefte",
        "Für Fachkräfte",
        {"intro": "Informationen für Fachkräfte aus Gesundheitswesen, Jugendhilfe und Beratung."},
        in_menu=True,
        translations=names(
            "For professionals",
            "Uzmanlar için",
            "للمختصين",
            "Для фахівців",
            en="Information for professionals in health care, youth welfare and counselling.",
            tr="Sağlık, gençlik yardımı ve danışmanlık alanındaki uzmanlar için bilgiler.",
            ar="معلومات للمختصين في الرعاية الصحية ورعاية الشباب والاستشارة.",
            uk="Інформація для фахівців охорони здоров'я, допомоги дітям і молоді та "
            "консультування.",
        ),
    ),
    Section(
        "home.RegionIndexPage",
        "netzwerk",
        "Über das Netzwerk",
        {
            "intro": "<p>Frühe Hilfen sind lokale und regionale Unterstützungssysteme für "
            "Eltern ab der Schwangerschaft und Familien mit Kindern bis drei Jahre.</p>"
        },
        in_menu=True,
        translations=names(
            "About the network",
            "Ağ hakkında",
            "عن الشبكة",
            "Про мережу",
            en="Early support networks are local and regional support systems for parents "
            "from pregnancy onwards and for families with children up to three.",
            tr="Erken destek ağları, hamilelikten itibaren ebeveynler ve üç yaşına kadar "
            "çocuğu olan aileler için yerel ve bölgesel destek sistemleridir.",
            ar="شبكات الدعم المبكر هي أنظمة دعم محلية وإقليمية للوالدين منذ الحمل وللعائلات "
            "التي لديها أطفال حتى سن الثالثة.",
            uk="Мережі ранньої допомоги – це місцеві та регіональні системи підтримки для "
            "батьків від вагітності та сімей з дітьми до трьох років.",
        ),
    ),
    # The same pages the importer would create on first use (offers_directory.importers).
    Section(
        "offers_directory.OrganizationIndexPage",
        ORGANIZATION_INDEX["slug"],
        ORGANIZATION_INDEX["title"],
        {"intro": "Die Träger der Angebote in den Netzwerken."},
        translations=names("Providers", "Kurumlar", "الجهات المقدِّمة", "Організації"),
    ),
    Section(
        "offers_directory.OfferIndexPage",
        DEFAULT_DIRECTORY["slug"],
        DEFAULT_DIRECTORY["title"],
        {"intro": "Angebote, die Familien überall nutzen können – telefonisch oder online."},
        translations=names(
            "Supra-regional offers",
            "Bölgeler üstü hizmetler",
            "خدمات على المستوى الوطني",
            "Надрегіональні послуги",
        ),
    ),
    Section(
        "home.StandardPage",
        "impressum",
        "Impressum",
        {
            "body": placeholder(
                "die Anbieterkennzeichnung nach § 5 DDG (Name und Anschrift des Trägers der "
                "Website, Vertretungsberechtigte, Kontakt, zuständige Aufsichtsbehörde) und die "
                "inhaltlich verantwortliche Person nach § 18 Abs. 2 MStV"
            )
        },
        translations=names("Imprint", "Künye", "بيانات الناشر", "Вихідні дані"),
    ),
    Section(
        "home.StandardPage",
        "datenschutz",
        "Datenschutzerklärung",
        {
            "body": placeholder(
                "die Datenschutzerklärung nach Art. 13 DSGVO (Verantwortliche Stelle, "
                "Datenschutzbeauftragte, Server-Protokolle, Anmeldung für Fachkräfte und "
                "Redaktion, Ihre Rechte) – die Website setzt für Besucherinnen und Besucher, "
                "die nur lesen, keine Cookies und lädt keine Inhalte von fremden Servern"
            )
        },
        translations=names(
            "Privacy policy", "Gizlilik politikası", "سياسة الخصوصية", "Політика конфіденційності"
        ),
    ),
)
# The accessibility statement and the Leichte Sprache page come from home/accessibility.py.
FINDER_SLUG = "angebote"
