"""The read-only HSDS 3.1 API (the published OpenAPI paths, plain Django views).

Only live, public, active offers are served, and only public contact persons: the API is
anonymous. Lists use HSDS paging (`page`, `per_page`) and answer with the Page envelope
(total_items, total_pages, page_number, size, first_page, last_page, empty, contents); bad
paging or filter values answer 400 with a `code` and a German `message` (`params`). An
object is found under its HSDS id and, when that id was derived from a source id that is no
UUID, under the source id too (ids.py)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from params import PAGE, Boolean, DateTime, Integer, InvalidParameter, Param, Text, read
from params.views import bad_request_response

from .. import freshness
from ..models import OfferLocation, OfferPage, OfferStatus, OrganizationPage, Taxonomy, TaxonomyTerm
from ..models.taxonomy import TRANSLATED_LANGUAGES, term_name_field
from . import HSDS_OPENAPI_URL, HSDS_PROFILE, HSDS_VERSION
from .ids import SourceIds, is_uuid, pk_from_generated
from .mapping import (
    organization_data,
    service_at_location_data,
    service_data,
    taxonomy_data,
    taxonomy_term_data,
    taxonomy_term_translations,
    term_in_every_language,
    translated_term_id,
)

# What `search` looks in on /taxonomy_terms.
TERM_SEARCH_FIELDS = ("name", "code", "description")
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
# The longest HSDS id we store (source ids are at most 255 characters).
MAX_ID_CHARS = 255

# The query parameters, declared once: the views read them with `params.read`, and
# /api/hsds/openapi.json (openapi.py) describes them.
PER_PAGE = Integer("per_page", default=DEFAULT_PER_PAGE, minimum=1, maximum=MAX_PER_PAGE)
PAGING = (PAGE, PER_PAGE)
SEARCH = Text("search")
TAXONOMY_TERM_ID = Text("taxonomy_term_id", MAX_ID_CHARS)
TAXONOMY_ID = Text("taxonomy_id", MAX_ID_CHARS)
ORGANIZATION_ID = Text("organization_id", MAX_ID_CHARS)
PARENT_ID = Text("parent_id", MAX_ID_CHARS)
MODIFIED_AFTER = DateTime("modified_after")
POSTCODE = Text("postcode", 10)
MINIMAL = Boolean("minimal")
# Accepted for compatibility: lists are full unless minimal.
FULL = Boolean("full")
TOP_ONLY = Boolean("top_only")
SERVICE_FILTERS = (SEARCH, TAXONOMY_TERM_ID, TAXONOMY_ID, ORGANIZATION_ID, MODIFIED_AFTER, POSTCODE)
LIST_PARAMS: dict[str, tuple[Param, ...]] = {
    "services": (*PAGING, *SERVICE_FILTERS, MINIMAL, FULL),
    "organizations": (*PAGING, SEARCH, TAXONOMY_TERM_ID, TAXONOMY_ID, MINIMAL, FULL),
    "service_at_locations": (*PAGING, *SERVICE_FILTERS),
    "taxonomies": (*PAGING, SEARCH),
    "taxonomy_terms": (*PAGING, SEARCH, TAXONOMY_ID, PARENT_ID, TOP_ONLY),
}


def _json(data: Any, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def api_view(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
    """A JSON view: None answers 404; a bad parameter (InvalidParameter) answers 400 with
    its code and German message."""

    @require_GET
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            # No object has a longer id: not found, without asking the database.
            too_long = any(len(str(value)) > MAX_ID_CHARS for value in kwargs.values())
            result = None if too_long else view(request, *args, **kwargs)
        except InvalidParameter as error:
            return bad_request_response(request, error)
        if result is None:
            return _json({"detail": "Not found.", "status": 404}, status=404)
        return _json(result)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def query(request: HttpRequest, endpoint: str) -> dict[str, Any]:
    """The list endpoint's declared parameters, read from the request."""
    return read(request.GET, LIST_PARAMS[endpoint])


def paginate(
    values: dict[str, Any], items: QuerySet | list, serialize: Callable[[Any], dict]
) -> dict:
    page, per_page = values["page"], values["per_page"]
    total = items.count() if isinstance(items, QuerySet) else len(items)
    total_pages = math.ceil(total / per_page) if total else 0
    start = (page - 1) * per_page
    contents = [serialize(item) for item in items[start : start + per_page]]
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        # HSDS 3.1: "the number of entities in the current page" (not the requested per_page).
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


# --- querysets ---------------------------------------------------------------------------------


