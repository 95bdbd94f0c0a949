"""Two regions with their postcodes, offers and coordinators, built once per module: the
zero-result log and the coverage dashboard are per region."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from home.factories import RegionPageFactory, UserFactory
from home.models import RegionPage
from offers_directory.factories import (
    BUCHHOLZ,
    LUENEBURG,
    WINSEN,
    OfferIndexPageFactory,
    OfferPageFactory,
)
from offers_directory.models import OfferPage, RegionArea
from tests.shared_data import shared_fixtures

API = "/api/v1/offers/"
FINDER = "/angebote/"
DASHBOARD = "/admin/versorgungsluecken/"


@dataclass
class Network:
    harburg: RegionPage
    lueneburg: RegionPage
    offers: dict[str, OfferPage]
    coordinator: Any  # of Harburg
    other_coordinator: Any  # of Lüneburg


def build_network() -> Network:
    harburg = RegionPageFactory(title="Landkreis Harburg", slug="landkreis-harburg", group=True)
    lueneburg = RegionPageFactory(
        title="Landkreis Lüneburg", slug="landkreis-lueneburg", group=True
    )
    RegionArea.objects.set_for(harburg, postcode_prefixes=["212", "2137", "2142", "2143"])
    RegionArea.objects.set_for(lueneburg, postcode_prefixes=["213", "2140"])
    harburg_offers = OfferIndexPageFactory(parent=harburg)
    offers = {
        "hebammen": OfferPageFactory(
            parent=harburg_offers,
            title="Familienhebammen Buchholz",
            summary="Hebammen besuchen Familien zu Hause.",
            categories=["familienhebamme"],
            locations=[BUCHHOLZ],
        ),
        "krabbeln": OfferPageFactory(
            parent=harburg_offers,
            title="Krabbelgruppe Winsen",
            summary="Gruppe für Eltern mit Kleinkindern.",
            categories=["krabbelgruppe"],
            locations=[WINSEN],
        ),
        "cafe": OfferPageFactory(
            parent=OfferIndexPageFactory(parent=lueneburg),
            title="Elterncafé Lüneburg",
            summary="Offener Treff.",
            categories=["elterncafe"],
            locations=[LUENEBURG],
        ),
    }
    return Network(
        harburg,
        lueneburg,
        offers,
        UserFactory(username="koordination-harburg", groups=[harburg.coordinator_group]),
        UserFactory(username="koordination-lueneburg", groups=[lueneburg.coordinator_group]),
    )


shared_network, network = shared_fixtures("network", build_network)
