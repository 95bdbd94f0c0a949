"""Which region a place lies in, and which postcodes make up a region: the importer's rule
(offers_directory/importers/writer.py) for a point instead of an offer — the region whose
outline (RegionArea.extent) contains it, else the one with the longest postcode prefix
matching its postcode."""

from __future__ import annotations

from dataclasses import dataclass

from home.models import RegionPage
from offers_directory import geo
from offers_directory.geocoding.gazetteer import get_gazetteer
from offers_directory.importers.writer import postcode_prefix_overrides
from offers_directory.models import RegionArea


@dataclass
class RegionMap:
    """Every region's outline and postcode prefixes, read once."""

    areas: list[RegionArea]
    routes: list[tuple[str, RegionPage]]  # (prefix, region), longest prefix first

    @classmethod
    def load(cls) -> RegionMap:
        regions = {region.pk: region for region in RegionPage.objects.order_by("path")}
        areas = list(RegionArea.objects.filter(region_id__in=list(regions)))
        prefixes: dict[int, list[str]] = {area.region_id: area.prefix_list for area in areas}
        by_slug = {region.slug: region for region in regions.values()}
        for slug, values in postcode_prefix_overrides().items():
            if slug in by_slug:
                prefixes[by_slug[slug].pk] = list(values)
        routes = sorted(
            ((prefix, regions[pk]) for pk, values in prefixes.items() for prefix in values),
            key=lambda route: -len(route[0]),
        )
        for area in areas:
            area.region = regions[area.region_id]  # the specific page
        return cls(areas, routes)

    def region_at(
        self, latitude: float | None, longitude: float | None, postcode: str = ""
    ) -> RegionPage | None:
        if latitude is not None and longitude is not None:
            for area in self.areas:
                if area.contains(latitude, longitude):
                    return area.region
        if postcode:
            for prefix, region in self.routes:
                if postcode.startswith(prefix):
                    return region
        return None

    def postcodes(self, region: RegionPage) -> list[str]:
        """The gazetteer's postcodes whose position region_at() puts in the region, in order
        (only those matching its prefixes or inside its outline's bounds are tested)."""
        gazetteer = get_gazetteer()
        prefixes = tuple(prefix for prefix, r in self.routes if r.pk == region.pk)
        bounds = [
            geo.geometry_bounds(geo.normalize_geometry(area.extent))
            for area in self.areas
            if area.region_id == region.pk and area.extent
        ]
        found = []
        for code in gazetteer.postcodes:
            lat, lon = gazetteer.position(code) or (0.0, 0.0)
            candidate = code.startswith(prefixes) if prefixes else False
            candidate = candidate or any(
                south <= lat <= north and west <= lon <= east for south, west, north, east in bounds
            )
            if candidate and self.region_at(lat, lon, code) == region:
                found.append(code)
        return found
