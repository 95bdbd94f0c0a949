"""The referral-partner directory's search: an Elasticsearch index of its own (alias
`<prefix>partners`) and the same search over the database, used when Elasticsearch is not
configured or does not answer.

Only public partner data becomes a document: name, fields of work, working groups, region,
address and coordinates. Contact persons and internal notes never do, so the public index
cannot leak them. Text is analysed in Python (search/analysis.py), as for offers, so both
engines match alike."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import QueryDict

from elasticsearch import ApiError, NotFoundError, TransportError, helpers
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch.dsl import Document, GeoPoint, Integer, Keyword, Object, Text

from offers_directory import geo

from . import analysis
from .client import admin_client, get_client, index_name
from .forms import InvalidSearchParams, ParamError, parse_search_params
from .queries import Place

logger = logging.getLogger(__name__)

PARTNERS = "partners"
PAGE_SIZE = 20
FACETS = ("field", "working_group", "region")


class PartnerDocument(Document):
    partner_id = Integer()
    slug = Keyword()
    name = Text(analyzer="standard")
    name_sort = Keyword()
    terms = Text(analyzer="whitespace")
    field = Keyword(multi=True)
    working_group = Keyword(multi=True)
    region = Keyword()
    geo = GeoPoint()
    # What a result shows (not searchable).
    display = Object(enabled=False)


class PartnerSearchUnavailable(Exception):
    """Elasticsearch did not answer, or has no partner index yet."""


# --- documents ----------------------------------------------------------------------------


def public_partners() -> Any:
    from professionals.models import ReferralPartner

    return (
        ReferralPartner.objects.filter(live=True)
        .select_related("region")
        .prefetch_related("fields", "working_groups")
    )


def build_document(partner: Any) -> dict[str, Any]:
    """The public search document of one partner. Deliberately no contact persons and no
    internal notes (see the module docstring)."""
    fields = list(partner.fields.all())
    groups = list(partner.working_groups.all())
    text = " ".join(
        [partner.name, partner.description, partner.city]
        + [f.name for f in fields]
        + [g.name for g in groups]
    )
    doc: dict[str, Any] = {
        "partner_id": partner.pk,
        "slug": partner.slug,
        "name": partner.name,
        "name_sort": analysis.fold(partner.name),
        "terms": " ".join(analysis.unique(analysis.analyze(text))),
        "field": [f.code for f in fields],
        "working_group": [g.slug for g in groups],
        "region": partner.region.slug if partner.region_id else None,
        "display": {
            "url": partner.get_absolute_url(),
            "address": partner.address_line,
            "city": partner.city,
            "fields": [f.name for f in fields],
            "working_groups": [g.name for g in groups],
            "region": partner.region.title if partner.region_id else "",
            "latitude": partner.latitude,
            "longitude": partner.longitude,
        },
    }
    if partner.has_coordinates:
        doc["geo"] = {"lat": partner.latitude, "lon": partner.longitude}
    return doc


# --- parameters ---------------------------------------------------------------------------


@dataclass
class PartnerParams:
    q: str = ""
    place: Place | None = None
    radius_km: float = 25.0
    field: list[str] = dataclasses.field(default_factory=list)
    working_group: list[str] = dataclasses.field(default_factory=list)
    region: list[str] = dataclasses.field(default_factory=list)
    sort: str = "name"
    page: int = 1

    def query_groups(self) -> list[frozenset[str]]:
        return analysis.analyze_query(self.q)

    def selection(self, facet: str) -> list[str]:
        return list(getattr(self, facet))


def parse_partner_params(data: Any) -> PartnerParams:
    """QueryDict → PartnerParams, or InvalidSearchParams (HTTP 400 in the API). Text, place
    and radius are validated by the offer search's own parser, so both answer alike."""
    shared = QueryDict(mutable=True)
    for name in ("q", "near", "lat", "lon", "radius_km"):
        for value in data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]:
            if value not in (None, ""):
                shared.appendlist(name, value)
    base = parse_search_params(shared)
    params = PartnerParams(q=base.q, place=base.place, radius_km=base.radius_km)

    def values(name: str) -> list[str]:
        raw = data.getlist(name) if hasattr(data, "getlist") else [data.get(name) or ""]
        found: list[str] = []
        for item in raw:
            found.extend(part.strip()[:80] for part in str(item).split(",") if part.strip())
        return found

    params.field = values("field")
    params.working_group = values("working_group")
    params.region = values("region")
    sort = (data.get("sort") or "").strip() or ("distance" if params.place else "name")
    if sort not in ("name", "distance") or (sort == "distance" and params.place is None):
        raise InvalidSearchParams(
            [
                ParamError(
                    "invalid_sort",
                    "sort",
                    "Sortierung: name oder distance (distance nur mit einem Ort).",
                )
            ]
        )
    params.sort = sort
    page_raw = (data.get("page") or "1").strip()
    if not page_raw.isdigit() or not 1 <= int(page_raw) <= 500:
        raise InvalidSearchParams(
            [ParamError("invalid_page", "page", "Die Seite muss eine Zahl ab 1 sein.")]
        )
    params.page = int(page_raw)
    return params


