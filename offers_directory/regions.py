"""Which pages are regions. The project names its region page model in
OFFERS_DIRECTORY["REGION_PAGE_MODEL"]; it is looked up by label so the app never imports the
project's own apps."""

from __future__ import annotations

from django.apps import apps

from wagtail.models import Page

from .conf import get_setting


def region_page_model() -> type[Page] | None:
    """The page model that marks regions, if installed."""
    label = get_setting("REGION_PAGE_MODEL")
    if not label:
        return None
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def region_of(page: Page) -> Page | None:
    """The nearest ancestor region page of a page (itself included), or None."""
    model = region_page_model()
    if model is None or page.pk is None:
        return None
    return model.objects.ancestor_of(page, inclusive=True).order_by("-depth").first()
