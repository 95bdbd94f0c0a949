"""Model rules of the offer directory: ages, fees, validity, languages, coordinates, GeoJSON
service areas and their point-in-area test, taxonomy structure, regions."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest

from offers_directory import geo
from offers_directory.factories import (
    OfferLocationFactory,
    OfferPageFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
)
from offers_directory.formatting import format_age_range
from offers_directory.languages import normalize_language_code
from offers_directory.models import (
    GeocodeStatus,
    Language,
    OfferLocation,
    OfferPage,
    OfferServiceArea,
    Taxonomy,
    TaxonomyTerm,
)
from offers_directory.privacy import visible_contacts
from offers_directory.regions import region_of
from tests.offers.places import FAMILIENZENTRUM, HARBURG_OUTLINE

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture(autouse=True)
def english():
    # The messages are checked in their source language; the UI shows them in German.
    with translation.override("en"):
        yield


WINSEN = (53.3575, 10.2120)
SOLTAU = (52.9860, 9.8430)  # Heidekreis, outside Harburg


def offer(**fields) -> OfferPage:
    return OfferPage(title="Krabbelgruppe", slug="krabbelgruppe", **fields)


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.clean()
    return caught.value.message_dict


def test_age_range_minimum_must_not_exceed_maximum():
    assert "max_age_months" in errors_of(offer(min_age_months=24, max_age_months=12))
    offer(min_age_months=12, max_age_months=12).clean()
    offer(min_age_months=None, max_age_months=36).clean()


def test_a_fee_needs_an_amount_or_a_note():
    message = errors_of(offer(is_free=False))["fee_amount"][0]
    assert "amount or a note" in message
    offer(is_free=False, fee_amount=Decimal("2.00")).clean()
    offer(is_free=False, fee_note="Kostenbeitrag nach Einkommen").clean()


def test_a_free_offer_has_no_fee_amount():
    assert "fee_amount" in errors_of(offer(is_free=True, fee_amount=Decimal("5")))
    offer(is_free=True, fee_note="Spenden willkommen").clean()


def test_valid_to_must_not_be_before_valid_from():
    bad = offer(valid_from=datetime.date(2026, 5, 1), valid_to=datetime.date(2026, 4, 30))
    assert "valid_to" in errors_of(bad)
    offer(valid_from=datetime.date(2026, 5, 1), valid_to=datetime.date(2026, 5, 1)).clean()


@pytest.mark.parametrize("code", ["de", "en", "tr", "ar", "uk", "ru", "fa", "ti"])
def test_iso_639_1_codes_are_accepted(code):
    Language(code=code, name="x").full_clean(validate_unique=False)


@pytest.mark.parametrize("code", ["xx", "deu", "DE", "d", "", "de-DE"])
def test_other_language_codes_are_rejected(code):
    with pytest.raises(ValidationError) as caught:
        Language(code=code, name="x").full_clean()
    assert "code" in caught.value.message_dict


def test_language_codes_are_normalised_for_imports():
    assert normalize_language_code(" DE ") == "de"
    assert normalize_language_code("de-AT") == "de"
    assert normalize_language_code("uk_UA") == "uk"
    with pytest.raises(ValidationError):
        normalize_language_code("klingon")


def test_language_for_codes_creates_missing_languages_with_a_name():
    languages = Language.for_codes(["de", "lt"])
    assert [language.code for language in languages] == ["de", "lt"]
    assert Language.objects.get(code="lt").name == "Litauisch"
    with pytest.raises(ValidationError):
        Language.for_codes(["zz"])


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [
        (91, 10, "latitude"),
        (-90.5, 10, "latitude"),
        (53, 180.1, "longitude"),
        (53, -181, "longitude"),
    ],
)
def test_location_coordinates_are_range_checked(offer_tree, latitude, longitude, field):
    page = OfferPageFactory(parent=offer_tree.offers, locations=[FAMILIENZENTRUM])
    location = page.locations.get()
    location.latitude, location.longitude = latitude, longitude
    with pytest.raises(ValidationError) as caught:
        location.full_clean()
    assert field in caught.value.message_dict


def test_a_location_needs_both_coordinates_or_neither():
    location = OfferLocation(postal_code="21423", city="Winsen (Luhe)", latitude=53.3)
    with pytest.raises(ValidationError, match="both latitude and longitude"):
        location.clean()


def test_a_location_needs_an_address_or_a_pin():
    with pytest.raises(ValidationError, match="postal code or a city"):
        OfferLocation(street="Hauptstraße 1").clean()
    OfferLocation(latitude=53.3, longitude=10.2, manual_pin=True).clean()


def test_a_hand_set_pin_is_manual_and_an_address_change_makes_geocoding_due():
    location = OfferLocationFactory.build(**FAMILIENZENTRUM)
    assert not location.needs_geocoding()
    location.street = "Bahnhofstraße 12"
    location.sync_geocode_state()
    assert location.geocode_status == GeocodeStatus.PENDING
    assert location.needs_geocoding()
    location.manual_pin = True
    location.sync_geocode_state()
    assert location.geocode_status == GeocodeStatus.MANUAL
    assert not location.needs_geocoding(force=True)


def test_failed_locations_are_only_retried_on_request():
    location = OfferLocationFactory.build(
        **FAMILIENZENTRUM, geocode_status=GeocodeStatus.FAILED, latitude=None, longitude=None
    )
    assert not location.needs_geocoding()
    assert location.needs_geocoding(retry_failed=True)


# --- service areas ---


def polygon(ring):
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"type": "Point", "coordinates": [10, 53]}, "Polygon or MultiPolygon"),
        ("not json", "not valid JSON"),
        ([1, 2], "GeoJSON object"),
        ({"type": "Polygon"}, "at least one ring"),
        (polygon([[10, 53], [10.1, 53], [10.1, 53.1]]), "at least four"),
        (polygon([[10, 53], [10.1, 53], [10.1, 53.1], [10.2, 53.2]]), "not closed"),
        (polygon([[10, 53], [200, 53], [10.1, 53.1], [10, 53]]), "out of range"),
        (polygon([[10, 53], ["x", 53], [10.1, 53.1], [10, 53]]), "pair of numbers"),
        ({"type": "Polygon", "coordinates": []}, "at least one ring"),
        ({"type": "MultiPolygon", "coordinates": []}, "at least one polygon"),
        ({"type": "FeatureCollection", "features": []}, "exactly one"),
    ],
)
def test_invalid_geojson_is_rejected_with_a_reason(value, message):
    with pytest.raises(ValidationError) as caught:
        geo.normalize_geometry(value)
    assert message in " ".join(caught.value.messages)


def test_geojson_features_are_unwrapped_to_their_geometry():
    feature = {"type": "Feature", "properties": {}, "geometry": polygon(HARBURG_OUTLINE)}
    collection = {"type": "FeatureCollection", "features": [feature]}
    assert geo.normalize_geometry(collection) == polygon(HARBURG_OUTLINE)


def test_service_area_needs_either_a_polygon_or_a_radius():
    with pytest.raises(ValidationError, match="GeoJSON area, or a centre"):
        OfferServiceArea(name="Kreis").clean()
    with pytest.raises(ValidationError, match="not both"):
        OfferServiceArea(
            name="Kreis",
            extent=polygon(HARBURG_OUTLINE),
            center_latitude=53.3,
            center_longitude=10.0,
            radius_km=10,
        ).clean()
    with pytest.raises(ValidationError) as caught:
        OfferServiceArea(name="Kreis", extent=polygon(HARBURG_OUTLINE[:3])).clean()
    assert "extent" in caught.value.message_dict
    OfferServiceArea(name="Kreis", center_latitude=53.3, center_longitude=10.0, radius_km=5).clean()


def test_polygon_service_area_covers_points_inside_only():
    area = OfferServiceArea(name="Landkreis Harburg", extent=polygon(HARBURG_OUTLINE))
    assert area.covers(*WINSEN)
    assert area.covers(53.3285, 9.8730)  # Buchholz in der Nordheide
    assert not area.covers(*SOLTAU)
    assert not area.covers(53.55, 10.0)  # Hamburg


def test_polygon_holes_and_multipolygons():
    outer = [[9.0, 53.0], [11.0, 53.0], [11.0, 54.0], [9.0, 54.0], [9.0, 53.0]]
    hole = [[9.9, 53.3], [10.5, 53.3], [10.5, 53.5], [9.9, 53.5], [9.9, 53.3]]
    donut = OfferServiceArea(name="Ring", extent={"type": "Polygon", "coordinates": [outer, hole]})
    assert donut.covers(53.8, 9.5)
    assert not donut.covers(*WINSEN)  # in the hole
    islands = OfferServiceArea(
        name="Zwei Orte",
        extent={
            "type": "MultiPolygon",
            "coordinates": [
                [[[10.1, 53.3], [10.3, 53.3], [10.3, 53.4], [10.1, 53.4], [10.1, 53.3]]],
                [[[9.8, 52.9], [9.9, 52.9], [9.9, 53.05], [9.8, 53.05], [9.8, 52.9]]],
            ],
        },
    )
    assert islands.covers(*WINSEN)
    assert islands.covers(*SOLTAU)
    assert not islands.covers(53.1, 10.0)


def test_radius_service_area_uses_great_circle_distance():
    area = OfferServiceArea(
        name="Winsen und Umgebung",
        center_latitude=WINSEN[0],
        center_longitude=WINSEN[1],
        radius_km=25,
    )
    buchholz = (53.3285, 9.8730)
    assert 22 < geo.haversine_km(*WINSEN, *buchholz) < 23.5
    assert area.covers(*buchholz)
    area.radius_km = 20
    assert not area.covers(*buchholz)
    area.radius_km = 25
    assert area.covers(53.40, 10.30)
    assert not area.covers(*SOLTAU)
    circle = area.as_geojson()["geometry"]
    geo.normalize_geometry(circle)  # a valid, closed polygon
    assert geo.geometry_contains(circle, *WINSEN)


def test_distance_of_known_places():
    # Hamburg Rathaus – Lüneburg Rathaus: about 43 km.
    assert geo.haversine_km(53.5503, 9.9925, 53.2493, 10.4113) == pytest.approx(43, abs=1)


# --- taxonomy, regions, contacts ---


def test_vocabularies_are_installed_with_stable_codes():
    categories = Taxonomy.objects.get(slug="angebotsarten")
    assert categories.terms.filter(code="hebammensprechstunde").exists()
    assert TaxonomyTerm.objects.get(code="familienhebamme").parent.code == "hebammenhilfe"
    assert TaxonomyTerm.objects.filter(
        taxonomy__slug="zielgruppen", code="alleinerziehende"
    ).exists()
    assert Language.objects.filter(code__in=["de", "en", "tr", "ar", "uk", "ru", "fa"]).count() == 7


def test_taxonomy_terms_cannot_form_cycles_or_cross_taxonomies():
    parent = TaxonomyTerm.objects.get(code="beratung")
    child = TaxonomyTerm.objects.get(code="erziehungsberatung")
    parent.parent = child
    with pytest.raises(ValidationError, match="own ancestor"):
        parent.clean()
    child.parent = TaxonomyTerm.objects.get(code="schwangere")
    with pytest.raises(ValidationError, match="same taxonomy"):
        child.clean()


def test_term_codes_are_validated():
    term = TaxonomyTerm(taxonomy=Taxonomy.objects.first(), code="mit leerzeichen", name="x")
    with pytest.raises(ValidationError) as caught:
        term.full_clean()
    assert "code" in caught.value.message_dict


def test_region_is_the_nearest_region_ancestor(offer_tree):
    page = OfferPageFactory(parent=offer_tree.offers)
    assert region_of(page).specific == offer_tree.region
    assert page.region.pk == offer_tree.region.pk
    assert region_of(offer_tree.provider) is None


def test_copying_an_offer_drops_its_source_id(offer_tree):
    page = OfferPageFactory(parent=offer_tree.offers, source_id="hsds-1")
    copy = page.copy(update_attrs={"slug": "kopie", "title": "Kopie"})
    assert copy.specific.source_id is None
    empty = OfferPageFactory(parent=offer_tree.offers, title="Ohne Quelle", source_id="")
    assert empty.source_id is None


@pytest.mark.django_db
def test_taxonomies_and_terms_without_a_source_id_store_none():
    # Two empty strings would collide on the unique column; NULLs do not.
    taxonomies = [TaxonomyFactory(slug=slug, source_id="") for slug in ("eins", "zwei")]
    terms = [TaxonomyTermFactory(taxonomy=taxonomies[0], source_id="") for _ in range(2)]
    assert [record.source_id for record in (*taxonomies, *terms)] == [None] * 4


def test_visible_contacts_filters_protected_people(offer_tree, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    page = OfferPageFactory(
        parent=offer_tree.offers,
        contacts=[{"name": "Geheim", "is_public": False}, {"name": "Offen", "is_public": True}],
    )
    assert [c.name for c in visible_contacts(page.contacts, AnonymousUser())] == ["Offen"]
    admin = django_user_model.objects.create_superuser("root", "r@x.example", "pw")
    assert {c.name for c in visible_contacts(page.contacts, admin)} == {"Geheim", "Offen"}


@pytest.mark.parametrize(
    ("minimum", "maximum", "pregnancy", "label"),
    [
        (None, None, False, "alle Altersgruppen"),
        (None, 36, True, "Schwangerschaft bis 3 Jahre"),
        (None, 12, False, "ab Geburt bis 1 Jahr"),
        (6, 24, False, "ab 6 Monaten bis 2 Jahre"),
        (None, None, True, "Schwangerschaft"),
        (12, None, False, "ab 1 Jahr"),
    ],
)
def test_age_label(minimum, maximum, pregnancy, label):
    with translation.override("de"):
        assert format_age_range(minimum, maximum, pregnancy) == label


@pytest.mark.parametrize(
    ("code", "labels"),
    [
        ("en", ["all ages", "pregnancy up to 3 years", "from 6 months up to 2 years"]),
        (
            "tr",
            [
                "tüm yaş grupları",
                "hamilelikten 3 yaşına kadar",
                "6 aylıktan itibaren 2 yaşına kadar",
            ],
        ),
        ("ar", ["جميع الفئات العمرية", "من الحمل حتى عمر 3 سنوات", "من عمر 6 أشهر حتى عمر سنتين"]),
        ("uk", ["будь-який вік", "від вагітності до 3 років", "від 6 місяців до 2 років"]),
    ],
)
def test_age_label_is_written_in_each_language_as_a_whole(code, labels):
    """Each language words the range its own way (Arabic dual, Ukrainian genitive), not
    German parts in translation."""
    with translation.override(code):
        assert [
            format_age_range(None, None, False),
            format_age_range(None, 36, True),
            format_age_range(6, 24, False),
        ] == labels