# --- shared formatting --------------------------------------------------------------------


def _distance(doc: dict[str, Any], place: Place | None) -> float | None:
    display = doc.get("display") or {}
    if place is None or display.get("latitude") is None:
        return None
    return geo.haversine_km(
        place.latitude, place.longitude, display["latitude"], display["longitude"]
    )


def format_result(doc: dict[str, Any], params: PartnerParams) -> dict[str, Any]:
    display = doc.get("display") or {}
    distance = _distance(doc, params.place)
    return {
        "id": doc["partner_id"],
        "slug": doc["slug"],
        "name": doc["name"],
        "url": display.get("url"),
        "address": display.get("address") or "",
        "city": display.get("city") or "",
        "fields": list(doc.get("field") or []),
        "field_names": list(display.get("fields") or []),
        "working_groups": list(doc.get("working_group") or []),
        "working_group_names": list(display.get("working_groups") or []),
        "region": doc.get("region"),
        "region_name": display.get("region") or "",
        "latitude": display.get("latitude"),
        "longitude": display.get("longitude"),
        "distance_km": round(distance, 2) if distance is not None else None,
    }


def facet_labels() -> dict[str, dict[str, str]]:
    from home.models import RegionPage
    from professionals.models import PartnerField, WorkingGroup

    return {
        "field": dict(PartnerField.objects.values_list("code", "name")),
        "working_group": dict(WorkingGroup.objects.values_list("slug", "name")),
        "region": dict(RegionPage.objects.values_list("slug", "title")),
    }


def format_facets(counts: dict[str, Counter], params: PartnerParams) -> dict[str, list[dict]]:
    labels = facet_labels()
    result: dict[str, list[dict]] = {}
    for facet in FACETS:
        counter = Counter(counts.get(facet) or {})
        for selected in params.selection(facet):
            counter.setdefault(selected, 0)
        items = [
            {
                "value": value,
                "label": labels[facet].get(value, value),
                "count": count,
                "selected": value in params.selection(facet),
            }
            for value, count in counter.items()
        ]
        items.sort(key=lambda item: str(item["label"]).lower())
        result[facet] = items
    return result


def _response(
    engine: str, total: int, docs: list[dict], counts: dict, params: PartnerParams
) -> dict[str, Any]:
    return {
        "count": total,
        "engine": engine,
        "location": (
            {
                "label": params.place.label,
                "latitude": params.place.latitude,
                "longitude": params.place.longitude,
                "radius_km": params.radius_km,
            }
            if params.place
            else None
        ),
        "page": params.page,
        "page_size": PAGE_SIZE,
        "results": [format_result(doc, params) for doc in docs],
        "facets": format_facets(counts, params),
    }


# --- database -----------------------------------------------------------------------------


