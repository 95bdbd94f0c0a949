from wagtail import hooks

from .geocoding import enqueue_venue_geocoding
from .models import EventPage

# Publishing (from the admin, a workflow, a schedule or an import) is handled by the
# page_published receiver (apps.py); these hooks add draft saves made in the admin.


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def geocode_venue_after_save(request, page) -> None:
    if isinstance(page.specific, EventPage):
        enqueue_venue_geocoding(page.pk)
