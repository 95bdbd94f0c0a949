"""The managed vocabularies every installation starts with: offer categories and target
groups (two taxonomies with stable codes) and the languages most asked for. A data migration
installs them; editors may add terms later. The codes are public identifiers (search facets,
HSDS attributes, CSV columns): never rename one, add a new term instead."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

CATEGORY_TAXONOMY = {
    "slug": "angebotsarten",
    "name": "Angebotsarten",
    "description": "Arten von Angeboten der Frühen Hilfen.",
}
TARGET_GROUP_TAXONOMY = {
    "slug": "zielgruppen",
    "name": "Zielgruppen",
    "description": "An wen sich ein Angebot richtet.",
}

# (code, name, parent code or None, description)
CATEGORY_TERMS: list[tuple[str, str, str | None, str]] = [
    ("hebammenhilfe", "Hebammenhilfe", None, "Begleitung durch Hebammen und Pflegefachkräfte."),
    (
        "hebammensprechstunde",
        "Hebammensprechstunde",
        "hebammenhilfe",
        "Offene Sprechstunde einer Hebamme.",
    ),
    (
        "familienhebamme",
        "Familienhebamme / FGKiKP",
        "hebammenhilfe",
        "Längerfristige Begleitung durch Familienhebammen oder Familien-Gesundheits- und "
        "Kinderkrankenpflegerinnen im ersten Lebensjahr.",
    ),
    ("stillberatung", "Stillberatung", "hebammenhilfe", "Beratung rund ums Stillen."),
    ("beratung", "Beratung", None, "Beratungsstellen und Sprechstunden."),
    (
        "schwangerschaftsberatung",
        "Schwangerschaftsberatung",
        "beratung",
        "Beratung in der Schwangerschaft, auch Schwangerschaftskonfliktberatung.",
    ),
    (
        "erziehungsberatung",
        "Erziehungs- und Familienberatung",
        "beratung",
        "Beratung bei Fragen zu Erziehung, Entwicklung und Familienleben.",
    ),
    (
        "schreibaby-beratung",
        "Schreibaby-Beratung",
        "beratung",
        "Hilfe bei exzessivem Schreien, Schlaf- und Fütterproblemen.",
    ),
    (
        "sozialberatung",
        "Sozialberatung",
        "beratung",
        "Beratung zu Geld, Anträgen, Wohnen und Arbeit.",
    ),
    ("begegnung", "Begegnung und Austausch", None, "Offene Treffpunkte für Familien."),
    ("elterncafe", "Elterncafé", "begegnung", "Offener Treff für Eltern mit Babys."),
    (
        "krabbelgruppe",
        "Krabbelgruppe / Eltern-Kind-Gruppe",
        "begegnung",
        "Regelmäßige Gruppe für Eltern mit Kleinkindern.",
    ),
    (
        "familienzentrum",
        "Familienzentrum",
        "begegnung",
        "Anlaufstelle mit vielen Angeboten unter einem Dach.",
    ),
    (
        "aufsuchend",
        "Aufsuchende Angebote",
        None,
        "Angebote, die zu den Familien nach Hause kommen.",
    ),
    (
        "willkommensbesuch",
        "Willkommensbesuch",
        "aufsuchend",
        "Besuch mit Informationen für Familien mit einem neugeborenen Kind.",
    ),
    (
        "babylotse",
        "Babylotsin",
        "aufsuchend",
        "Lotsendienst in der Geburtsklinik oder Arztpraxis.",
    ),
    (
        "familienpatenschaft",
        "Ehrenamtliche Familienbegleitung",
        "aufsuchend",
        "Ehrenamtliche unterstützen Familien im Alltag.",
    ),
    ("bildung", "Elternbildung", None, "Kurse und Bildungsangebote für Eltern."),
    ("elternkurs", "Elternkurs", "bildung", "Kurse zu Entwicklung, Erziehung und Alltag."),
    (
        "geburtsvorbereitung",
        "Geburtsvorbereitung",
        "bildung",
        "Kurse zur Vorbereitung auf Geburt und Elternschaft.",
    ),
    (
        "sprachkurs-kinderbetreuung",
        "Sprachkurs mit Kinderbetreuung",
        "bildung",
        "Deutschkurs, während die Kinder betreut werden.",
    ),
    ("gesundheit", "Gesundheit und Entwicklung", None, "Gesundheit und Entwicklung des Kindes."),
    (
        "fruehfoerderung",
        "Frühförderung",
        "gesundheit",
        "Förderung von Kindern mit Entwicklungsverzögerung oder Behinderung.",
    ),
]

TARGET_GROUP_TERMS: list[tuple[str, str, str | None, str]] = [
    ("schwangere", "Schwangere", None, "Schwangere und werdende Eltern."),
    ("eltern-saeuglinge", "Eltern mit Säuglingen", None, "Eltern mit Kindern im ersten Jahr."),
    ("eltern-kleinkinder", "Eltern mit Kleinkindern", None, "Eltern mit Kindern bis drei Jahre."),
    ("alleinerziehende", "Alleinerziehende", None, "Mütter und Väter, die allein erziehen."),
    (
        "migrationsgeschichte",
        "Familien mit Migrationsgeschichte",
        None,
        "Familien, die zugewandert oder geflüchtet sind.",
    ),
    ("junge-eltern", "Junge Eltern", None, "Minderjährige und junge Eltern."),
    ("vaeter", "Väter", None, "Angebote besonders für Väter."),
    (
        "eltern-mit-behinderung",
        "Eltern mit Behinderung oder Erkrankung",
        None,
        "Eltern mit Behinderung, chronischer oder psychischer Erkrankung.",
    ),
    (
        "belastete-familien",
        "Familien in belastenden Lebenslagen",
        None,
        "Familien mit finanziellen, gesundheitlichen oder sozialen Belastungen.",
    ),
    ("fachkraefte", "Fachkräfte", None, "Angebote für Fachkräfte, z. B. Fortbildungen."),
]

# (code, German name), in the order the admin lists them.
LANGUAGES: list[tuple[str, str]] = [
    ("de", "Deutsch"),
    ("en", "Englisch"),
    ("tr", "Türkisch"),
    ("ar", "Arabisch"),
    ("uk", "Ukrainisch"),
    ("ru", "Russisch"),
    ("fa", "Persisch (Farsi/Dari)"),
    ("ku", "Kurdisch"),
    ("pl", "Polnisch"),
    ("ro", "Rumänisch"),
    ("bg", "Bulgarisch"),
    ("sq", "Albanisch"),
    ("sr", "Serbisch"),
    ("ps", "Paschtu"),
    ("ti", "Tigrinya"),
    ("so", "Somali"),
    ("fr", "Französisch"),
    ("es", "Spanisch"),
    ("it", "Italienisch"),
    ("vi", "Vietnamesisch"),
]


TERM_NAMES_FILE = Path(__file__).resolve().parent / "data" / "term_names.toml"


@cache
def term_translations() -> dict[str, dict[str, str]]:
    """The terms' names in the other UI languages, by code: {"elterncafe": {"en": …}}."""
    with TERM_NAMES_FILE.open("rb") as file:
        return tomllib.load(file)


