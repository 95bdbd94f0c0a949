"""Factories for the printed guides: an Angebotskatalog with its filters (`categories` and
`target_groups` take codes or terms, `picks` offers)."""

from __future__ import annotations

from typing import Any

import factory

from offers_directory.factories import terms
from professionals.factories import ClusterFactory

from .models import CataloguePick, OfferCatalogue


class OfferCatalogueFactory(ClusterFactory):
    title = factory.Sequence(lambda n: f"Angebotskatalog {n + 1}")
    slug = ""
    intro = "Gruppen- und Einzelangebote für Kinder im Landkreis, zusammengestellt von der AG."

    class Meta:
        model = OfferCatalogue

    @factory.post_generation
    def categories(catalogue: OfferCatalogue, create: bool, extracted: Any, **kwargs: Any) -> None:
        if extracted:
            catalogue.categories = terms(extracted)

    @factory.post_generation
    def target_groups(
        catalogue: OfferCatalogue, create: bool, extracted: Any, **kwargs: Any
    ) -> None:
        if extracted:
            catalogue.target_groups = terms(extracted)

    @factory.post_generation
    def picks(catalogue: OfferCatalogue, create: bool, extracted: Any, **kwargs: Any) -> None:
        if extracted:
            catalogue.picks = [
                CataloguePick(offer=offer, sort_order=number)
                for number, offer in enumerate(extracted)
            ]
