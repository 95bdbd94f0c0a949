"""Keeps the partners' coordinates and the partner search index up to date.

Both happen after the commit and re-read the partner by primary key: modelcluster writes a
partner's fields and working groups after post_save fires, and a rolled-back save must leave
nothing in the index. The index update goes through the search outbox (search/outbox.py: one
update per partner and transaction, written with an external version, retried by
`search_index --process-queue` when Elasticsearch is down); coordinates the geocoder stores
afterwards are a second one. Neither step can fail the editor's save."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save


def geocode_partner(partner_id: int) -> bool:
    """Coordinates for a partner's address with the configured geocoder (offline by default),
    by the offer locations' rules: a new or changed address is looked up, coordinates set by
    hand stay. Returns True when coordinates were stored."""
    from offers_directory.tasks import geocode_places

    from .models import ReferralPartner

    partner = ReferralPartner.objects.filter(pk=partner_id).first()
    if partner is None:
        return False
    return geocode_places(ReferralPartner, [partner]).geocoded > 0


def _reindex(partner_ids: list[int], reason: str) -> None:
    from search import outbox
    from search.partners import partner_index

    outbox.enqueue(partner_index, partner_ids, reason)


def _geocode(partner_id: int) -> None:
    # Coordinates are written in place (no signal): their own index update.
    if geocode_partner(partner_id):
        _reindex([partner_id], "geocoded")


def on_partner_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    partner_id = instance.pk
    _reindex([partner_id], "partner")
    transaction.on_commit(lambda: _geocode(partner_id))


def on_partner_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    _reindex([instance.pk], "deleted")


def on_related_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A renamed field of work or working group changes its members' documents."""
    members = instance.partners if hasattr(instance, "partners") else instance.members
    _reindex(list(members.values_list("pk", flat=True)), "vocabulary")


def connect() -> None:
    from .models import PartnerField, ReferralPartner, WorkingGroup

    post_save.connect(on_partner_saved, sender=ReferralPartner, dispatch_uid="partner_saved")
    post_delete.connect(on_partner_deleted, sender=ReferralPartner, dispatch_uid="partner_del")
    post_save.connect(on_related_saved, sender=PartnerField, dispatch_uid="partner_field_saved")
    post_save.connect(on_related_saved, sender=WorkingGroup, dispatch_uid="working_group_saved")
