"""The offer directory's data migrations, run on rows as older releases left them."""

from __future__ import annotations

import importlib

from django.apps import apps

import pytest

from offers_directory.factories import OfferPageFactory
from offers_directory.models import ContactPerson, OfferLocation

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

numbering = importlib.import_module("offers_directory.migrations.0002_number_unordered_children")


def test_unnumbered_child_objects_are_numbered_numbered_ones_first(offer_tree):
    streets = ["Kirchweg 3", "Am Markt 1", "Bahnhofstraße 9"]
    unnumbered = OfferPageFactory(
        parent=offer_tree.offers,
        locations=[{"street": street} for street in streets],
        contacts=[{"name": "Anna Arndt"}, {"name": "Mia Berg"}],
    )
    mixed = OfferPageFactory(
        parent=offer_tree.offers, locations=[{"street": street} for street in streets]
    )
    numbered = OfferPageFactory(
        parent=offer_tree.offers, locations=[{"street": street} for street in streets]
    )
    # As the importer's batch path used to write them: no numbers at all …
    OfferLocation.objects.filter(page=unnumbered).update(sort_order=None)
    ContactPerson.objects.filter(offer=unnumbered).update(sort_order=None)
    # … or an editor's number on one of them, the others added by an import since.
    mixed_rows = list(OfferLocation.objects.filter(page=mixed).order_by("pk"))
    OfferLocation.objects.filter(pk__in=[row.pk for row in mixed_rows[:2]]).update(sort_order=None)
    OfferLocation.objects.filter(pk=mixed_rows[2].pk).update(sort_order=7)
    OfferLocation.objects.filter(page=numbered).update(sort_order=10)  # not touched

    numbering.number_unordered_children(apps, None)

    def stored(page, model=OfferLocation, parent="page", field="street"):
        rows = model.objects.filter(**{parent: page}).order_by("sort_order", "pk")
        return [(row.sort_order, getattr(row, field)) for row in rows]

    assert stored(unnumbered) == list(enumerate(streets))
    assert stored(unnumbered, ContactPerson, "offer", "name") == [
        (0, "Anna Arndt"),
        (1, "Mia Berg"),
    ]
    assert stored(mixed) == [(0, streets[2]), (1, streets[0]), (2, streets[1])]
    assert stored(numbered) == [(10, street) for street in streets]
