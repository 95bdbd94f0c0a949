"""What changes the offer index, hooked on Wagtail's events (never on the page's post_save:
django-modelcluster writes the child locations after post_save fires, and drafts save too).
Every handler only enqueues offer ids (search/outbox.py: the database engine's entries in the
same transaction, Elasticsearch after the commit)."""

from __future__ import annotations

from collections.abc import Iterable
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
from offers_directory.signals import locations_geocoded, offers_reviewed

from .. import outbox
from .index import offer_index


def enqueue(offer_ids: Iterable[int], reason: str = "") -> None:
    outbox.enqueue(offer_index, offer_ids, reason)


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


def on_offers_reviewed(sender: Any, page_ids: list[int], **kwargs: Any) -> None:
    enqueue(page_ids, "reviewed")


def on_term_saved(sender: Any, instance: TaxonomyTerm, **kwargs: Any) -> None:
    enqueue(instance.category_offers.values_list("pk", flat=True), "taxonomy")


def on_language_saved(sender: Any, instance: Language, **kwargs: Any) -> None:
    enqueue(instance.offers.values_list("pk", flat=True), "language")


_AFFECTED = "_search_offer_ids"


def on_vocabulary_deleting(sender: Any, instance: TaxonomyTerm | Language, **kwargs: Any) -> None:
    # Collected before the delete (afterwards the links are gone), queued after it (so the
    # offers' documents are built without the deleted term).
    offers = instance.category_offers if isinstance(instance, TaxonomyTerm) else instance.offers
    setattr(instance, _AFFECTED, list(offers.values_list("pk", flat=True)))


def on_vocabulary_deleted(sender: Any, instance: TaxonomyTerm | Language, **kwargs: Any) -> None:
    enqueue(getattr(instance, _AFFECTED, ()), sender._meta.model_name)


def connect() -> None:
    page_published.connect(on_published, dispatch_uid="search_offer_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="search_offer_unpublished")
    post_page_move.connect(on_moved, dispatch_uid="search_offer_moved")
    post_delete.connect(on_offer_deleted, sender=OfferPage, dispatch_uid="search_offer_deleted")
    post_save.connect(on_location_saved, sender=OfferLocation, dispatch_uid="search_location")
    locations_geocoded.connect(on_locations_geocoded, dispatch_uid="search_geocoded")
    offers_reviewed.connect(on_offers_reviewed, dispatch_uid="search_reviewed")
    post_save.connect(on_term_saved, sender=TaxonomyTerm, dispatch_uid="search_term_saved")
    post_save.connect(on_language_saved, sender=Language, dispatch_uid="search_language")
    for model in (TaxonomyTerm, Language):
        uid = f"search_{model._meta.model_name}"
        pre_delete.connect(on_vocabulary_deleting, sender=model, dispatch_uid=f"{uid}_deleting")
        post_delete.connect(on_vocabulary_deleted, sender=model, dispatch_uid=f"{uid}_deleted")
