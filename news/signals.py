"""A region published by any route (admin, workflow, scheduled go-live) publishes the sections
created for it as drafts (sections.py)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from wagtail.signals import page_published


@receiver(page_published, dispatch_uid="news_publish_region_sections")
def publish_sections_with_region(sender: Any, instance: Any, **kwargs: Any) -> None:
    from home.models import RegionPage

    from .sections import publish_region_sections

    if isinstance(instance, RegionPage):
        publish_region_sections(instance)
