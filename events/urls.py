from django.urls import path, register_converter

from params import IdConverter

from .views import calendar_feed, event_ics

register_converter(IdConverter, "id")

urlpatterns = [
    path("termin/<id:page_id>.ics", event_ics, name="event_ics"),
    path("termine.ics", calendar_feed, name="events_calendar"),
    path("<slug:region>/termine.ics", calendar_feed, name="region_events_calendar"),
]
