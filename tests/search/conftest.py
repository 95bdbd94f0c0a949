"""Fixtures of the offer-search tests: a data set of offers, and the engines to run the same
table of cases against (the real Elasticsearch and the database)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import QueryDict

import pytest

from search import outbox
from search.offers import engines
from search.offers.index import offer_index
from search.offers.params import parse_search_params
from tests.search import factories as f

ENGINES = [
    pytest.param("database", id="database", marks=pytest.mark.embedded),
    pytest.param("elasticsearch", id="elasticsearch", marks=pytest.mark.elasticsearch),
]


def build_index() -> str:
    """A fresh index from the database, behind the alias."""
    name, _count, errors = offer_index.rebuild(
        offer_index.documents(), offer_index.count(), outbox.current_version()
    )
    assert not errors
    return name


def query(params: dict[str, Any]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in params.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            data.appendlist(key, str(item))
    return data


class EngineRunner:
    """Runs validated parameters through one engine (building the index on first use, after
    the test's data exists)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.built = False

    @property
    def engine(self) -> engines.OfferEngine:
        if self.kind == "database":
            return engines.DatabaseEngine()
        if not self.built:
            build_index()
            self.built = True
        return engines.ElasticsearchEngine()

    def search(self, **params: Any) -> dict[str, Any]:
        return self.engine.search(parse_search_params(query(params)))

    def map(self, **params: Any) -> dict[str, Any]:
        return self.engine.map(parse_search_params(query(params), for_map=True))

    def suggest(self, q: str) -> list[dict[str, Any]]:
        return self.engine.suggest(q)

    def titles(self, **params: Any) -> list[str]:
        return [r["title"] for r in self.search(**params)["results"]]


@pytest.fixture(params=ENGINES)
def run(request: pytest.FixtureRequest, db: Any) -> EngineRunner:
    return EngineRunner(request.param)


@pytest.fixture
def offers(db: Any) -> dict[str, Any]:
    """The shared data set: what families search for, plus offers that must never show."""
    region = f.region()
    index = f.offer_index(region)
    other_region = f.region("landkreis-fern", "Landkreis Fern")
    other_index = f.offer_index(other_region)
    diakonie = f.provider("Diakonie Test")
    made: dict[str, Any] = {"region": region, "index": index, "provider": diakonie}
    add: Callable[..., Any] = f.offer
    made["hebamme"] = add(
        index,
        "Familienhebammen im Landkreis",
        summary="Hebammenhilfe für Familien mit Babys.",
        description="Unsere Familienhebammen besuchen Sie zu Hause, in der Schwangerschaft "
        "und im ersten Lebensjahr.",
        locations=[f.WINSEN],
        categories=["hebamme"],
        languages=["de", "tr"],
        during_pregnancy=True,
        max_age_months=12,
        provider=diakonie,
        source_id="hsds-hebamme",
    )
    made["beratung"] = add(
        index,
        "Schwangerschaftsberatung der Diakonie",
        summary="Beratung rund um Schwangerschaft und Geburt.",
        locations=[f.BUCHHOLZ],
        categories=["beratung"],
        languages=["de", "en"],
        during_pregnancy=True,
        is_free=False,
        fee_note="nach Einkommen",
        wheelchair_accessible=True,
        provider=diakonie,
    )
    made["kita"] = add(
        index,
        "Kindertagesstätte Sonnenschein",
        summary="Betreuung für Kinder ab einem Jahr.",
        locations=[f.LUENEBURG],
        categories=["kita"],
        languages=["de"],
        min_age_months=12,
        max_age_months=72,
        wheelchair_accessible=True,
    )
    made["fuesse"] = add(
        index,
        "Gesunde Füße für Ihr Kind",
        summary="Kinderturnen und Fußgymnastik.",
        locations=[f.HAMBURG],
        categories=["bewegung"],
        languages=["de"],
        min_age_months=24,
        max_age_months=72,
    )
    made["lotsin"] = add(
        index,
        "Babylotsin in der Geburtsklinik",
        summary="Die Babylotsin begleitet Eltern nach der Geburt.",
        locations=[f.WINSEN],
        categories=["beratung"],
        languages=["de", "ar"],
        max_age_months=12,
    )
    made["drei"] = add(
        index,
        "Elterncafé an drei Orten",
        summary="Treffpunkt für Eltern mit Kindern.",
        locations=[f.HAMBURG, f.BUCHHOLZ, f.WINSEN],
        categories=["treff"],
        languages=["de"],
    )
    made["polygon"] = add(
        index,
        "Aufsuchende Familienbegleitung",
        summary="Wir kommen zu Ihnen nach Hause.",
        areas=[{"name": "Winsen und Umgebung", "extent": f.box_polygon(53.2, 10.0, 53.5, 10.4)}],
        categories=["beratung"],
        languages=["de"],
    )
    made["circle"] = add(
        other_index,
        "Mobile Elternberatung",
        summary="Beratung im ganzen Umkreis.",
        locations=[f.HANNOVER],
        areas=[
            {
                "name": "30 km um Lüneburg",
                "center_latitude": f.LUENEBURG[0],
                "center_longitude": f.LUENEBURG[1],
                "radius_km": 30,
            }
        ],
        categories=["beratung"],
        languages=["de"],
    )
    made["muenchen"] = add(
        other_index,
        "Hebammenpraxis München",
        summary="Hebammen in München.",
        locations=[f.MUENCHEN],
        categories=["hebamme"],
        languages=["de"],
    )
    # Never public: a draft, an expired, an inactive and a restricted offer, and a protected
    # contact person on a public one.
    add(index, "Hebamme Entwurf", locations=[f.WINSEN], publish=False)
    add(index, "Hebamme abgelaufen", locations=[f.WINSEN], valid_to=f.yesterday())
    add(index, "Hebamme inaktiv", locations=[f.WINSEN], status="inactive")
    restricted = add(index, "Hebamme geschützt", locations=[f.WINSEN])
    f.restrict(restricted)
    made["contact"] = add(
        index,
        "Stillberatung am Markt",
        summary="Stillberatung für Mütter.",
        locations=[f.WINSEN],
        categories=["beratung"],
        contacts=[{"name": "Erika Mustermann", "phone": "04171 123", "is_public": False}],
    )
    return made
