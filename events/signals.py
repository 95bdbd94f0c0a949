"""Publishing an event, however it happens, schedules geocoding of its venue after the
transaction commits."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from wagtail.signals import page_published

from .geocoding import enqueue_venue_geocoding


@receiver(page_published, dispatch_uid="events_geocode_venue_on_publish")
def geocode_venue_on_publish(sender: Any, instance: Any, **kwargs: Any) -> None:
    from .models import EventPage

    if isinstance(instance, EventPage):
        enqueue_venue_geocoding(instance.pk)
