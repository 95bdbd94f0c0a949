"""Publishing an offer, however it happens (admin, workflow, scheduled publishing, import,
demo loader), schedules geocoding of its locations after the transaction commits; the
background geocoding announces the coordinates it stored (`locations_geocoded`)."""

from __future__ import annotations

import copy
from typing import Any

from django.dispatch import Signal, receiver

from wagtail.signals import page_published

from .tasks import enqueue_geocoding

# Sent by background geocoding after it wrote coordinates onto the location rows of live
# offers (keyword argument: page_ids).
locations_geocoded = Signal()
# Sent when offers' review date changed outside a publish (freshness.mark_reviewed; keyword
# argument: page_ids): their rank and public visibility depend on it.
offers_reviewed = Signal()


@receiver(page_published, dispatch_uid="offers_directory_geocode_on_publish")
def geocode_on_publish(sender: Any, instance: Any, **kwargs: Any) -> None:
    from .models import OfferPage

    if isinstance(instance, OfferPage) and any(_due(loc) for loc in instance.locations.all()):
        enqueue_geocoding(instance.pk)


def _due(location: Any) -> bool:
    # The task's own test, on a copy: the published instance stays as the publisher left it.
    probe = copy.copy(location)
    probe.sync_geocode_state()
    return probe.needs_geocoding()
