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


@dataclass(frozen=True)
class Section:
    """A page below the home page: its model ("app_label.ModelName"), slug, title and fields."""

    model: str
    slug: str
    title: str
    fields: dict[str, Any] = field(default_factory=dict)
    in_menu: bool = False


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
    ),
    # The finder itself answers at /angebote/ (finder/); this page gives it a place in the
    # menu and the home page's teaser.
    Section(
        "home.StandardPage",
        "angebote",
        "Angebote finden",
        {"intro": "Hier finden Familien Unterstützungsangebote in ihrer Nähe."},
        in_menu=True,
    ),
    # The referral-partner directory answers at /fachkraefte/ and takes this page's title
    # and introduction.
    Section(
        "home.StandardPage",
        "fachkraefte",
        "Für Fachkräfte",
        {"intro": "Informationen für Fachkräfte aus Gesundheitswesen, Jugendhilfe und Beratung."},
        in_menu=True,
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
    ),
    # The same pages the importer would create on first use (offers_directory.importers).
    Section(
        "offers_directory.OrganizationIndexPage",
        ORGANIZATION_INDEX["slug"],
        ORGANIZATION_INDEX["title"],
        {"intro": "Die Träger der Angebote in den Netzwerken."},
    ),
    Section(
        "offers_directory.OfferIndexPage",
        DEFAULT_DIRECTORY["slug"],
        DEFAULT_DIRECTORY["title"],
        {"intro": "Angebote, die Familien überall nutzen können – telefonisch oder online."},
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
    ),
)
# The accessibility statement and the Leichte Sprache page come from home/accessibility.py.
FINDER_SLUG = "angebote"
