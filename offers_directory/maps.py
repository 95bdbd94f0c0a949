"""What the site's maps (offer pages, the finder, the partner directory, the editors' pin
maps) need besides their markers: the background. Without MAP_TILE_URL that is the offline
basemap the site serves itself (offers_directory.basemap); with it, the configured tiles. A tile
server on another host learns each visitor's IP address, so such tiles load only after the
visitor agrees (README, "Map tiles")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.templatetags.static import static

from . import basemap
from .conf import get_setting
from .regions import region_page_model

if TYPE_CHECKING:
    from .models import GeocodedAddress


def tiles_are_foreign(tile_url: str, request: HttpRequest | None) -> bool:
    """True when map tiles would come from another host than the page's own."""
    if not tile_url:
        return False
    if tile_url.startswith("/") and not tile_url.startswith("//"):
        return False
    host = urlsplit(tile_url if "//" in tile_url else f"//{tile_url}").hostname or ""
    own = request.get_host().split(":")[0] if request is not None else ""
    return host.lower() != own.lower()


def region_county_keys() -> list[str]:
    """The counties of the site's published regions, whose outlines the basemap draws."""
    model = region_page_model()
    if model is None:
        return []
    names = model.objects.live().values_list("official_name", "title")
    return basemap.region_counties(official or title for official, title in names)


def tile_source() -> str | None:
    """The tile server as a Content-Security-Policy source (`https://*.tiles.example.de` for
    a URL with `{s}` subdomains), or None when there is none or it is the site itself."""
    tile_url = get_setting("TILE_URL")
    if not tile_url or (tile_url.startswith("/") and not tile_url.startswith("//")):
        return None
    parts = urlsplit((tile_url if "//" in tile_url else f"//{tile_url}").replace("{s}", "*"))
    if not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme else parts.netloc


def tile_context(request: HttpRequest | None) -> dict[str, Any]:
    """The template variables every map include reads (see js/basemap.js)."""
    tile_url = get_setting("TILE_URL")
    return {
        "tile_url": tile_url,
        "tile_attribution": get_setting("TILE_ATTRIBUTION"),
        "tiles_are_foreign": tiles_are_foreign(tile_url, request),
        **basemap_config(),
    }


def basemap_config() -> dict[str, str]:
    """Where the offline basemap starts and what it credits; empty when tiles replace it."""
    if get_setting("TILE_URL"):
        return {"basemap_index": "", "basemap_regions": "", "basemap_attribution": ""}
    return {
        "basemap_index": static(basemap.INDEX_STATIC_PATH),
        "basemap_regions": ",".join(region_county_keys()),
        "basemap_attribution": basemap.attribution(),
    }


def script_config() -> dict[str, Any]:
    """The settings js/basemap.js's NfhBasemap.background reads, as JSON keys: for the
    admin's maps, which take them from a JSON attribute instead of a map include."""
    basemap = basemap_config()
    return {
        "tileUrl": get_setting("TILE_URL"),
        "attribution": get_setting("TILE_ATTRIBUTION"),
        "basemapIndex": basemap["basemap_index"],
        "basemapRegions": basemap["basemap_regions"],
        "basemapAttribution": str(basemap["basemap_attribution"]),
    }


def map_marker(place: GeocodedAddress, name: str) -> dict[str, Any]:
    """One marker of a map's JSON data."""
    return {
        "name": name,
        "address": place.address_line,
        "lat": place.latitude,
        "lon": place.longitude,
    }
