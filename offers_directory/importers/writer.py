"""Stores OfferData as Wagtail pages: creates or updates the OfferPage with the same source id
(never a duplicate), its provider, taxonomy terms and languages, and places new offers in
their region's offer index.

Region choice without --region (documented in the README), from what editors maintain for
each region in the admin (`RegionArea`: an outline and postcode prefixes): the region whose
outline contains the offer's coordinates; failing that, the region with the longest postcode
prefix matching a location's postcode (a project may override a region's prefixes in
OFFERS_DIRECTORY["REGION_POSTCODE_PREFIXES"], by region slug); failing that, the region whose
existing located offers have their centre within REGION_MAX_DISTANCE_KM of the offer's
coordinates; failing that, the supra-regional default directory.

New offers are created in batches (`flush()`, called by run_import once per batch): the pages
of one listing together, through publishing.page_creation, the path every page creation
outside the admin takes."""

from __future__ import annotations

import datetime
import difflib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import Avg
from django.utils.text import slugify

from wagtail.models import Page, Site

from publishing.page_creation import create_page, create_pages

from .. import geo
from ..conf import get_setting
from ..hsds.ids import SourceIds
from ..models import (
    CODE_VALIDATOR,
    ContactPerson,
    GeocodeStatus,
    Language,
    OfferIndexPage,
    OfferLocation,
    OfferPage,
    OfferSchedule,
    OfferServiceArea,
    OfferStatus,
    OfferTranslation,
    OrganizationIndexPage,
    OrganizationPage,
    RegionArea,
    Taxonomy,
    TaxonomyTerm,
)
from ..models.taxonomy import TRANSLATED_LANGUAGES, term_name_field
from ..regions import region_page_model
from ..tasks import enqueue_geocoding, geocode_unsaved
from .records import ImportReport, OfferData, OrganizationData, TermData

IMPORTED_COORDINATES = "Koordinaten aus dem Import"
REGION_MAX_DISTANCE_KM = 40.0
DEFAULT_DIRECTORY = {"title": "Überregionale Angebote", "slug": "ueberregionale-angebote"}
ORGANIZATION_INDEX = {"title": "Träger", "slug": "traeger"}
# The relations of a stored offer that _snapshot_of_page compares with the file's.
COMPARED_RELATIONS = (
    "categories",
    "target_groups",
    "languages",
    "locations",
    "service_areas",
    "schedules",
    "contacts",
    "translations",
)


def postcode_prefix_overrides() -> dict[str, list[str]]:
    """Region slug → postcode prefixes a project sets in its settings; they replace the
    prefixes stored for that region."""
    return getattr(settings, "OFFERS_DIRECTORY", {}).get("REGION_POSTCODE_PREFIXES") or {}


def _in_file_order(items: list[Any]) -> list[Any]:
    """Numbers an offer's child objects as the file lists them (the admin's inline panels
    number theirs the same way). Unnumbered, the database returns them in no defined order:
    a page would show its locations in any order, and re-importing the same file would find
    about one offer in a thousand "changed" and save a new revision of it."""
    for position, item in enumerate(items):
        item.sort_order = position
    return items


@dataclass
class _NewOffer:
    """An offer waiting for its batch to be created."""

    data: OfferData
    page: OfferPage
    locations: list[OfferLocation]


