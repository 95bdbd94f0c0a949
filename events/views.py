import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .ical import calendar_response
from .models import EventPage

# Subscribed calendars keep what they once received; a year of the past is plenty.
PAST_DAYS_IN_FEED = 365


def event_ics(request: HttpRequest, page_id: int) -> HttpResponse:
    """One event as an .ics file to add to a calendar."""
    event = EventPage.objects.live().public().filter(pk=page_id).first()
    if event is None:
        raise Http404(_("No such event."))
    return calendar_response([event], name=event.title, filename=f"{event.slug}.ics")


def calendar_feed(request: HttpRequest, region: str | None = None) -> HttpResponse:
    """All events of the network, or of one region, as a subscribable iCalendar feed."""
    from home.models import RegionPage

    events = EventPage.objects.live().public()
    name = _("Events – Netzwerk Frühe Hilfen")
    filename = "termine.ics"
    if region is not None:
        found = RegionPage.objects.live().public().filter(slug=region).first()
        if found is None:
            raise Http404(_("No region with this name."))
        events = events.filter(path__startswith=found.path)
        name = _("Events in %(region)s – Netzwerk Frühe Hilfen") % {"region": found.title}
        filename = f"termine-{found.slug}.ics"
    since = timezone.now() - datetime.timedelta(days=PAST_DAYS_IN_FEED)
    events = events.filter(start__gte=since).select_related("contact").order_by("start", "pk")
    return calendar_response(events, name=name, filename=filename)