def offers_queryset() -> QuerySet:
    """What the public HSDS surfaces show: live, public, active offers, not hidden for want
    of verification (freshness.py)."""
    return (
        OfferPage.objects.live()
        .public()
        .filter(status=OfferStatus.ACTIVE)
        .exclude(freshness.hidden_q())
        .order_by("path")
        .select_related("provider")
        .prefetch_related(
            "locations",
            "service_areas",
            "schedules",
            "contacts",
            "languages",
            "translations",
            "categories__taxonomy",
            "categories__parent",
            "target_groups__taxonomy",
            "target_groups__parent",
        )
    )


def organizations_queryset() -> QuerySet:
    return OrganizationPage.objects.live().public().order_by("title").prefetch_related("contacts")


def _by_hsds_id(queryset: QuerySet, kind: str, value: str, field: str = "source_id") -> Any:
    found = queryset.filter(**{field: value}).first()
    if found is None:
        original = SourceIds().original(kind, value)
        found = queryset.filter(**{field: original}).first() if original else None
    if found is None:
        pk = pk_from_generated(kind, value)
        if pk is not None:
            found = (
                queryset.filter(pk=pk, **{f"{field}__isnull": True}).first()
                or queryset.filter(pk=pk, **{field: ""}).first()
            )
    return found


def _id_q(kind: str, value: str, prefix: str) -> Q:
    """Objects of `kind` (reached through `prefix`) with the HSDS id `value`."""
    match = Q(**{f"{prefix}__source_id__in": SourceIds().candidates(kind, value)})
    pk = pk_from_generated(kind, value)
    return match | Q(**{f"{prefix}__pk": pk}) if pk is not None else match


def _term_q(value: str, prefix: str) -> Q:
    translated = _translated_term(value)
    if translated is not None:
        return Q(**{f"{prefix}__pk": translated[0].pk})
    return _id_q("taxonomy_term", value, prefix) | Q(**{f"{prefix}__code": value})


def _translated_term(value: str) -> tuple[TaxonomyTerm, dict[str, Any]] | None:
    """The term, and its HSDS data, whose translation has the id `value`. A translation is an
    HSDS term of its own whose id is a hash that cannot be reversed (mapping.translated_term_id);
    vocabularies are small, so the translated terms' ids are compared one by one."""
    value = (value or "").strip().lower()
    if not is_uuid(value) or pk_from_generated("taxonomy_term", value) is not None:
        return None  # no UUID, or the id of a German term (those carry their primary key)
    translated = Q()
    for code in TRANSLATED_LANGUAGES:
        translated |= ~Q(**{term_name_field(code): ""})
    queryset = TaxonomyTerm.objects.filter(translated).select_related("taxonomy", "parent")
    for term in queryset:
        if any(translated_term_id(term, language) == value for language in term.names):
            data = next(d for d in taxonomy_term_translations(term) if d["id"] == value)
            return term, data
    return None


def _taxonomy_q(value: str, prefix: str) -> Q:
    return _id_q("taxonomy", value, prefix) | Q(**{f"{prefix}__slug": value})


def _organization_q(value: str, prefix: str) -> Q:
    return _id_q("organization", value, prefix)


def filter_by_terms(values: dict[str, Any], offers: QuerySet, p: str = "") -> QuerySet:
    """The `taxonomy_term_id` and `taxonomy_id` filters on offers (`p` leads to the offer)."""
    term = values["taxonomy_term_id"]
    if term:
        offers = offers.filter(_term_q(term, f"{p}categories") | _term_q(term, f"{p}target_groups"))
    taxonomy = values["taxonomy_id"]
    if taxonomy:
        offers = offers.filter(
            _taxonomy_q(taxonomy, f"{p}categories__taxonomy")
            | _taxonomy_q(taxonomy, f"{p}target_groups__taxonomy")
        )
    return offers


def filter_offers(values: dict[str, Any], offers: QuerySet, prefix: str = "") -> QuerySet:
    """The /services filters; `prefix` points from another model to the offer."""
    p = f"{prefix}__" if prefix else ""
    search = values["search"]
    if search:
        offers = offers.filter(
            Q(**{f"{p}title__icontains": search})
            | Q(**{f"{p}description__icontains": search})
            | Q(**{f"{p}summary__icontains": search})
            | Q(**{f"{p}provider__title__icontains": search})
        )
    offers = filter_by_terms(values, offers, p)
    organization = values["organization_id"]
    if organization:
        offers = offers.filter(_organization_q(organization, f"{p}provider"))
    modified = values["modified_after"]
    if modified is not None:
        offers = offers.filter(**{f"{p}last_published_at__gt": modified})
    postcode = values["postcode"]
    if postcode:
        field = "postal_code" if prefix else "locations__postal_code"
        offers = offers.filter(**{f"{field}__startswith": postcode})
    return offers.distinct()


# --- views -------------------------------------------------------------------------------------


