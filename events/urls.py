from django.urls import path

from .views import calendar_feed, event_ics

urlpatterns = [
    path("termin/<int:page_id>.ics", event_ics, name="event_ics"),
    path("termine.ics", calendar_feed, name="events_calendar"),
    path("<slug:region>/termine.ics", calendar_feed, name="region_events_calendar"),
]
