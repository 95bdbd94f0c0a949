"""load_demo_partners: idempotent demo data for the whole network."""

from __future__ import annotations

import io

from django.core.management import call_command

import pytest

from professionals.models import NetworkDocument, ReferralPartner, WorkingGroup

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_demo_partners_are_complete_and_idempotent(client, demo):
    out = io.StringIO()
    call_command("load_demo_partners", stdout=out)
    count = ReferralPartner.objects.count()
    assert count >= 25  # five institutions without offers per demo region at least
    assert {g.name for g in WorkingGroup.objects.all()} == {"AG Nord", "AG Süd"}
    assert all(g.meetings.count() == 3 for g in WorkingGroup.objects.all())
    agreement = NetworkDocument.objects.get(slug="kooperationsvereinbarung")
    assert [v.version for v in agreement.ordered_versions()] == ["2.0", "1.0"]
    assert ReferralPartner.objects.filter(contacts__isnull=False).distinct().count() == count
    assert ReferralPartner.objects.filter(latitude__isnull=True).count() == 0
    call_command("load_demo_partners", stdout=io.StringIO())
    assert ReferralPartner.objects.count() == count
    assert client.login(username="fachkraft", password="Fruehe-Hilfen-2026")
    html = client.get("/fachkraefte/", {"field": "justiz"}).content.decode()
    assert "Familiengericht am Amtsgericht" in html