def install_term_translations(term_model: Any) -> None:
    """Fill the names in other languages that a term of ours still lacks; never overwrite an
    editor's. Skips a term whose German name an editor changed (the translation would name the
    old term)."""
    defaults = {code: name for code, name, _p, _d in CATEGORY_TERMS + TARGET_GROUP_TERMS}
    for code, names in term_translations().items():
        term = term_model.objects.filter(code=code, name=defaults.get(code)).first()
        if term is None:
            continue
        changed = [f"name_{lang}" for lang in names if not getattr(term, f"name_{lang}")]
        for field in changed:
            setattr(term, field, names[field.removeprefix("name_")])
        if changed:
            term.save(update_fields=changed)


def install_vocabularies(taxonomy_model: Any, term_model: Any, language_model: Any) -> None:
    """Create what is missing; never change or delete what editors may have edited. Takes
    the model classes so a migration can pass its historical models."""
    for definition, terms in (
        (CATEGORY_TAXONOMY, CATEGORY_TERMS),
        (TARGET_GROUP_TAXONOMY, TARGET_GROUP_TERMS),
    ):
        taxonomy, _created = taxonomy_model.objects.get_or_create(
            slug=definition["slug"],
            defaults={"name": definition["name"], "description": definition["description"]},
        )
        by_code = {}
        for position, (code, name, parent_code, description) in enumerate(terms):
            term, _created = term_model.objects.get_or_create(
                code=code,
                defaults={
                    "taxonomy": taxonomy,
                    "name": name,
                    "description": description,
                    "sort_order": position * 10,
                    "parent": by_code.get(parent_code),
                },
            )
            by_code[code] = term
    for position, (code, name) in enumerate(LANGUAGES):
        language_model.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": position * 10}
        )
    install_term_translations(term_model)
