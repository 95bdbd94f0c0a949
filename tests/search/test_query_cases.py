"""The query cases of query_cases.toml through both engines, on offers built from factories
(a few with editors' translations): each case names the offers a query must find and those
it must not."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from home.factories import RegionPageFactory
from offers_directory.factories import (
    BUCHHOLZ,
    HAMBURG,
    LUENEBURG,
    WINSEN,
    OfferIndexPageFactory,
    OfferPageFactory,
)
from tests.search.conftest import ENGINES, EngineRunner
from tests.shared_data import shared_data

CASES = tomllib.loads((Path(__file__).parent / "query_cases.toml").read_text("utf-8"))["case"]

# key → (title, alternate name, summary, description, place)
OFFERS: dict[str, tuple[str, str, str, str, Any]] = {
    "erziehung": (
        "Erziehungs- und Familienberatung Winsen",
        "",
        "Beratung für Eltern, Kinder und Jugendliche.",
        "Wir helfen bei Fragen zur Erziehung und in Krisen.",
        WINSEN,
    ),
    "bildung": (
        "Eltern- und Familienbildung im Landkreis",
        "",
        "Kurse rund um das Familienleben.",
        "Abendkurse, Vorträge und Wochenendseminare.",
        BUCHHOLZ,
    ),
    "trennung": (
        "Trennungs- und Scheidungsberatung",
        "",
        "Wenn Eltern sich trennen.",
        "Gespräche für Mütter und Väter, auch gemeinsam.",
        LUENEBURG,
    ),
    "gruppe": (
        "Eltern-Kind-Gruppe Sonnenkäfer",
        "",
        "Singen und Spielen mit Kindern ab sechs Monaten.",
        "Jeden Dienstagvormittag im Gemeindehaus.",
        WINSEN,
    ),
    "krabbel": (
        "Spielgruppe Zwergenland",
        "",
        "Für Kinder von einem bis drei Jahren.",
        "Freies Spiel und Bewegungslieder.",
        HAMBURG,
    ),
    "schwanger": (
        "Beratungsstelle für Schwangere",
        "",
        "Schwangerenberatung und Hilfe bei Anträgen.",
        "Vertraulich und kostenlos.",
        BUCHHOLZ,
    ),
    "hebamme": (
        "Hebammensprechstunde im Familienzentrum",
        "",
        "Vorsorge und Wochenbettbetreuung.",
        "Ohne Termin jeden Mittwoch.",
        BUCHHOLZ,
    ),
    "fgkikp": (
        "Familienhebammen und Kinderkrankenpflegerinnen",
        "",
        "Familien-Gesundheits- und Kinderkrankenpflegerinnen begleiten Sie.",
        "Besuche im ersten Lebensjahr Ihres Kindes.",
        LUENEBURG,
    ),
    "spfh": (
        "Sozialpädagogische Familienhilfe",
        "",
        "Unterstützung im Familienalltag.",
        "Vermittelt durch den Allgemeinen Sozialen Dienst.",
        WINSEN,
    ),
    "kita": (
        "Kindertagesstätte Regenbogen mit Kinderkrippe",
        "",
        "Betreuung von Kindern von einem bis sechs Jahren.",
        "Ganztags, mit Mittagessen.",
        LUENEBURG,
    ),
    "tagespflege": (
        "Tagesmütter im Landkreis",
        "",
        "Betreuung in kleinen Gruppen im Haushalt der Tagesmutter.",
        "Vermittlung und Qualifizierung.",
        WINSEN,
    ),
    "lotsin": (
        "Babylotsinnen der Geburtsklinik",
        "",
        "Begleitung nach der Geburt.",
        "Wir vermitteln passende Hilfen.",
        HAMBURG,
    ),
    "schrei": (
        "Schreibabyambulanz",
        "",
        "Wenn Ihr Baby viel weint.",
        "Beratung für erschöpfte Eltern.",
        LUENEBURG,
    ),
    "still": (
        "Stillberatung und Stillgruppe",
        "",
        "Hilfe beim Stillen.",
        "Treffen für stillende Mütter.",
        WINSEN,
    ),
    "frueh": (
        "Frühförderung der Lebenshilfe",
        "",
        "Interdisziplinäre Förderung bei Entwicklungsverzögerungen.",
        "Heilpädagogik und Therapie.",
        BUCHHOLZ,
    ),
    "cafe": (
        "Elterncafé am Markt",
        "Müttercafé",
        "Treffpunkt für Mütter und Väter mit Babys.",
        "Einmal im Monat ist eine Hebamme zu Gast.",
        WINSEN,
    ),
    "aerztin": (
        "Kinderärztin Dr. Şahin",
        "",
        "Vorsorgeuntersuchungen und Impfungen.",
        "Sprechstunde auch auf Türkisch.",
        HAMBURG,
    ),
}


# key → language → (title, summary): what editors translated.
TRANSLATED: dict[str, dict[str, tuple[str, str]]] = {
    "lotsin": {"en": ("Baby guides at the maternity clinic", "Support after the birth.")},
    "kita": {
        "tr": ("Gökkuşağı Kreşi ve bebek yuvası", "Bir ile altı yaş arası çocukların bakımı."),
        "uk": ("Дитячий садок «Веселка» з яслами", "Догляд за дітьми від одного до шести років."),
    },
    "aerztin": {"ar": ("طبيبة الأطفال د. شاهين", "فحوصات وقائية وتطعيمات.")},
    "still": {"ar": ("استشارة الرضاعة الطبيعية", "مساعدة في إرضاع الطفل.")},
}


def build_case_offers() -> dict[str, int]:
    index = OfferIndexPageFactory(
        parent=RegionPageFactory(title="Landkreis Worte", slug="landkreis-worte")
    )
    made = {}
    for key, (title, alternate, summary, description, place) in OFFERS.items():
        made[key] = OfferPageFactory(
            parent=index,
            title=title,
            alternate_name=alternate,
            summary=summary,
            description=description,
            locations=[place],
            translations=TRANSLATED.get(key),
        ).pk
    return made


@pytest.fixture(scope="module")
def case_offers(django_db_setup, django_db_blocker, request) -> Iterator[dict[str, int]]:
    with shared_data(django_db_blocker, request.node.nodeid, build_case_offers) as made:
        yield made


def case_failure(runner: EngineRunner, made: dict[str, int], case: dict[str, Any]) -> str | None:
    found = {r["id"] for r in runner.search(q=case["q"], page_size=100)["results"]}
    names = {pk: key for key, pk in made.items()}
    missing = [key for key in case["find"] if made[key] not in found]
    wrong = [key for key in case["miss"] if made[key] in found]
    if not missing and not wrong:
        return None
    return (
        f"{case['q']!r} ({case['why']}): missing {missing}, wrongly found {wrong}; "
        f"found {sorted(names.get(pk, pk) for pk in found)}"
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_query_cases(engine: str, db: Any, case_offers: dict[str, int]) -> None:
    """Every case of the table on one engine. One test per engine, not per case: the
    Elasticsearch index is built once for the whole table; every failing case is listed."""
    runner = EngineRunner(engine)
    failures = [f for case in CASES if (f := case_failure(runner, case_offers, case))]
    assert not failures, f"{len(failures)} of {len(CASES)} cases fail:\n" + "\n".join(failures)


def test_the_table_holds_enough_cases():
    assert len(CASES) >= 40
    keys = set(OFFERS)
    for case in CASES:
        assert set(case["find"]) | set(case["miss"]) <= keys, case["q"]
