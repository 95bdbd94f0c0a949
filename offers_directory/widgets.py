"""Admin widget: the latitude input of a location carries a small Leaflet map on which the
editor drags the pin; the script fills latitude and longitude and ticks "pin set by hand".
The background is the site's offline basemap, or the tiles of OFFERS_DIRECTORY["TILE_URL"]
when set (an administrator's choice), so the admin never contacts another host on its own."""

from __future__ import annotations

from typing import Any

from django import forms

from security.html import json_text

from .maps import script_config

# Centre of Germany, for locations without coordinates yet.
DEFAULT_CENTER = (51.1657, 10.4515)


class LocationMapWidget(forms.NumberInput):
    template_name = "offers_directory/widgets/location_map.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        attrs = {"step": "any", **(attrs or {})}
        super().__init__(attrs)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["map_config"] = json_text({**script_config(), "defaultCenter": DEFAULT_CENTER})
        return context

    class Media:
        css = {
            "all": [
                "offers_directory/vendor/leaflet/leaflet.css",
                "offers_directory/css/basemap.css",
                "offers_directory/admin/location_map.css",
            ]
        }
        js = [
            "offers_directory/vendor/leaflet/leaflet.js",
            "offers_directory/js/basemap.js",
            "offers_directory/admin/location_map.js",
        ]
