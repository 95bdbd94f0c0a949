"""Publishing an offer, however it happens (admin, workflow, scheduled publishing, import,
demo loader), schedules geocoding of its locations after the transaction commits."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from wagtail.signals import page_published

from .tasks import enqueue_geocoding


@receiver(page_published, dispatch_uid="offers_directory_geocode_on_publish")
def geocode_on_publish(sender: Any, instance: Any, **kwargs: Any) -> None:
    from .models import OfferPage

    if isinstance(instance, OfferPage):
        enqueue_geocoding(instance.pk)
