"""Factories for the printed guides: an Angebotskatalog with its filters (`categories` and
`target_groups` take codes or terms, `picks` offers)."""

from __future__ import annotations

import factory

from home.factories import Given
from offers_directory.factories import terms
from professionals.factories import ClusterFactory

from .models import CataloguePick, OfferCatalogue


class OfferCatalogueFactory(ClusterFactory):
    title = factory.Sequence(lambda n: f"Angebotskatalog {n + 1}")
    slug = ""
    intro = "Gruppen- und Einzelangebote für Kinder im Landkreis, zusammengestellt von der AG."

    class Meta:
        model = OfferCatalogue

    categories = Given(terms)
    target_groups = Given(terms)
    picks = Given(
        lambda offers: [
            CataloguePick(offer=offer, sort_order=number) for number, offer in enumerate(offers)
        ]
    )
