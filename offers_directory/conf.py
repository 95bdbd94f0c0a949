"""The app's settings namespace: a project sets ``OFFERS_DIRECTORY = {...}`` and every key it
leaves out falls back to the defaults below, so the app can be installed in another Wagtail
site without copying our settings."""

from typing import Any

from django.conf import settings

GEOCODER_CHOICES = ("offline", "nominatim", "photon")

DEFAULTS: dict[str, Any] = {
    "GEOCODER": "offline",
    "GEOCODER_URL": "",
    "GEOCODER_USER_AGENT": "",
    # Nominatim's usage policy allows at most one request per second.
    "GEOCODER_MIN_DELAY_SECONDS": 1.0,
    # How long one request to Nominatim or Photon may take before it counts as a transient
    # failure (retried later).
    "GEOCODER_TIMEOUT_SECONDS": 10.0,
    # The page model whose pages are regions (an offer's region is its nearest such ancestor);
    # empty: the directory knows no regions.
    "REGION_PAGE_MODEL": "home.RegionPage",
    # Slugs of the managed taxonomies the offer form offers as categories and target groups.
    "CATEGORY_TAXONOMY": "angebotsarten",
    "TARGET_GROUP_TAXONOMY": "zielgruppen",
    # Map tiles for the admin pin widget and the offer page's map, e.g.
    # "https://tiles.example.de/{z}/{x}/{y}.png". Empty: no basemap (markers on a blank map),
    # so neither the admin nor public pages contact another host.
    "TILE_URL": "",
    "TILE_ATTRIBUTION": "",
    # Members of this group (and editors with admin access) see protected contact persons.
    "PROFESSIONALS_GROUP": "Fachkräfte",
    # Freshness (offers_directory/freshness.py): an offer not verified for REVIEW_WINDOW_DAYS
    # needs attention and ranks lower in the search; after HIDE_AFTER_DAYS it is hidden from
    # the public until it is verified again.
    "REVIEW_WINDOW_DAYS": 365,
    "HIDE_AFTER_DAYS": 730,
    # Verification requests to providers: how long the link in the mail works, and after how
    # many days without an answer `send_verification_reminders` reminds (at most
    # VERIFICATION_MAX_REMINDERS times).
    "VERIFICATION_LINK_MAX_AGE_DAYS": 30,
    "VERIFICATION_REMINDER_DAYS": 14,
    "VERIFICATION_MAX_REMINDERS": 2,
    # Background geocoding: transient failures are retried after these delays (seconds);
    # after the last one the location stays pending for `manage.py geocode_locations`.
    "GEOCODE_RETRY_DELAYS": [60, 300, 1800, 7200],
}


def get_setting(name: str) -> Any:
    if name not in DEFAULTS:
        raise KeyError(f"Unknown OFFERS_DIRECTORY setting {name!r}")
    return getattr(settings, "OFFERS_DIRECTORY", {}).get(name, DEFAULTS[name])
