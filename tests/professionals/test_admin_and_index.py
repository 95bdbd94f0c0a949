"""Coordinators edit partners in the Wagtail admin; saves geocode missing coordinates and
keep the partner index current after commit (never failing the save)."""

from __future__ import annotations

import re

from django.core.management import CommandError

import pytest

from professionals.factories import ReferralPartnerFactory
from professionals.models import ReferralPartner
from search import partners as partner_search
from search.client import get_client
from tests.commands import command_output


@pytest.mark.django_db
def test_admin_lists_and_edits_partners(client, network, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "a@example.org", "pw-123456")
    client.force_login(admin)
    partner = network.partners["familienzentrum"]
    listing = client.get("/admin/snippets/professionals/referralpartner/")
    assert listing.status_code == 200 and "Familienzentrum Winsen" in listing.content.decode()
    edit = client.get(f"/admin/snippets/professionals/referralpartner/edit/{partner.pk}/")
    assert edit.status_code == 200
    for path in ("workinggroup", "networkdocument", "partnerfield"):
        assert client.get(f"/admin/snippets/professionals/{path}/").status_code == 200
    # The professionals' group is managed with Wagtail's group admin.
    groups = client.get("/admin/groups/").content.decode()
    assert "Fachkräfte" in groups


@pytest.mark.django_db
def test_save_geocodes_a_partner_without_coordinates(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        partner = ReferralPartner.objects.create(
            name="Jugendamt Winsen", postal_code="21423", city="Winsen (Luhe)"
        )
    partner.refresh_from_db()
    assert partner.latitude == pytest.approx(53.36, abs=0.1)
    assert partner.longitude == pytest.approx(10.21, abs=0.1)


@pytest.mark.django_db
@pytest.mark.elasticsearch
def test_saves_and_deletes_reach_the_partner_index(network, django_capture_on_commit_callbacks):
    partner_search.rebuild()
    partner = network.partners["hebammen"]
    partner.name = "Hebammenpraxis Buchholz Nordheide"
    with django_capture_on_commit_callbacks(execute=True):
        partner.save()
    get_client().indices.refresh(index=partner_search.alias_name())
    names = {doc["name"] for doc in partner_search.all_documents()}
    assert "Hebammenpraxis Buchholz Nordheide" in names
    with django_capture_on_commit_callbacks(execute=True):
        partner.delete()
    get_client().indices.refresh(index=partner_search.alias_name())
    names = {doc["name"] for doc in partner_search.all_documents()}
    assert "Hebammenpraxis Buchholz Nordheide" not in names
    # Hidden partners leave the index too.
    hidden = network.partners["gericht"]
    hidden.live = False
    with django_capture_on_commit_callbacks(execute=True):
        hidden.save()
    get_client().indices.refresh(index=partner_search.alias_name())
    assert hidden.name not in {doc["name"] for doc in partner_search.all_documents()}


@pytest.mark.django_db
@pytest.mark.elasticsearch
def test_search_falls_back_to_the_database_without_an_index(network, settings):
    """No partner index yet (or Elasticsearch gone): the database answers."""
    params = partner_search.parse_partner_params(_q(field="justiz"))
    answer = partner_search.get_partner_engine().search(params)
    assert answer["engine"] == "database"
    assert [r["name"] for r in answer["results"]] == ["Familiengericht Lüneburg"]


def _q(**params):
    from tests.search.conftest import query

    return query(params)


@pytest.mark.django_db
@pytest.mark.elasticsearch
def test_search_partners_rebuild_indexes_every_shown_partner_behind_the_alias(network):
    ReferralPartnerFactory(name="Beratungsstelle im Aufbau", live=False)
    output = command_output("search_partners", "--rebuild")
    found = re.fullmatch(r"Indexed (\d+) partners into (\S+)\.\n", output)
    assert found, output
    shown = {p.name for p in ReferralPartner.objects.filter(live=True)}
    assert shown and "Beratungsstelle im Aufbau" not in shown
    assert int(found.group(1)) == len(shown)
    assert set(get_client().indices.get_alias(name=partner_search.alias_name())) == {found.group(2)}
    assert {doc["name"] for doc in partner_search.all_documents()} == shown


@pytest.mark.django_db
def test_search_partners_without_elasticsearch_says_so(settings):
    settings.SEARCH = {**settings.SEARCH, "ELASTICSEARCH_URLS": []}
    with pytest.raises(CommandError, match="ELASTICSEARCH_URL is not set"):
        command_output("search_partners", "--rebuild")