class OfferWriter:
    def __init__(
        self,
        report: ImportReport,
        *,
        region: Page | None = None,
        draft: bool = False,
        source_system: str = "",
        may_change: Callable[[OfferPage], bool] | None = None,
    ) -> None:
        self.report = report
        self.may_change = may_change
        self.region = region
        self.draft = draft
        self.source_system = source_system
        self._indexes: dict[Any, OfferIndexPage] = {}
        self._organizations: dict[str, OrganizationPage] = {}
        self._terms: dict[str, TaxonomyTerm | None] = {}
        self._term_names: dict[str, str] | None = None  # code → name, for suggestions
        self._languages: dict[str, Language] = {}
        self._centroids: list[tuple[Page, float, float]] | None = None
        self._regions: dict[str, Page] | None = None
        self._areas: list[RegionArea] | None = None
        self._routes: list[tuple[str, Page]] | None = None
        self._source_ids = SourceIds()
        # New offers waiting for flush(), per (listing, published).
        self._new: dict[tuple[OfferIndexPage, bool], list[_NewOffer]] = {}
        self._new_ids: set[str] = set()
        # Offers looked up ahead for a batch (source id → page or None), until the next flush.
        self._known: dict[str, OfferPage | None] = {}
        # New providers of queued offers (cache key → page), created first by flush().
        self._new_organizations: dict[str, OrganizationPage] = {}

    # --- public -------------------------------------------------------------------------

    def write(self, data: OfferData) -> str | None:
        """Store one offer; returns "updated", "unchanged" or None: rejected (reported), or a
        new offer queued for flush(), which counts it as "imported"."""
        self._restore_source_ids(data)
        if data.source_id in self._new_ids:
            self.flush()  # the same offer twice in one batch: the second one updates it
        return self._attempt(data, lambda: self._write(data))

    def look_up(self, offers: list[OfferData]) -> None:
        """Find the stored offers of a batch, with the relations write() compares, in one
        query per relation (write() would ask about nine times per offer: re-importing an
        unchanged file spent two thirds of its time there)."""
        for data in offers:
            self._restore_source_ids(data)
        ids = [data.source_id for data in offers if data.source_id not in self._new_ids]
        self._known = dict.fromkeys(ids)
        self._known.update(
            OfferPage.objects.filter(source_id__in=ids)
            .prefetch_related(*COMPARED_RELATIONS)
            .in_bulk(field_name="source_id")
        )

    def flush(self) -> None:
        """Create the queued new offers: one batch per listing. When a batch fails, its offers
        are created one by one, so only the bad one is rejected (with its reason)."""
        queued, self._new = self._new, {}
        self._new_ids = set()
        self._known = {}
        self._create_organizations()
        for (parent, publish), offers in queued.items():
            try:
                with transaction.atomic():
                    create_pages(parent, [offer.page for offer in offers], publish=publish)
            except (ValidationError, IntegrityError, DataError, ValueError):
                # ValueError: a provider that could not be created (see _create_organizations).
                for offer in offers:
                    if self._attempt(offer.data, lambda o=offer: self._write(o.data, now=True)):
                        self.report.count("imported", offer.data.label)
                continue
            for offer in offers:
                self.report.count("imported", offer.data.label)
                self._saved(offer.page, offer.locations, publish)

    def _create_organizations(self) -> None:
        queued, self._new_organizations = self._new_organizations, {}
        if not queued:
            return
        try:
            with transaction.atomic():
                create_pages(self._organization_index(), list(queued.values()), publish=True)
        except (ValidationError, IntegrityError, DataError):
            # Their offers create them one by one, and report what is wrong.
            for key in queued:
                del self._organizations[key]

    def _attempt(self, data: OfferData, write: Any) -> str | None:
        try:
            with transaction.atomic():
                return write()
        except ValidationError as error:
            self.report.reject(data.label, _validation_text(error))
        except (IntegrityError, DataError) as error:
            # The savepoint is rolled back; the rest of the batch goes on.
            self.report.reject(data.label, f"Datenbankfehler: {error}")
        return None

    # --- offers ---------------------------------------------------------------------------

    def _restore_source_ids(self, data: OfferData) -> None:
        """Our HSDS output shows a source id that is no UUID as a UUID derived from it
        (hsds/ids.py); reading such an export back must find the same objects. Restoring
        twice changes nothing."""
        stored = self._source_ids.stored
        data.source_id = stored("service", data.source_id)
        if data.organization is not None:
            data.organization.source_id = stored("organization", data.organization.source_id)
        for location in data.locations:
            location.source_id = stored("service_at_location", location.source_id)
            location.location_source_id = stored("location", location.location_source_id)
        for contact in data.contacts:
            contact.source_id = stored("contact", contact.source_id)
        for area in data.areas:
            area.source_id = stored("service_area", area.source_id)
        for term in data.terms:
            term.source_id = stored("taxonomy_term", term.source_id)
            term.taxonomy_source_id = stored("taxonomy", term.taxonomy_source_id)

    def _write(self, data: OfferData, *, now: bool = False) -> str | None:
        if data.source_id in self._known:
            existing = self._known.pop(data.source_id)
        else:
            existing = OfferPage.objects.filter(source_id=data.source_id).first()
        if existing is not None and self.may_change is not None and not self.may_change(existing):
            raise ValidationError(
                f"Das Angebot mit der ID {data.source_id!r} gibt es schon unter "
                f"{existing.url_path}; Sie dürfen es nicht ändern."
            )
        terms = [t for t in (self._term(term, data.label) for term in data.terms) if t]
        provider = None
        if data.organization:
            later = existing is None and not now
            provider = self._organization(data.organization, create_later=later)
        languages = [self._language(code) for code in data.languages]
        publish = data.fields.get("status") == OfferStatus.ACTIVE and not (self.draft or data.draft)

        if existing is None:
            page = OfferPage(title=data.title, source_id=data.source_id, slug=_slug(data))
            current = None
        else:
            page = existing
            current = (
                existing.get_latest_revision_as_object()
                if existing.has_unpublished_changes
                else existing
            )
        locations = self._locations(data, current)
        contacts = self._contacts(data, current)
        wanted = self._snapshot_of_data(data, terms, provider, languages, locations, contacts)
        same = current is not None and self._snapshot_of_page(current, data) == wanted
        if same and (self.draft or data.draft or page.live == publish):
            return "unchanged"

        page.title = data.title
        page.source_system = self.source_system or page.source_system
        for name, value in data.fields.items():
            setattr(page, name, value)
        page.provider = provider
        page.categories = [t for t in terms if not self._is_target_group(t)]
        page.target_groups = [t for t in terms if self._is_target_group(t)]
        page.languages = languages
        page.locations = _in_file_order(locations)
        page.service_areas = _in_file_order(
            [
                OfferServiceArea(
                    source_id=a.source_id, name=a.name, description=a.description, extent=a.extent
                )
                for a in data.areas
            ]
        )
        page.schedules = _in_file_order(
            [
                OfferSchedule(
                    weekday=s.weekday, opens_at=s.opens_at, closes_at=s.closes_at, note=s.note
                )
                for s in data.schedules
            ]
        )
        page.contacts = _in_file_order(contacts)
        for place in geocode_unsaved(_pending(locations)):
            place._geocoded_on_import = True  # counted by _saved, like the pending ones
        if data.translations is not None:
            page.translations = _in_file_order(
                [
                    OfferTranslation(language=code, title=title, summary=summary)
                    for code, (title, summary) in sorted(data.translations.items())
                ]
            )

        if existing is None and now:
            create_page(self._parent_for(data), page, publish=publish)
            self._saved(page, locations, publish)
            return "imported"
        if existing is None:
            parent = self._parent_for(data)
            self._new.setdefault((parent, publish), []).append(_NewOffer(data, page, locations))
            self._new_ids.add(data.source_id)
            return None
        revision = page.save_revision(log_action=True)
        if publish:
            revision.publish()
        elif data.fields.get("status") != OfferStatus.ACTIVE:
            # Not active: the stored row carries the new content, visitors see nothing.
            revision.publish()
            page.refresh_from_db()
            page.unpublish(log_action=True)
        self._saved(page, locations, publish)
        return "updated"

    def _saved(self, page: OfferPage, locations: list[OfferLocation], publish: bool) -> None:
        pending = _pending(locations)
        looked_up = [loc for loc in locations if getattr(loc, "_geocoded_on_import", False)]
        if pending or looked_up:
            self.report.counts["geocoded"] += len(pending) + len(looked_up)
            self.report.to_geocode.append(page.pk)
            if pending and not publish:
                # Publishing schedules geocoding itself (signals.py); drafts need a nudge.
                enqueue_geocoding(page.pk)

    def _contacts(self, data: OfferData, current: OfferPage | None) -> list[ContactPerson]:
        """Imported contact persons are protected (only an editor makes one public, and that
        choice survives re-imports). Contacts the file does not mention are kept: a public
        export leaves protected ones out, and re-importing it must not delete them."""
        old = list(current.contacts.all()) if current is not None else []
        by_source = {c.source_id: c for c in old if c.source_id}
        result = []
        for item in data.contacts:
            match = by_source.pop(item.source_id, None) if item.source_id else None
            # The record's fields are the model's; whether the contact is public is the site's.
            contact = ContactPerson(
                **asdict(item), is_public=match.is_public if match is not None else False
            )
            if match is not None:
                contact.pk = match.pk
            result.append(contact)
        mentioned = {c.source_id for c in data.contacts if c.source_id}
        result.extend(c for c in old if not c.source_id or c.source_id not in mentioned)
        return result

    def _locations(self, data: OfferData, current: OfferPage | None) -> list[OfferLocation]:
        old = list(current.locations.all()) if current is not None else []
        result = []
        for item in data.locations:
            location = OfferLocation(
                source_id=item.source_id,
                location_source_id=item.location_source_id,
                name=item.name,
                street=item.street,
                postal_code=item.postal_code,
                city=item.city,
                state_province=item.state_province,
                country=item.country or "DE",
                accessibility_notes=item.accessibility_notes,
                visibility=item.visibility,
            )
            match = _match_location(location, old)
            if match is not None:
                old.remove(match)
                location.pk = match.pk
            if match is not None and match.manual_pin and match.has_coordinates:
                # A pin an editor set by hand wins over any import.
                location.copy_geocoding(match)
            elif item.latitude is not None and item.longitude is not None:
                location.latitude, location.longitude = item.latitude, item.longitude
                location.geocode_status = GeocodeStatus.EXACT
                location.geocode_message = IMPORTED_COORDINATES
                location.geocoded_address = location.address_key
            elif (
                match is not None
                and match.has_coordinates
                and match.address_key == location.address_key
                and match.geocode_message != IMPORTED_COORDINATES
            ):
                # Same address as before: keep what the geocoder found, ask nobody again.
                location.copy_geocoding(match)
            else:
                location.geocode_status = GeocodeStatus.PENDING
            result.append(location)
        return result

    # --- comparison ---------------------------------------------------------------------

    def _snapshot_of_data(
        self, data, terms, provider, languages, locations, contacts
    ) -> dict[str, Any]:
        return {
            "title": data.title,
            "fields": {name: _plain(value) for name, value in data.fields.items()},
            "provider": provider.pk if provider else None,
            "terms": sorted(t.code for t in terms),
            "languages": sorted(lang.code for lang in languages),
            "locations": [_location_key(loc) for loc in locations],
            "areas": [(a.source_id, a.name, a.description, _json(a.extent)) for a in data.areas],
            "schedules": [
                (s.weekday, _plain(s.opens_at), _plain(s.closes_at), s.note) for s in data.schedules
            ],
            "contacts": [(c.source_id, c.name, c.role, c.email, c.phone) for c in contacts],
            "translations": None
            if data.translations is None
            else sorted((code, *text) for code, text in data.translations.items()),
        }

    def _snapshot_of_page(self, page: OfferPage, data: OfferData) -> dict[str, Any]:
        return {
            "title": page.title,
            "fields": {name: _plain(getattr(page, name)) for name in data.fields},
            "provider": page.provider_id,
            "terms": sorted(
                [t.code for t in page.categories.all()] + [t.code for t in page.target_groups.all()]
            ),
            "languages": sorted(lang.code for lang in page.languages.all()),
            "locations": [_location_key(loc) for loc in page.locations.all()],
            "areas": [
                (a.source_id, a.name, a.description, _json(a.extent))
                for a in page.service_areas.all()
            ],
            "schedules": [
                (s.weekday, _plain(s.opens_at), _plain(s.closes_at), s.note)
                for s in page.schedules.all()
            ],
            "contacts": [
                (c.source_id, c.name, c.role, c.email, c.phone) for c in page.contacts.all()
            ],
            "translations": None
            if data.translations is None
            else sorted((t.language, t.title, t.summary) for t in page.translations.all()),
        }

    # --- related objects ---------------------------------------------------------------------

    def _language(self, code: str) -> Language:
        if code not in self._languages:
            self._languages[code] = Language.for_codes([code])[0]
        return self._languages[code]

    def _warn_unknown_term(self, code: str, label: str) -> None:
        """The row's unknown code, with the codes it was probably meant to be (by code or
        by name): a coordinator typing "babymassage" learns the list's word for it."""
        if self._term_names is None:
            self._term_names = dict(TaxonomyTerm.objects.values_list("code", "name"))
        by_name = {name.casefold(): c for c, name in self._term_names.items()}
        close = difflib.get_close_matches(code, self._term_names, n=3, cutoff=0.6)
        close += [
            by_name[name]
            for name in difflib.get_close_matches(code.casefold(), by_name, n=3, cutoff=0.6)
            if by_name[name] not in close
        ]
        hint = (
            " Gemeint vielleicht: "
            + ", ".join(f"{c!r} ({self._term_names[c]})" for c in close[:3])
            + "?"
            if close
            else " Die gültigen Codes stehen in der Importvorlage (Blatt „Begriffe“)."
        )
        self.report.warn(label, f"Unbekannter Begriffscode {code!r}, verworfen.{hint}")

    def _is_target_group(self, term: TaxonomyTerm) -> bool:
        return term.taxonomy.slug == get_setting("TARGET_GROUP_TAXONOMY")

    def _term(self, data: TermData, label: str) -> TaxonomyTerm | None:
        if data.code in self._terms:
            known = self._terms[data.code]
            if known is None and not data.create:
                self._warn_unknown_term(data.code, label)  # every row that names it is told
            return known
        term = TaxonomyTerm.objects.select_related("taxonomy").filter(code=data.code).first()
        if term is None and not data.create:
            self._warn_unknown_term(data.code, label)
            self._terms[data.code] = None
            return None
        if term is None:
            try:
                CODE_VALIDATOR(data.code)
            except ValidationError:
                self.report.warn(
                    label, f"Begriffscode {data.code!r} enthält unzulässige Zeichen, verworfen."
                )
                self._terms[data.code] = None
                return None
            taxonomy = self._taxonomy(data)
            source_id = data.source_id or None
            if source_id and TaxonomyTerm.objects.filter(source_id=source_id).exists():
                source_id = None
            term = TaxonomyTerm.objects.create(
                taxonomy=taxonomy,
                code=data.code,
                name=data.name or data.code,
                description=data.description,
                source_id=source_id,
            )
            self.report.note(
                f"{label}: neuer Begriff {data.code!r} in Taxonomie {taxonomy.name!r} angelegt."
            )
        # Translations fill the names a term lacks; an editor's name stays.
        missing = [
            term_name_field(language)
            for language in data.names
            if language in TRANSLATED_LANGUAGES and not getattr(term, term_name_field(language))
        ]
        for name_field in missing:
            setattr(term, name_field, data.names[name_field.removeprefix("name_")][:200])
        if missing:
            term.save(update_fields=missing)
        self._terms[data.code] = term
        return term

    def _taxonomy(self, data: TermData) -> Taxonomy:
        if data.taxonomy_source_id:
            found = Taxonomy.objects.filter(source_id=data.taxonomy_source_id).first()
            if found:
                return found
        if data.taxonomy_name:
            slug = slugify(data.taxonomy_name)[:100] or "taxonomie"
            found = Taxonomy.objects.filter(slug=slug).first()
            if found:
                return found
            return Taxonomy.objects.create(
                name=data.taxonomy_name,
                slug=slug,
                description=data.taxonomy_description,
                uri=data.taxonomy_uri if data.taxonomy_uri.startswith("http") else "",
                source_id=data.taxonomy_source_id or None,
            )
        slug = get_setting("CATEGORY_TAXONOMY")
        taxonomy, _created = Taxonomy.objects.get_or_create(
            slug=slug, defaults={"name": "Angebotsarten"}
        )
        return taxonomy

    def _organization(self, data: OrganizationData, *, create_later: bool) -> OrganizationPage:
        """The provider page, found or created; `create_later`: a new one is created by
        flush(), together with the batch's other new providers."""
        key = data.source_id or f"name:{data.name}"
        if key in self._organizations:
            if self._organizations[key].pk is None and not create_later:
                self._create_organizations()
                return self._organization(data, create_later=False)
            return self._organizations[key]
        if data.source_id:
            organization = OrganizationPage.objects.filter(source_id=data.source_id).first()
        else:
            organization = OrganizationPage.objects.filter(title=data.name).first()
        values = {
            "alternate_name": data.alternate_name,
            "description": data.description,
            "email": data.email,
            "website": data.website,
            "phone": data.phone,
        }
        if organization is None:
            organization = OrganizationPage(
                title=data.name, source_id=data.source_id or None, live=False, **values
            )
            organization.source_system = self.source_system
            if create_later:
                self._new_organizations[key] = organization
            else:
                create_page(self._organization_index(), organization, publish=True)
        else:
            # Only what the source says overwrites; a CSV names the provider and nothing else.
            changes = {k: v for k, v in values.items() if v and getattr(organization, k) != v}
            if organization.title != data.name and data.source_id:
                changes["title"] = data.name
            if changes:
                for name, value in changes.items():
                    setattr(organization, name, value)
                revision = organization.save_revision()
                if organization.live:
                    revision.publish()
        self._organizations[key] = organization
        return organization

    # --- where new pages go ----------------------------------------------------------------

    def _site_root(self) -> Page:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is not None:
            return site.root_page
        return Page.objects.filter(depth=2).order_by("path").first() or Page.get_first_root_node()

    def _organization_index(self) -> OrganizationIndexPage:
        index = self._indexes.get("organizations")
        if index is None:
            index = OrganizationIndexPage.objects.order_by("path").first()
            if index is None:
                index = OrganizationIndexPage(**ORGANIZATION_INDEX)
                _add_index(self._site_root(), index)
                self.report.note(f"Trägerverzeichnis {index.url_path} angelegt.")
            self._indexes["organizations"] = index
        return index

    def _all_regions(self) -> dict[str, Page]:
        if self._regions is None:
            model = region_page_model()
            self._regions = (
                {region.slug: region for region in model.objects.order_by("path")} if model else {}
            )
        return self._regions

    def _region_for(self, data: OfferData) -> Page | None:
        if self.region is not None:
            return self.region
        regions = self._all_regions()
        if not regions:
            return None
        points = [
            (loc.latitude, loc.longitude)
            for loc in data.locations
            if loc.latitude is not None and loc.longitude is not None
        ]
        for latitude, longitude in points:
            for area in self._region_areas():
                if area.contains(latitude, longitude):
                    return area.region
        for location in data.locations:
            code = location.postal_code.replace(" ", "")
            # Longest prefix first: the first match is the most specific one.
            match = next(
                (r for prefix, r in self._postcode_routes() if code.startswith(prefix)), None
            )
            if match is not None:
                return match
        point = points[0] if points else None
        if point is None:
            return None
        nearest, distance = None, REGION_MAX_DISTANCE_KM
        for region, lat, lon in self._region_centroids():
            d = geo.haversine_km(point[0], point[1], lat, lon)
            if d <= distance:
                nearest, distance = region, d
        return nearest

    def _region_areas(self) -> list[RegionArea]:
        if self._areas is None:
            regions = {region.pk: region for region in self._all_regions().values()}
            self._areas = []
            for area in RegionArea.objects.filter(region_id__in=list(regions)):
                area.region = regions[area.region_id]  # the specific region page
                self._areas.append(area)
        return self._areas

    def _postcode_routes(self) -> list[tuple[str, Page]]:
        """(postcode prefix, region), longest prefix first."""
        if self._routes is None:
            prefixes = {area.region.slug: area.prefix_list for area in self._region_areas()}
            prefixes.update(postcode_prefix_overrides())
            regions = self._all_regions()
            self._routes = sorted(
                (
                    (prefix, regions[slug])
                    for slug, values in prefixes.items()
                    if slug in regions
                    for prefix in values
                ),
                key=lambda route: -len(route[0]),
            )
        return self._routes

    def _region_centroids(self) -> list[tuple[Page, float, float]]:
        if self._centroids is None:
            self._centroids = []
            for region in self._all_regions().values():
                centre = OfferLocation.objects.filter(
                    page__path__startswith=region.path, latitude__isnull=False
                ).aggregate(lat=Avg("latitude"), lon=Avg("longitude"))
                if centre["lat"] is not None:
                    self._centroids.append((region, centre["lat"], centre["lon"]))
        return self._centroids

    def _parent_for(self, data: OfferData) -> OfferIndexPage:
        region = self._region_for(data)
        key = region.pk if region is not None else "default"
        if key in self._indexes:
            return self._indexes[key]
        if region is not None:
            index = OfferIndexPage.objects.descendant_of(region).order_by("depth", "path").first()
            if index is None:
                index = OfferIndexPage(title="Angebote", slug="angebote")
                _add_index(region, index)
                self.report.note(f"Angebotsverzeichnis {index.url_path} angelegt.")
        else:
            regions = list(self._all_regions().values())
            index = None
            for candidate in OfferIndexPage.objects.order_by("depth", "path"):
                if not any(candidate.path.startswith(r.path) for r in regions):
                    index = candidate
                    break
            if index is None:
                index = OfferIndexPage(**DEFAULT_DIRECTORY)
                _add_index(self._site_root(), index)
                self.report.note(f"Überregionales Angebotsverzeichnis {index.url_path} angelegt.")
        self._indexes[key] = index
        return index


