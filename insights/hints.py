"""Coordinators' answers to unmet searches: "these words are answered by offer X".

The offer search reads them through its hook (SEARCH["OFFER_HINTS"] = hint_words) and
indexes the words with the offer, in both engines; saving or removing one re-indexes the
offer through the outbox, inside the coordinator's transaction."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from offers_directory.models import OfferPage
from search.offers.signals import enqueue

from .models import SearchHint


def hint_words() -> dict[int, str]:
    """Offer id → all words its hints name (the search's hook)."""
    words: dict[int, list[str]] = defaultdict(list)
    for offer_id, text in SearchHint.objects.order_by("pk").values_list("offer_id", "words"):
        words[offer_id].append(text)
    return {offer_id: " ".join(texts) for offer_id, texts in words.items()}


@transaction.atomic
def answer(offer: OfferPage, words: str) -> SearchHint:
    hint, _created = SearchHint.objects.get_or_create(offer=offer, words=words)
    enqueue([offer.pk], "search hint")
    return hint


@transaction.atomic
def withdraw(hint: SearchHint) -> None:
    offer_id = hint.offer_id
    hint.delete()
    enqueue([offer_id], "search hint")
