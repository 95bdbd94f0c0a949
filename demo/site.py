"""The demo site: the home page and its navigation, the legal and accessibility pages, the five
regional networks (each set up as the admin sets up a new region, with its postcodes and
outline for the importer), news, press releases and events. Product setup comes from
home.structure and home.accessibility; the pages come from the apps' factories."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from wagtail.models import Page, Site

from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventPage
from home.accessibility import ensure_accessibility_pages
from home.factories import RegionIndexPageFactory, RegionPageFactory, StandardPageFactory
from home.models import HomePage, RegionPage, SiteFooterSettings
from home.structure import ensure_home_page, setup_network_editors, setup_region
from news.factories import NewsIndexPageFactory, NewsPageFactory, PressContactFactory
from news.models import NewsPage, PressContact
from offers_directory.models import RegionArea

from .data import site as data
from .data.regions import REGIONS

Say = Callable[[str], None]


@transaction.atomic
def load_demo_content(say: Say = lambda message: None) -> HomePage:
    """Build what is missing of the demo site; returns the home page."""
    home = HomePage.objects.first()
    if home is None:
        home = ensure_home_page(**data.HOME)
        say("Created the home page.")
    news_index = _ensure(
        home, NewsIndexPageFactory, include_all_regions=True, show_in_menus=True, **data.NEWS_INDEX
    )
    finder = _ensure(home, StandardPageFactory, show_in_menus=True, body=[], **data.FINDER_PAGE)
    _ensure(home, StandardPageFactory, show_in_menus=True, body=[], **data.PROFESSIONALS_PAGE)
    region_index = _ensure(home, RegionIndexPageFactory, show_in_menus=True, **data.REGION_INDEX)
    if home.finder_page_id is None:
        home.finder_page = finder
        home.save_revision().publish()
    legal = {
        slug: _ensure(home, StandardPageFactory, slug=slug, title=title, intro="", body=_text(text))
        for slug, title, text in data.LEGAL_PAGES
    }
    ensure_accessibility_pages(home)
    footer = SiteFooterSettings.for_site(Site.objects.get(root_page=home))
    footer.imprint_page = footer.imprint_page or legal["impressum"]
    footer.privacy_page = footer.privacy_page or legal["datenschutz"]
    footer.contact_text = footer.contact_text or data.FOOTER_CONTACT
    footer.save()

    regions = {}
    for demo in REGIONS:
        region = _child(region_index, demo.slug)
        if region is None:
            region = RegionPageFactory(
                parent=region_index,
                slug=demo.slug,
                title=demo.title,
                official_name=demo.official_name,
                state=demo.state,
                intro=demo.intro,
                contact_email=demo.email,
                contact_phone=demo.phone,
            )
            say(f"Created region {demo.title}.")
        setup_region(region)
        if not RegionArea.objects.filter(region=region).exists():
            RegionArea.objects.set_for(region, postcode_prefixes=demo.postcodes, extent=demo.area)
        regions[demo.slug] = region
        for title, date, teaser, text in data.NEWS.get(demo.slug, []):
            if not NewsPage.objects.filter(title=title).exists():
                NewsPageFactory(
                    parent=_child(region, "aktuelles"),
                    title=title,
                    date=date,
                    teaser=teaser,
                    body=_text(text),
                )
    setup_network_editors(home)
    _load_editorial(home, regions, say)
    news_url = news_index.get_url() or news_index.url_path
    say(
        f"Demo content ready: {RegionPage.objects.count()} regions, "
        f"{NewsPage.objects.count()} news items, news index at {news_url}."
    )
    return home


def _load_editorial(home: HomePage, regions: dict[str, RegionPage], say: Say) -> None:
    """Press contacts, press releases with quotes and topics, the calendars and events."""
    contacts = {}
    for slug, (name, role) in data.CONTACTS.items():
        region = regions[slug]
        contacts[slug] = PressContact.objects.filter(name=name).first() or PressContactFactory(
            name=name,
            role=role,
            organisation=region.official_name or region.title,
            phone=region.contact_phone,
            email=region.contact_email,
        )
    for slug, title, date, teaser, topics, quote, further in data.PRESS_RELEASES:
        if NewsPage.objects.filter(title=title).exists():
            continue
        text, speaker, role = quote
        NewsPageFactory(
            parent=_child(regions[slug], "aktuelles"),
            title=title,
            date=date,
            teaser=teaser,
            body=[
                ("paragraph", f"<p>{teaser}</p>"),
                ("heading", {"text": "Stimmen aus dem Netzwerk", "level": "h2"}),
                ("quote", {"text": text, "speaker": speaker, "role": role}),
                ("contact", {"contact": contacts[slug], "heading": "Pressekontakt"}),
            ],
            contact=contacts[slug],
            tags=topics,
            extra_regions=[regions[s] for s in further],
        )
        say(f"Created press release {title!r}.")

    _ensure(
        home, EventIndexPageFactory, include_all_regions=True, show_in_menus=True, **data.CALENDAR
    )
    berlin = ZoneInfo(settings.TIME_ZONE)
    for event in data.EVENTS:
        fields = dict(event)
        slug, title = fields.pop("region"), fields["title"]
        if EventPage.objects.filter(title=title).exists():
            continue
        fields["start"] = fields["start"].replace(tzinfo=berlin)
        fields["end"] = fields["end"].replace(tzinfo=berlin)
        EventPageFactory(
            parent=_child(regions[slug], "termine"),
            teaser=f"{title} – {fields['city']}.",
            registration_note="Die Teilnahme ist kostenfrei.",
            contact=contacts[slug],
            **fields,
        )
        say(f"Created event {title!r}.")


def _ensure(parent: Page, factory: Any, **fields: Any) -> Page:
    """The child with this slug, created with the factory when missing."""
    return _child(parent, fields["slug"]) or factory(parent=parent, **fields)


def _child(parent: Page, slug: str) -> Page | None:
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page else None


def _text(text: str) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>")]
