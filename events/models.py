"""Events of the networks: Netzwerktage, Fachtage, working-group meetings, courses for
parents. An event belongs to the region it is filed under, like a news item."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.fields import optional_link
from news.blocks import NewsBodyBlock
from news.models import PressContact, RegionListingPage, region_of
from offers_directory.models import GeocodedAddress
from offers_directory.models.addresses import address_panels, coordinate_panels
from offers_directory.structured_data import postal_address
from params import paginate

PAST = "past"


def upcoming_q(now: datetime.datetime | None = None) -> models.Q:
    """Events that have not ended yet; one without an end counts until the end of its day."""
    now = now or timezone.now()
    start_of_today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return models.Q(end__gte=now) | models.Q(end__isnull=True, start__gte=start_of_today)


class EventIndexPage(RegionListingPage):
    """A calendar listing: upcoming events first, past events on request (`?when=past`).
    The network-wide one lists all regions' events and filters by `?region=<slug>`."""

    include_all_regions = models.BooleanField(
        _("show events of all regions"),
        default=False,
        help_text=_("On for the network-wide calendar; off for a region's own calendar."),
    )

    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("event index page")
        verbose_name_plural = _("event index pages")

    def events(self) -> models.QuerySet:
        items = EventPage.objects.live().public()
        if not self.include_all_regions:
            items = items.descendant_of(self)
        return items

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = self.events()
        regions = self.listed_regions()
        region = next((r for r in regions if r.slug == request.GET.get("region", "")), None)
        if region is not None:
            items = items.filter(path__startswith=region.path)
        past = request.GET.get("when") == PAST
        if past:
            items = items.exclude(upcoming_q()).order_by("-start", "-pk")
        else:
            items = items.filter(upcoming_q()).order_by("start", "pk")
        context.update(
            {
                "events_page": paginate(request.GET, items, self.page_size),
                "showing_past": past,
                "regions": regions,
                "active_region": region,
                "region": self.get_region(),
            }
        )
        return context


class EventPage(GeocodedAddress, Page):
    """One event with its time, place, audience and how to register."""

    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    teaser = models.TextField(_("teaser"), blank=True, max_length=500)
    image = optional_link("wagtailimages.Image", _("image"))
    body = StreamField(NewsBodyBlock(), verbose_name=_("description"), blank=True)

    venue_name = models.CharField(_("venue"), max_length=200, blank=True)

    audience = models.CharField(
        _("audience"),
        max_length=200,
        blank=True,
        help_text=_("e.g. professionals in early childhood support, parents, everyone"),
    )
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    registration_note = models.CharField(
        _("registration note"),
        max_length=300,
        blank=True,
        help_text=_("e.g. registration by email to …, free of charge"),
    )
    contact = optional_link(PressContact, _("contact person"))

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading=_("Date and time")),
        FieldPanel("teaser"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                *address_panels(),
                *coordinate_panels(),
            ],
            heading=_("Venue"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("organiser"),
                FieldPanel("registration_url"),
                FieldPanel("registration_deadline"),
                FieldPanel("registration_note"),
                FieldPanel("contact"),
            ],
            heading=_("Audience and registration"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("teaser", boost=2),
        index.SearchField("body"),
        index.SearchField("venue_name"),
        index.SearchField("city"),
        index.SearchField("audience"),
        index.SearchField("organiser"),
        index.FilterField("start"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The event cannot end before it starts.")
        if (
            self.start
            and self.registration_deadline
            and self.registration_deadline > timezone.localtime(self.start).date()
        ):
            errors["registration_deadline"] = _(
                "The registration deadline must not be after the event's start."
            )
        if errors:
            raise ValidationError(errors)

    def get_region(self):
        return region_of(self)

    @property
    def is_past(self) -> bool:
        return not EventPage.objects.filter(pk=self.pk).filter(upcoming_q()).exists()

    @property
    def registration_open(self) -> bool:
        if self.registration_deadline is None:
            return True
        return timezone.localdate() <= self.registration_deadline

    def address_lines(self) -> list[str]:
        locality = " ".join(part for part in (self.postal_code, self.city) if part)
        return [line for line in (self.venue_name, self.street, locality) if line]

    def location_text(self) -> str:
        return ", ".join(self.address_lines())

    def ics_url(self) -> str:
        return reverse("event_ics", args=[self.pk])

    def structured_data(self, request: HttpRequest | None = None) -> dict[str, Any]:
        """schema.org Event."""
        url = self.get_full_url(request)
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "startDate": timezone.localtime(self.start).isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "inLanguage": "de",
            "url": url,
        }
        if self.end:
            data["endDate"] = timezone.localtime(self.end).isoformat()
        if self.teaser or self.search_description:
            data["description"] = self.search_description or self.teaser
        place: dict[str, Any] = {"@type": "Place", "name": self.venue_name or self.city}
        address = postal_address(self.street, self.postal_code, self.city, self.country)
        place["address"] = {k: v for k, v in address.items() if v}
        if self.has_coordinates:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": self.latitude,
                "longitude": self.longitude,
            }
        if self.venue_name or self.city or self.street:
            data["location"] = place
        region = self.get_region()
        organiser = self.organiser or (
            f"{settings.WAGTAIL_SITE_NAME} {region.title}" if region else ""
        )
        if organiser:
            data["organizer"] = {"@type": "Organization", "name": organiser}
        if self.audience:
            data["audience"] = {"@type": "Audience", "audienceType": self.audience}
        if self.registration_url:
            offer: dict[str, Any] = {"@type": "Offer", "url": self.registration_url}
            if self.registration_deadline:
                offer["validThrough"] = self.registration_deadline.isoformat()
            data["offers"] = offer
        if self.image is not None and request is not None:
            rendition = self.image.get_rendition("fill-1200x630")
            data["image"] = [request.build_absolute_uri(rendition.url)]
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["region"] = self.get_region()
        return context
