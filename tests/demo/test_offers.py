"""The demo offers of the quick start: about 150 realistic offers across the five regions,
idempotent, with everything the directory can show."""

from __future__ import annotations

import io
from collections import Counter

from django.core.management import call_command

from wagtail.models import Revision

import pytest

from demo.data.regions import REGIONS
from home.models import RegionPage
from offers_directory import geo
from offers_directory.models import (
    ContactPerson,
    GeocodeStatus,
    OfferLocation,
    OfferPage,
    OfferServiceArea,
    OfferStatus,
    OrganizationPage,
)
from offers_directory.regions import region_of

pytestmark = pytest.mark.django_db


def test_demo_offers_are_rich_idempotent_and_need_no_geocoding(client, db, demo_offers):
    # Loaded once for the session (tests/conftest.py), with the geocoder watched.
    assert "created" in demo_offers.output
    assert demo_offers.geocoded == []

    offers = OfferPage.objects.all()
    total = offers.count()
    assert total >= 140
    per_region = Counter(region_of(offer).slug for offer in offers if region_of(offer))
    assert set(per_region) == {region.slug for region in REGIONS}
    assert min(per_region.values()) >= 25
    assert OrganizationPage.objects.live().count() >= 40

    # Every location has coordinates inside its region's outline, none waits for geocoding.
    outlines = {region.slug: region.area for region in REGIONS}
    locations = OfferLocation.objects.select_related("page")
    assert locations.count() >= 140
    for location in locations:
        assert not location.needs_geocoding()
        assert location.geocode_status == GeocodeStatus.APPROXIMATE
        slug = region_of(location.page).slug
        assert geo.geometry_contains(outlines[slug], location.latitude, location.longitude), (
            location.city
        )
    multi = Counter(location.page_id for location in locations)
    assert sum(1 for count in multi.values() if count >= 3) >= 5
    assert OfferServiceArea.objects.exclude(extent=None).count() >= 5
    assert OfferServiceArea.objects.filter(radius_km__isnull=False).count() >= 5

    # The variety the directory has to cope with.
    assert ContactPerson.objects.filter(offer__isnull=False, is_public=False).count() >= 30
    assert ContactPerson.objects.filter(is_public=True).exists()
    assert offers.filter(status=OfferStatus.INACTIVE, live=False).count() == 3
    assert offers.filter(status=OfferStatus.TEMPORARILY_CLOSED, live=True).count() == 2
    assert sum(1 for offer in offers.filter(live=True) if offer.is_expired) >= 3
    assert offers.filter(is_free=False).count() >= 20
    assert offers.filter(during_pregnancy=True).count() >= 20
    codes = set(offers.values_list("languages__code", flat=True))
    assert {"de", "en", "tr", "ar", "uk", "ru", "fa"} <= codes
    categories = set(offers.values_list("categories__code", flat=True))
    for code in (
        "hebammensprechstunde",
        "familienhebamme",
        "babylotse",
        "schwangerschaftsberatung",
        "elterncafe",
        "krabbelgruppe",
        "erziehungsberatung",
        "willkommensbesuch",
        "stillberatung",
        "fruehfoerderung",
        "familienzentrum",
        "sprachkurs-kinderbetreuung",
    ):
        assert code in categories, code
    assert (
        offers.filter(title__startswith="Hebammensprechstunde Winsen").exists()
        or offers.filter(locations__city="Winsen (Luhe)").exists()
    )

    # The pages render.
    for region in RegionPage.objects.all():
        offer = offers.live().descendant_of(region).filter(locations__isnull=False).first()
        assert client.get(offer.url).status_code == 200
        assert client.get(offer.get_parent().url).status_code == 200

    # Published through Wagtail's own steps: a revision, the history, Wagtail's page search.
    offer = offers.live().filter(title__startswith="Hebammensprechstunde").first()
    assert offer.live_revision_id == offer.latest_revision_id is not None
    assert offer.get_latest_revision_as_object().locations.count() == offer.locations.count()
    assert offer.pk in [p.pk for p in OfferPage.objects.live().search("Hebammensprechstunde")]

    # Running it again changes nothing.
    revisions = Revision.objects.count()
    out = io.StringIO()
    call_command("load_demo_offers", stdout=out)
    assert f"0 created, {total} already there" in out.getvalue()
    assert OfferPage.objects.count() == total
    assert Revision.objects.count() == revisions