@api_view
def root(request: HttpRequest) -> dict:
    """API metadata: the HSDS version and profile this API implements."""
    return {"version": HSDS_VERSION, "profile": HSDS_PROFILE, "openapi_url": HSDS_OPENAPI_URL}


@api_view
def services(request: HttpRequest) -> dict:
    values = query(request, "services")
    offers = filter_offers(values, offers_queryset())
    minimal = values["minimal"]
    return paginate(values, offers, lambda offer: service_data(offer, minimal=minimal))


@api_view
def service(request: HttpRequest, service_id: str) -> dict | None:
    offer = _by_hsds_id(offers_queryset(), "service", service_id)
    return service_data(offer) if offer is not None else None


@api_view
def organizations(request: HttpRequest) -> dict:
    values = query(request, "organizations")
    queryset = organizations_queryset()
    search = values["search"]
    if search:
        queryset = queryset.filter(Q(title__icontains=search) | Q(description__icontains=search))
    if values["taxonomy_term_id"] or values["taxonomy_id"]:
        # HSDS 3.1 filters organizations by term too; ours carry none themselves, so these
        # are the providers of public offers with the term.
        offers = filter_by_terms(values, offers_queryset())
        queryset = queryset.filter(pk__in=offers.values("provider_id"))
    full = not values["minimal"]
    return paginate(values, queryset, lambda org: organization_data(org, full=full))


@api_view
def organization(request: HttpRequest, organization_id: str) -> dict | None:
    found = _by_hsds_id(organizations_queryset(), "organization", organization_id)
    if found is None:
        return None
    data = organization_data(found)
    data["services"] = [
        service_data(offer, minimal=True) for offer in offers_queryset().filter(provider=found)
    ]
    return data


def _locations_queryset() -> QuerySet:
    offers = offers_queryset()
    return (
        OfferLocation.objects.filter(page__in=offers.values("pk"))
        .select_related("page")
        .order_by("page__path", "sort_order", "pk")
    )


@api_view
def service_at_locations(request: HttpRequest) -> dict:
    values = query(request, "service_at_locations")
    locations = _locations_queryset()
    offers = filter_offers(values, offers_queryset())
    locations = locations.filter(page__in=offers.values("pk"))
    postcode = values["postcode"]
    if postcode:
        locations = locations.filter(postal_code__startswith=postcode)
    return paginate(values, locations, lambda loc: service_at_location_data(loc, loc.page))


@api_view
def service_at_location(request: HttpRequest, sal_id: str) -> dict | None:
    found = _by_hsds_id(_locations_queryset(), "service_at_location", sal_id)
    if found is None:
        return None
    data = service_at_location_data(found, found.page)
    data["service"] = service_data(found.page, minimal=True)
    return data


@api_view
def taxonomies(request: HttpRequest) -> dict:
    values = query(request, "taxonomies")
    queryset = Taxonomy.objects.order_by("name")
    search = values["search"]
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(description__icontains=search))
    return paginate(values, queryset, taxonomy_data)


@api_view
def taxonomy(request: HttpRequest, taxonomy_id: str) -> dict | None:
    found = _by_hsds_id(Taxonomy.objects.all(), "taxonomy", taxonomy_id)
    if found is None:
        found = Taxonomy.objects.filter(slug=taxonomy_id).first()
    return taxonomy_data(found) if found else None


@api_view
def taxonomy_terms(request: HttpRequest) -> dict:
    values = query(request, "taxonomy_terms")
    queryset = TaxonomyTerm.objects.select_related("taxonomy", "parent").order_by(
        "taxonomy__name", "sort_order", "name"
    )
    taxonomy_id = values["taxonomy_id"]
    if taxonomy_id:
        queryset = queryset.filter(_taxonomy_q(taxonomy_id, "taxonomy"))
    parent_id = values["parent_id"]
    if parent_id:
        queryset = queryset.filter(_term_q(parent_id, "parent"))
    if values["top_only"]:
        queryset = queryset.filter(parent__isnull=True)
    # Each term in every language it has: the services' attributes link the translations by
    # their own ids, so a consumer must find them here too.
    terms = [data for term in queryset for data in term_in_every_language(term)]
    search = (values["search"] or "").casefold()
    if search:
        terms = [
            data
            for data in terms
            if any(search in (data.get(key) or "").casefold() for key in TERM_SEARCH_FIELDS)
        ]
    return paginate(values, terms, lambda data: data)


@api_view
def taxonomy_term(request: HttpRequest, term_id: str) -> dict | None:
    queryset = TaxonomyTerm.objects.select_related("taxonomy", "parent")
    found = _by_hsds_id(queryset, "taxonomy_term", term_id)
    if found is None:
        found = queryset.filter(code=term_id).first()
    if found is None:
        translated = _translated_term(term_id)
        return translated[1] if translated else None
    return taxonomy_term_data(found)
