"""System checks so a misconfigured geocoder is reported at start-up, not at the first save."""

from django.core import checks

from .conf import GEOCODER_CHOICES, get_setting


@checks.register()
def check_geocoder_settings(app_configs, **kwargs) -> list[checks.CheckMessage]:
    messages: list[checks.CheckMessage] = []
    geocoder = (get_setting("GEOCODER") or "").strip().lower()
    if geocoder not in GEOCODER_CHOICES:
        messages.append(
            checks.Error(
                f"GEOCODER={geocoder!r} is not supported.",
                hint=f"Choose one of: {', '.join(GEOCODER_CHOICES)}.",
                id="offers_directory.E001",
            )
        )
    elif geocoder != "offline":
        user_agent = (get_setting("GEOCODER_USER_AGENT") or "").strip()
        if not user_agent or "set GEOCODER_USER_AGENT" in user_agent:
            messages.append(
                checks.Warning(
                    f"The {geocoder} geocoder is used without an identifying user agent.",
                    hint="Set GEOCODER_USER_AGENT to the site's name and a contact address "
                    "(required by the Nominatim usage policy).",
                    id="offers_directory.W001",
                )
            )
    return messages
