"""Fixtures of the offer-search tests: a data set of offers, and the engines to run the same
table of cases against (the real Elasticsearch and the database)."""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path
from typing import Any

from django.http import QueryDict

from wagtail.models import PageViewRestriction

import pytest

from home.factories import RegionPageFactory
from offers_directory import factories
from offers_directory.factories import (
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
# What families search for (key → OfferPageFactory fields; the file says how they are written).
OFFERS: dict[str, dict[str, Any]] = tomllib.loads(
    (Path(__file__).parent / "offers.toml").read_text("utf-8")
)


def box_polygon(south: float, west: float, north: float, east: float) -> dict[str, Any]:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


# Service areas (OfferPageFactory's `service_areas`): a circle around Winsen, a county box.
WINSEN_CIRCLE = {
    "name": "Umkreis",
    "center_latitude": WINSEN.latitude,
    "center_longitude": WINSEN.longitude,
    "radius_km": 8,
}
COUNTY_BOX = {"name": "Kreisgebiet", "extent": box_polygon(53.1, 9.9, 53.4, 10.3)}


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


def _service_area(area: dict[str, Any]) -> dict[str, Any]:
    if "box" in area:
        return {"name": area["name"], "extent": box_polygon(*area["box"])}
    centre = getattr(factories, area["centre"])
    return {
        "name": area["name"],
        "center_latitude": centre.latitude,
        "center_longitude": centre.longitude,
        "radius_km": area["radius_km"],
    }


def build_offers() -> dict[str, Any]:
    region = RegionPageFactory(title="Landkreis Test", slug="landkreis-test")
    index = OfferIndexPageFactory(parent=region)
    other_region = RegionPageFactory(title="Landkreis Fern", slug="landkreis-fern")
    other_index = OfferIndexPageFactory(parent=other_region)
    diakonie = OrganizationPageFactory(title="Diakonie Test")
    made: dict[str, Any] = {"region": region, "index": index, "provider": diakonie}

    def offer(key: str) -> Any:
        fields = dict(OFFERS[key])
        parent = other_index if fields.pop("index", "") == "other" else index
        if fields.pop("provider", False):
            fields["provider"] = diakonie
        if "places" in fields:
            fields["locations"] = [getattr(factories, place) for place in fields.pop("places")]
        if "service_areas" in fields:
            fields["service_areas"] = [_service_area(area) for area in fields["service_areas"]]
        return OfferPageFactory(parent=parent, **fields)

    made.update({key: offer(key) for key in OFFERS if key != "contact"})
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
    made["contact"] = offer("contact")
    return made


shared_offers, offers = shared_fixtures(
    "offers",
    build_offers,
    doc="The shared data set (built once per module): what families search for, plus "
    "offers that must never show.",
)
