"""One outbox for every index: offers and partners queue alike (one row per object and
transaction, whatever the number of signals), survive an outage, and are applied together by
`search_index --process-queue`; the partner search falls back to the database behind the same
circuit breaker as the offer search."""

from __future__ import annotations

import io
import logging

from django.core.management import call_command
from django.db import transaction

import pytest

from home.factories import RegionPageFactory
from offers_directory.factories import HAMBURG, WINSEN, OfferIndexPageFactory, OfferPageFactory
from professionals.models import ReferralPartner
from search import client as search_client
from search.engine import reset_health
from search.models import IndexUpdate
from search.offers.index import offer_index
from search.partners import get_partner_engine, parse_partner_params, partner_index
from tests.search.conftest import build_index, query
from tests.services.elasticsearch import free_ports

pytestmark = pytest.mark.django_db


def dead_server(settings, **extra) -> None:
    """Elasticsearch configured, but nothing listens there (connections are refused)."""
    settings.SEARCH = {
        **settings.SEARCH,
        "ELASTICSEARCH_URLS": [f"http://127.0.0.1:{free_ports(1)[0]}"],
        "TIMEOUT": 2,
        "MAX_RETRIES": 0,
        **extra,
    }
    search_client.reset_client()
    reset_health()


def partner(name: str = "Familienzentrum Winsen") -> ReferralPartner:
    return ReferralPartner.objects.create(
        name=name, postal_code="21423", city="Winsen (Luhe)", latitude=53.3575, longitude=10.21
    )


@pytest.mark.embedded
def test_one_row_per_object_and_transaction(settings, django_capture_on_commit_callbacks):
    dead_server(settings, PROCESS_ON_COMMIT=False)
    parent = OfferIndexPageFactory(
        parent=RegionPageFactory(title="Landkreis Test", slug="landkreis-test")
    )
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        # Publishing saves the page and each location: three signals for one offer.
        page = OfferPageFactory(parent=parent, title="Elterncafé", locations=[WINSEN, HAMBURG])
        other = OfferPageFactory(parent=parent, title="Krabbelgruppe", locations=[WINSEN])
        helper = partner()
        helper.name = "Familienzentrum Winsen (neu)"
        helper.save()
    rows = sorted(IndexUpdate.objects.values_list("index", "object_id"))
    assert rows == sorted([("offers", page.pk), ("offers", other.pk), ("partners", helper.pk)])


@pytest.mark.embedded
def test_the_partner_search_falls_back_behind_the_circuit_breaker(settings, caplog):
    partner()
    dead_server(settings, RETRY_AFTER_SECONDS=3600)
    caplog.set_level(logging.WARNING, logger="search")
    params = parse_partner_params(query({"q": "Familienzentrum"}))
    first = get_partner_engine().search(params)
    assert first["engine"] == "database"
    assert [r["name"] for r in first["results"]] == ["Familienzentrum Winsen"]
    warnings = [r for r in caplog.records if "did not answer" in r.getMessage()]
    assert len(warnings) == 1 and "partners" in warnings[0].getMessage()
    # While the breaker is open the database answers at once: Elasticsearch is not asked.
    caplog.clear()
    assert get_partner_engine().search(params)["engine"] == "database"
    assert not [r for r in caplog.records if "did not answer" in r.getMessage()]
    # Closed again (after the quiet period, here by hand), Elasticsearch is asked again.
    reset_health()
    assert get_partner_engine().search(params)["engine"] == "database"
    assert [r for r in caplog.records if "did not answer" in r.getMessage()]


@pytest.mark.elasticsearch
def test_an_outage_keeps_offer_and_partner_updates_and_one_command_applies_both(
    settings, django_capture_on_commit_callbacks
):
    parent = OfferIndexPageFactory(
        parent=RegionPageFactory(title="Landkreis Test", slug="landkreis-test")
    )
    build_index()
    partner_index.rebuild()
    live = settings.SEARCH
    dead_server(settings)
    with django_capture_on_commit_callbacks(execute=True):
        page = OfferPageFactory(parent=parent, title="Hebammensprechstunde", locations=[WINSEN])
        helper = partner("Hebammenpraxis Winsen")
    queued = {(row.index, row.object_id): row for row in IndexUpdate.objects.all()}
    assert set(queued) == {("offers", page.pk), ("partners", helper.pk)}
    assert all(row.attempts == 1 and row.last_error for row in queued.values())

    settings.SEARCH = live
    search_client.reset_client()
    reset_health()
    out = io.StringIO()
    call_command("search_index", "--process-queue", "--all", stdout=out)
    assert "2 written" in out.getvalue()
    assert not IndexUpdate.objects.exists()
    assert page.pk in {doc["offer_id"] for doc in offer_index.all_documents()}
    assert helper.pk in {doc["partner_id"] for doc in partner_index.all_documents()}
    # The documents carry the outbox row's id as their external version.
    assert all(doc["version"] > 0 for doc in partner_index.all_documents())