def _add_index(parent: Page, index: Page) -> None:
    if parent.get_children().filter(slug=index.slug).exists():
        index.slug = f"{index.slug}-{parent.pk}"
    create_page(parent, index, publish=True)


def _pending(locations: list[OfferLocation]) -> list[OfferLocation]:
    return [loc for loc in locations if loc.geocode_status == GeocodeStatus.PENDING]


def _match_location(location: OfferLocation, old: list[OfferLocation]) -> OfferLocation | None:
    for candidate in old:
        if location.source_id and candidate.source_id == location.source_id:
            return candidate
    for candidate in old:
        if (
            location.location_source_id
            and candidate.location_source_id == location.location_source_id
        ):
            return candidate
    for candidate in old:
        if candidate.address_key == location.address_key:
            return candidate
    return None


def _location_key(location: OfferLocation) -> tuple[Any, ...]:
    return (
        location.source_id,
        location.location_source_id,
        location.name,
        location.street,
        location.postal_code,
        location.city,
        location.state_province,
        location.country,
        location.latitude,
        location.longitude,
        location.accessibility_notes,
        location.visibility,
    )


def _slug(data: OfferData) -> str:
    """ "" lets Wagtail make the slug from the title; a title without a letter or digit Wagtail
    keeps (e.g. only punctuation) would leave it empty and cost the offer."""
    if slugify(data.title, allow_unicode=getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)):
        return ""
    return slugify(f"angebot-{data.source_id}")[:255] or "angebot"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if value is not None and value.__class__.__name__ == "Decimal":
        return str(value)
    return value


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True) if value is not None else ""


def _validation_text(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
            for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
