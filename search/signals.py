"""What changes the offer index, hooked on Wagtail's events (never on the page's post_save:
django-modelcluster writes the child locations after post_save fires, and drafts save too).
Every handler only enqueues offer ids; search.tasks applies them after the commit (to the
database engine's entries always, to Elasticsearch when it is configured)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from offers_directory.models import (
    Language,
    OfferLocation,
    OfferPage,
    OrganizationPage,
    TaxonomyTerm,
)
from offers_directory.signals import locations_geocoded

from .tasks import enqueue


def _offers_below(page: Page) -> list[int]:
    return list(
        OfferPage.objects.filter(path__startswith=page.path, depth__gte=page.depth).values_list(
            "pk", flat=True
        )
    )


def _page_changed(page: Page, reason: str) -> None:
    page = page.specific if type(page) is Page else page
    if isinstance(page, OfferPage):
        enqueue([page.pk], reason)
    elif isinstance(page, OrganizationPage):
        enqueue(page.offers.values_list("pk", flat=True), reason)
    else:
        # A region or index page: its title or slug shows in offers' URLs and facets.
        enqueue(_offers_below(page), reason)


def on_published(sender: Any, instance: Page, **kwargs: Any) -> None:
    _page_changed(instance, "published")


def on_unpublished(sender: Any, instance: Page, **kwargs: Any) -> None:
    _page_changed(instance, "unpublished")


def on_moved(sender: Any, instance: Page, **kwargs: Any) -> None:
    enqueue(_offers_below(instance), "moved")


def on_offer_deleted(sender: Any, instance: OfferPage, **kwargs: Any) -> None:
    enqueue([instance.pk], "deleted")


def on_location_saved(sender: Any, instance: OfferLocation, **kwargs: Any) -> None:
    # Background geocoding saves coordinates outside any publish; only live offers matter.
    if instance.page_id and OfferPage.objects.filter(pk=instance.page_id, live=True).exists():
        enqueue([instance.page_id], "location")


def on_locations_geocoded(sender: Any, page_ids: list[int], **kwargs: Any) -> None:
    enqueue(page_ids, "geocoded")


def on_term_saved(sender: Any, instance: TaxonomyTerm, **kwargs: Any) -> None:
    enqueue(instance.category_offers.values_list("pk", flat=True), "taxonomy")


def on_term_deleting(sender: Any, instance: TaxonomyTerm, **kwargs: Any) -> None:
    # Collected before the delete: afterwards the links are gone.
    enqueue(list(instance.category_offers.values_list("pk", flat=True)), "taxonomy")


def on_language_changed(sender: Any, instance: Language, **kwargs: Any) -> None:
    enqueue(list(instance.offers.values_list("pk", flat=True)), "language")


def connect() -> None:
    page_published.connect(on_published, dispatch_uid="search_offer_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="search_offer_unpublished")
    post_page_move.connect(on_moved, dispatch_uid="search_offer_moved")
    post_delete.connect(on_offer_deleted, sender=OfferPage, dispatch_uid="search_offer_deleted")
    post_save.connect(on_location_saved, sender=OfferLocation, dispatch_uid="search_location")
    locations_geocoded.connect(on_locations_geocoded, dispatch_uid="search_geocoded")
    post_save.connect(on_term_saved, sender=TaxonomyTerm, dispatch_uid="search_term_saved")
    pre_delete.connect(on_term_deleting, sender=TaxonomyTerm, dispatch_uid="search_term_deleted")
    post_save.connect(on_language_changed, sender=Language, dispatch_uid="search_language")
    pre_delete.connect(on_language_changed, sender=Language, dispatch_uid="search_language_del")
