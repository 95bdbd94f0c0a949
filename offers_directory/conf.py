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
}


def get_setting(name: str) -> Any:
    if name not in DEFAULTS:
        raise KeyError(f"Unknown OFFERS_DIRECTORY setting {name!r}")
    return getattr(settings, "OFFERS_DIRECTORY", {}).get(name, DEFAULTS[name])
