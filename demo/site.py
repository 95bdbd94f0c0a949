"""The demo site: the product's own structure (home.structure.setup_site: home page,
navigation, legal and accessibility pages), the five regional networks (created as
`create_region` creates them, with postcodes and outline for the importer), news, press
releases and events from the apps' factories."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from wagtail.models import Page, Site

from events.factories import EventPageFactory
from events.models import EventPage
from home.models import HomePage, RegionPage, SiteFooterSettings
from home.structure import create_region, setup_site
from news.factories import NewsPageFactory, PressContactFactory
from news.models import NewsPage, PressContact

from .data import site as data
from .data.regions import REGIONS

Say = Callable[[str], None]


@transaction.atomic
def load_demo_content(say: Say = lambda message: None) -> HomePage:
    """Build what is missing of the demo site on the product's own structure (setup_site);
    returns the home page."""
    home = setup_site(say=say)
    region_index = _child(home, "netzwerk")
    footer = SiteFooterSettings.for_site(Site.objects.get(root_page=home))
    footer.contact_text = footer.contact_text or data.FOOTER_CONTACT
    footer.save()

    regions = {}
    for demo in REGIONS:
        region = _child(region_index, demo.slug)
        if region is None:
            region, _created = create_region(
                demo.title,
                demo.slug,
                postcodes=list(demo.postcodes),
                area=demo.area,
                official_name=demo.official_name,
                state=demo.state,
                intro=demo.intro,
                contact_email=demo.email,
                contact_phone=demo.phone,
            )
            say(f"Created region {demo.title}.")
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
    _load_editorial(home, regions, say)
    news_index = _child(home, "aktuelles")
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


def _child(parent: Page, slug: str) -> Page | None:
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page else None


def _text(text: str) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>")]