def _doc_matches(
    doc: dict[str, Any], params: PartnerParams, groups: list[frozenset[str]], skip: str = ""
) -> bool:
    if groups and not analysis.matches(groups, doc["terms"].split()):
        return False
    for facet in FACETS:
        if facet == skip or not params.selection(facet):
            continue
        values = doc.get(facet)
        values = values if isinstance(values, list) else [values]
        if not set(values) & set(params.selection(facet)):
            return False
    if params.place is not None:
        distance = _distance(doc, params.place)
        if distance is None or distance > params.radius_km:
            return False
    return True


class DatabasePartnerEngine:
    name = "database"

    def search(self, params: PartnerParams) -> dict[str, Any]:
        docs = [build_document(p) for p in public_partners()]
        groups = params.query_groups()
        hits = [d for d in docs if _doc_matches(d, params, groups)]
        if params.sort == "distance":
            hits.sort(key=lambda d: (_distance(d, params.place) or 0.0, d["name_sort"]))
        else:
            hits.sort(key=lambda d: d["name_sort"])
        # Each facet's counts ignore its own selection, as in the offer search.
        counts: dict[str, Counter] = {}
        for facet in FACETS:
            counter: Counter = Counter()
            for doc in docs:
                if _doc_matches(doc, params, groups, skip=facet):
                    values = doc.get(facet)
                    for value in values if isinstance(values, list) else [values]:
                        if value:
                            counter[value] += 1
            counts[facet] = counter
        start = (params.page - 1) * PAGE_SIZE
        return _response(self.name, len(hits), hits[start : start + PAGE_SIZE], counts, params)


# --- Elasticsearch ------------------------------------------------------------------------


def alias_name() -> str:
    return index_name(PARTNERS)


def _mapping() -> dict[str, Any]:
    return PartnerDocument._doc_type.mapping.to_dict()


def create_index() -> str:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d%H%M%S%f")
    name = f"{alias_name()}_{stamp}"
    admin_client().indices.create(
        index=name,
        settings={"number_of_shards": 1, "number_of_replicas": 0},
        mappings=_mapping(),
    )
    return name


def ensure_index() -> str:
    client = admin_client()
    if client.indices.exists_alias(name=alias_name()):
        return sorted(client.indices.get_alias(name=alias_name()))[0]
    name = create_index()
    client.indices.update_aliases(actions=[{"add": {"index": name, "alias": alias_name()}}])
    return name


def rebuild(partners: Iterable[Any] | None = None) -> tuple[str, int]:
    """A new index filled with every public partner, then the alias moved to it atomically
    and the old index deleted. Returns (index name, documents written)."""
    client = admin_client()
    name = create_index()
    actions = (
        {"_index": name, "_id": str(p.pk), "_source": build_document(p)}
        for p in (public_partners() if partners is None else partners)
    )
    written, _errors = helpers.bulk(client, actions, refresh=True)
    old = (
        sorted(client.indices.get_alias(name=alias_name()))
        if client.indices.exists_alias(name=alias_name())
        else []
    )
    client.indices.update_aliases(
        actions=[{"remove": {"index": i, "alias": alias_name()}} for i in old]
        + [{"add": {"index": name, "alias": alias_name()}}]
    )
    for index in old:
        client.indices.delete(index=index)
    return name, written


def search_enabled() -> bool:
    return bool((getattr(settings, "SEARCH", {}) or {}).get("ELASTICSEARCH_URLS"))


def update_partner(partner_id: int, *, refresh: bool = False) -> None:
    """Writes (or removes) one partner's document. Never raises: a failed update is logged and
    repaired by `manage.py search_partners --rebuild`, because a coordinator's save must not
    fail on the search engine."""
    if not search_enabled():
        return
    try:
        ensure_index()
        partner = public_partners().filter(pk=partner_id).first()
        # Runs after the commit, not while a visitor waits: the long timeout rides out a busy
        # node instead of dropping the update (a create retried after a timeout would fail
        # with "already exists").
        client = admin_client()
        if partner is None:
            with contextlib.suppress(NotFoundError):
                client.delete(index=alias_name(), id=str(partner_id), refresh=refresh)
            return
        client.index(
            index=alias_name(),
            id=str(partner_id),
            document=build_document(partner),
            refresh=refresh,
        )
    except Exception:  # the save stays valid; the rebuild repairs the index
        logger.warning("Could not update partner %s in the search index", partner_id, exc_info=True)


