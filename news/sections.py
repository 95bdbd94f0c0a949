"""A region's own sections: its news listing, its calendar and its offer directory. A region
created in the admin gets them at once, so its coordinators can start writing without
building the tree first; they are published together with the region."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from wagtail.models import Page

from publishing.page_creation import create_page


def _section_specs(region: Page) -> list[tuple[type[Page], dict[str, str]]]:
    from events.models import EventIndexPage

    from .models import NewsIndexPage

    name = region.title
    specs: list[tuple[type[Page], dict[str, Any]]] = [
        (
            NewsIndexPage,
            {
                "title": f"Aktuelles aus {name}",
                "slug": "aktuelles",
                "ui_translations": _titles(
                    f"News from {name}", f"Haberler: {name}", f"أخبار {name}", f"Новини: {name}"
                ),
            },
        ),
        (
            EventIndexPage,
            {
                "title": f"Termine in {name}",
                "slug": "termine",
                "ui_translations": _titles(
                    f"Events in {name}",
                    f"Etkinlikler: {name}",
                    f"فعاليات في {name}",
                    f"Заходи: {name}",
                ),
            },
        ),
    ]
    if apps.is_installed("offers_directory"):
        from offers_directory.models import OfferIndexPage

        specs.append(
            (
                OfferIndexPage,
                {
                    "title": "Angebote",
                    "slug": "angebote",
                    "ui_translations": _titles("Offers", "Hizmetler", "الخدمات", "Послуги"),
                },
            )
        )
    return specs


def _titles(en: str, tr: str, ar: str, uk: str) -> list[Any]:
    """The section's title in the other UI languages (home.PageTranslation rows, editable in
    the page's form)."""
    from home.translations import translation_rows

    titles = {"en": en, "tr": tr, "ar": ar, "uk": uk}
    return translation_rows({code: {"title": title} for code, title in titles.items()})


def ensure_region_sections(region: Page) -> list[Page]:
    """Create the region's missing section pages (live only if the region is live). Returns
    the pages created."""
    created: list[Page] = []
    children = region.get_children()
    for model, fields in _section_specs(region):
        if children.type(model).exists() or children.filter(slug=fields["slug"]).exists():
            continue
        page = model(**fields)
        create_page(region, page, publish=region.live)
        created.append(page)
    return created


def publish_region_sections(region: Page) -> None:
    """Publish the sections created as drafts with a draft region, once the region goes live;
    sections an editor published and unpublished since are left alone."""
    for model, _fields in _section_specs(region):
        for page in region.get_children().type(model).specific():
            if not page.live and page.first_published_at is None and page.latest_revision:
                page.latest_revision.publish()
