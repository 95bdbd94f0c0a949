"""Fixtures of the offer-search tests: a data set of offers, and the engines to run the same
table of cases against (the real Elasticsearch and the database)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import QueryDict

from wagtail.models import PageViewRestriction

import pytest

from home.factories import RegionPageFactory
from offers_directory.factories import (
    BUCHHOLZ,
    HAMBURG,
    HANNOVER,
    LUENEBURG,
    MUENCHEN,
    WINSEN,
    OfferIndexPageFactory,
    OfferPageFactory,
    OrganizationPageFactory,
)
from search import outbox
from search.offers import engines
from search.offers.index import offer_index
from search.offers.params import parse_search_params
from tests.shared_data import shared_fixtures

ENGINES = [
    pytest.param("database", id="database", marks=pytest.mark.embedded),
    pytest.param("elasticsearch", id="elasticsearch", marks=pytest.mark.elasticsearch),
]


YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)


def box_polygon(south: float, west: float, north: float, east: float) -> dict[str, Any]:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


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


def build_offers() -> dict[str, Any]:
    region = RegionPageFactory(title="Landkreis Test", slug="landkreis-test")
    index = OfferIndexPageFactory(parent=region)
    other_region = RegionPageFactory(title="Landkreis Fern", slug="landkreis-fern")
    other_index = OfferIndexPageFactory(parent=other_region)
    diakonie = OrganizationPageFactory(title="Diakonie Test")
    made: dict[str, Any] = {"region": region, "index": index, "provider": diakonie}
    made["hebamme"] = OfferPageFactory(
        parent=index,
        title="Familienhebammen im Landkreis",
        summary="Hebammenhilfe für Familien mit Babys.",
        description="Unsere Familienhebammen besuchen Sie zu Hause, in der Schwangerschaft "
        "und im ersten Lebensjahr.",
        locations=[WINSEN],
        categories=["hebamme"],
        languages=["de", "tr"],
        during_pregnancy=True,
        max_age_months=12,
        provider=diakonie,
        source_id="hsds-hebamme",
    )
    made["beratung"] = OfferPageFactory(
        parent=index,
        title="Schwangerschaftsberatung der Diakonie",
        summary="Beratung rund um Schwangerschaft und Geburt.",
        locations=[BUCHHOLZ],
        categories=["beratung"],
        languages=["de", "en"],
        during_pregnancy=True,
        is_free=False,
        fee_note="nach Einkommen",
        wheelchair_accessible=True,
        provider=diakonie,
    )
    made["kita"] = OfferPageFactory(
        parent=index,
        title="Kindertagesstätte Sonnenschein",
        summary="Betreuung für Kinder ab einem Jahr.",
        locations=[LUENEBURG],
        categories=["kita"],
        languages=["de"],
        min_age_months=12,
        max_age_months=72,
        wheelchair_accessible=True,
    )
    made["fuesse"] = OfferPageFactory(
        parent=index,
        title="Gesunde Füße für Ihr Kind",
        summary="Kinderturnen und Fußgymnastik.",
        locations=[HAMBURG],
        categories=["bewegung"],
        languages=["de"],
        min_age_months=24,
        max_age_months=72,
    )
    made["lotsin"] = OfferPageFactory(
        parent=index,
        title="Babylotsin in der Geburtsklinik",
        summary="Die Babylotsin begleitet Eltern nach der Geburt.",
        locations=[WINSEN],
        categories=["beratung"],
        languages=["de", "ar"],
        max_age_months=12,
    )
    made["drei"] = OfferPageFactory(
        parent=index,
        title="Elterncafé an drei Orten",
        summary="Treffpunkt für Eltern mit Kindern.",
        locations=[HAMBURG, BUCHHOLZ, WINSEN],
        categories=["treff"],
        languages=["de"],
    )
    made["polygon"] = OfferPageFactory(
        parent=index,
        title="Aufsuchende Familienbegleitung",
        summary="Wir kommen zu Ihnen nach Hause.",
        service_areas=[
            {"name": "Winsen und Umgebung", "extent": box_polygon(53.2, 10.0, 53.5, 10.4)}
        ],
        categories=["beratung"],
        languages=["de"],
    )
    made["circle"] = OfferPageFactory(
        parent=other_index,
        title="Mobile Elternberatung",
        summary="Beratung im ganzen Umkreis.",
        locations=[HANNOVER],
        service_areas=[
            {
                "name": "30 km um Lüneburg",
                "center_latitude": LUENEBURG.latitude,
                "center_longitude": LUENEBURG.longitude,
                "radius_km": 30,
            }
        ],
        categories=["beratung"],
        languages=["de"],
    )
    made["muenchen"] = OfferPageFactory(
        parent=other_index,
        title="Hebammenpraxis München",
        summary="Hebammen in München.",
        locations=[MUENCHEN],
        categories=["hebamme"],
        languages=["de"],
    )
    # Never public: a draft, an expired, an inactive and a restricted offer, and a protected
    # contact person on a public one.
    OfferPageFactory(parent=index, title="Hebamme Entwurf", locations=[WINSEN], publish=False)
    OfferPageFactory(
        parent=index, title="Hebamme abgelaufen", locations=[WINSEN], valid_to=YESTERDAY
    )
    OfferPageFactory(parent=index, title="Hebamme inaktiv", locations=[WINSEN], status="inactive")
    restricted = OfferPageFactory(parent=index, title="Hebamme geschützt", locations=[WINSEN])
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    made["contact"] = OfferPageFactory(
        parent=index,
        title="Stillberatung am Markt",
        summary="Stillberatung für Mütter.",
        locations=[WINSEN],
        categories=["beratung"],
        contacts=[{"name": "Erika Mustermann", "phone": "04171 123", "is_public": False}],
    )
    return made


shared_offers, offers = shared_fixtures(
    "offers",
    build_offers,
    doc="The shared data set (built once per module): what families search for, plus "
    "offers that must never show.",
)