def all_documents() -> list[dict[str, Any]]:
    """Every document of the public partner index (for checks and tests)."""
    client = get_client()
    body = client.search(index=alias_name(), query={"match_all": {}}, size=10_000).body
    return [hit["_source"] for hit in body["hits"]["hits"]]


class ElasticsearchPartnerEngine:
    name = "elasticsearch"

    def _base_filters(self, params: PartnerParams) -> list[dict[str, Any]]:
        """Text and distance: they narrow the results and every facet's counts."""
        filters: list[dict[str, Any]] = [
            {"terms": {"terms": sorted(group)}} for group in params.query_groups()
        ]
        if params.place is not None:
            filters.append(
                {
                    "geo_distance": {
                        "distance": f"{params.radius_km}km",
                        "geo": {"lat": params.place.latitude, "lon": params.place.longitude},
                    }
                }
            )
        return filters

    def _facet_filters(self, params: PartnerParams, skip: str = "") -> list[dict[str, Any]]:
        """Facet selections: a post_filter for the hits, and for each facet's counts every
        selection but its own (several values within a facet combine with OR)."""
        return [
            {"terms": {facet: params.selection(facet)}}
            for facet in FACETS
            if facet != skip and params.selection(facet)
        ]

    def search(self, params: PartnerParams) -> dict[str, Any]:
        if params.sort == "distance" and params.place is not None:
            sort: list[Any] = [
                {
                    "_geo_distance": {
                        "geo": {"lat": params.place.latitude, "lon": params.place.longitude},
                        "order": "asc",
                        "unit": "km",
                    }
                },
                {"name_sort": "asc"},
            ]
        else:
            sort = [{"name_sort": "asc"}]
        aggs = {
            f"facet_{facet}": {
                "filter": {"bool": {"filter": self._facet_filters(params, skip=facet)}},
                "aggs": {"values": {"terms": {"field": facet, "size": 200}}},
            }
            for facet in FACETS
        }
        body = {
            "query": {"bool": {"filter": self._base_filters(params)}},
            "post_filter": {"bool": {"filter": self._facet_filters(params)}},
            "sort": sort,
            "from": (params.page - 1) * PAGE_SIZE,
            "size": PAGE_SIZE,
            "track_total_hits": True,
            "aggs": aggs,
        }
        try:
            answer = get_client().search(index=alias_name(), body=body).body
        except NotFoundError as error:
            raise PartnerSearchUnavailable(f"no partner index: {error}") from error
        except (ESConnectionError, TransportError) as error:
            raise PartnerSearchUnavailable(repr(error)) from error
        except ApiError as error:
            if error.status_code >= 500:
                raise PartnerSearchUnavailable(repr(error)) from error
            raise
        counts = {
            facet: Counter(
                {
                    str(b["key"]): b["doc_count"]
                    for b in answer["aggregations"][f"facet_{facet}"]["values"]["buckets"]
                }
            )
            for facet in FACETS
        }
        docs = [hit["_source"] for hit in answer["hits"]["hits"]]
        return _response(self.name, answer["hits"]["total"]["value"], docs, counts, params)


class FallbackPartnerEngine:
    name = "elasticsearch"

    def search(self, params: PartnerParams) -> dict[str, Any]:
        try:
            return ElasticsearchPartnerEngine().search(params)
        except PartnerSearchUnavailable as error:
            logger.warning("Partner search falls back to the database: %s", error)
            return DatabasePartnerEngine().search(params)


def get_partner_engine() -> Any:
    """Elasticsearch with the database as fallback when ELASTICSEARCH_URL is set, otherwise
    the database."""
    return FallbackPartnerEngine() if search_enabled() else DatabasePartnerEngine()
