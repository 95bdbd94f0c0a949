"""The read-only HSDS 3.1 API (the published OpenAPI paths, plain Django views).

Only live, public, active offers are served, and only public contact persons: the API is
anonymous. Lists use HSDS paging (`page`, `per_page`) and answer with the Page envelope
(total_items, total_pages, page_number, size, first_page, last_page, empty, contents); bad
paging or filter values answer 400 with a JSON message. An object is found under its HSDS id
and, when that id was derived from a source id that is no UUID, under the source id too
(ids.py)."""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_GET

from ..models import OfferLocation, OfferPage, OfferStatus, OrganizationPage, Taxonomy, TaxonomyTerm
from . import HSDS_OPENAPI_URL, HSDS_PROFILE, HSDS_VERSION
from .ids import SourceIds, pk_from_generated
from .mapping import (
    organization_data,
    service_at_location_data,
    service_data,
    taxonomy_data,
    taxonomy_term_data,
)

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500


class BadRequest(Exception):
    pass


def _json(data: Any, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(message: str, status: int) -> JsonResponse:
    return _json({"detail": message, "status": status}, status=status)


def api_view(view: Callable[..., Any]) -> Callable[..., JsonResponse]:
    @require_GET
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        try:
            result = view(request, *args, **kwargs)
        except BadRequest as error:
            return _error(str(error), 400)
        if result is None:
            return _error("Not found.", 404)
        return _json(result)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


# --- parameters -------------------------------------------------------------------------------


def _int(request: HttpRequest, name: str, default: int, minimum: int, maximum: int | None) -> int:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"'{name}' must be a whole number, not {raw!r}.") from None
    if value < minimum or (maximum is not None and value > maximum):
        limit = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        raise BadRequest(f"'{name}' must be {limit}, not {value}.")
    return value


def _bool(request: HttpRequest, name: str) -> bool:
    raw = (request.GET.get(name) or "").strip().lower()
    if raw in ("", "false", "0", "no"):
        return False
    if raw in ("true", "1", "yes"):
        return True
    raise BadRequest(f"'{name}' must be true or false, not {raw!r}.")


def _modified_after(request: HttpRequest) -> datetime.datetime | None:
    raw = (request.GET.get("modified_after") or "").strip()
    if not raw:
        return None
    value = parse_datetime(raw.replace(" ", "+"))
    if value is None:
        day = parse_date(raw)
        if day is None:
            raise BadRequest(
                f"'modified_after' must be an ISO 8601 date or date-time, not {raw!r}."
            )
        value = datetime.datetime.combine(day, datetime.time.min)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def paginate(
    request: HttpRequest, items: QuerySet | list, serialize: Callable[[Any], dict]
) -> dict:
    page = _int(request, "page", 1, 1, None)
    per_page = _int(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
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
    """What the public HSDS surfaces show: live, public, active offers."""
    return (
        OfferPage.objects.live()
        .public()
        .filter(status=OfferStatus.ACTIVE)
        .order_by("path")
        .select_related("provider")
        .prefetch_related(
            "locations",
            "service_areas",
            "schedules",
            "contacts",
            "languages",
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
    return _id_q("taxonomy_term", value, prefix) | Q(**{f"{prefix}__code": value})


def _taxonomy_q(value: str, prefix: str) -> Q:
    return _id_q("taxonomy", value, prefix) | Q(**{f"{prefix}__slug": value})


def _organization_q(value: str, prefix: str) -> Q:
    return _id_q("organization", value, prefix)


def filter_by_terms(request: HttpRequest, offers: QuerySet, p: str = "") -> QuerySet:
    """The `taxonomy_term_id` and `taxonomy_id` filters on offers (`p` leads to the offer)."""
    term = (request.GET.get("taxonomy_term_id") or "").strip()
    if term:
        offers = offers.filter(_term_q(term, f"{p}categories") | _term_q(term, f"{p}target_groups"))
    taxonomy = (request.GET.get("taxonomy_id") or "").strip()
    if taxonomy:
        offers = offers.filter(
            _taxonomy_q(taxonomy, f"{p}categories__taxonomy")
            | _taxonomy_q(taxonomy, f"{p}target_groups__taxonomy")
        )
    return offers


def filter_offers(request: HttpRequest, offers: QuerySet, prefix: str = "") -> QuerySet:
    """The /services filters; `prefix` points from another model to the offer."""
    p = f"{prefix}__" if prefix else ""
    search = (request.GET.get("search") or "").strip()
    if search:
        offers = offers.filter(
            Q(**{f"{p}title__icontains": search})
            | Q(**{f"{p}description__icontains": search})
            | Q(**{f"{p}summary__icontains": search})
            | Q(**{f"{p}provider__title__icontains": search})
        )
    offers = filter_by_terms(request, offers, p)
    organization = (request.GET.get("organization_id") or "").strip()
    if organization:
        offers = offers.filter(_organization_q(organization, f"{p}provider"))
    modified = _modified_after(request)
    if modified is not None:
        offers = offers.filter(**{f"{p}last_published_at__gt": modified})
    postcode = (request.GET.get("postcode") or "").strip()
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
    minimal = _bool(request, "minimal")
    _bool(request, "full")  # accepted for compatibility: lists are full unless minimal
    offers = filter_offers(request, offers_queryset())
    return paginate(request, offers, lambda offer: service_data(offer, minimal=minimal))


@api_view
def service(request: HttpRequest, service_id: str) -> dict | None:
    offer = _by_hsds_id(offers_queryset(), "service", service_id)
    return service_data(offer) if offer is not None else None


@api_view
def organizations(request: HttpRequest) -> dict:
    minimal = _bool(request, "minimal")
    _bool(request, "full")
    queryset = organizations_queryset()
    search = (request.GET.get("search") or "").strip()
    if search:
        queryset = queryset.filter(Q(title__icontains=search) | Q(description__icontains=search))
    if request.GET.get("taxonomy_term_id") or request.GET.get("taxonomy_id"):
        # HSDS 3.1 filters organizations by term too; ours carry none themselves, so these
        # are the providers of public offers with the term.
        offers = filter_by_terms(request, offers_queryset())
        queryset = queryset.filter(pk__in=offers.values("provider_id"))
    return paginate(request, queryset, lambda org: organization_data(org, full=not minimal))


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
    locations = _locations_queryset()
    offers = filter_offers(request, offers_queryset())
    locations = locations.filter(page__in=offers.values("pk"))
    postcode = (request.GET.get("postcode") or "").strip()
    if postcode:
        locations = locations.filter(postal_code__startswith=postcode)
    return paginate(request, locations, lambda loc: service_at_location_data(loc, loc.page))


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
    queryset = Taxonomy.objects.order_by("name")
    search = (request.GET.get("search") or "").strip()
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(description__icontains=search))
    return paginate(request, queryset, taxonomy_data)


@api_view
def taxonomy(request: HttpRequest, taxonomy_id: str) -> dict | None:
    found = _by_hsds_id(Taxonomy.objects.all(), "taxonomy", taxonomy_id)
    if found is None:
        found = Taxonomy.objects.filter(slug=taxonomy_id).first()
    return taxonomy_data(found) if found else None


@api_view
def taxonomy_terms(request: HttpRequest) -> dict:
    queryset = TaxonomyTerm.objects.select_related("taxonomy", "parent").order_by(
        "taxonomy__name", "sort_order", "name"
    )
    search = (request.GET.get("search") or "").strip()
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search) | Q(code__icontains=search) | Q(description__icontains=search)
        )
    taxonomy_id = (request.GET.get("taxonomy_id") or "").strip()
    if taxonomy_id:
        queryset = queryset.filter(_taxonomy_q(taxonomy_id, "taxonomy"))
    parent_id = (request.GET.get("parent_id") or "").strip()
    if parent_id:
        queryset = queryset.filter(_term_q(parent_id, "parent"))
    if _bool(request, "top_only"):
        queryset = queryset.filter(parent__isnull=True)
    return paginate(request, queryset, taxonomy_term_data)


@api_view
def taxonomy_term(request: HttpRequest, term_id: str) -> dict | None:
    queryset = TaxonomyTerm.objects.select_related("taxonomy", "parent")
    found = _by_hsds_id(queryset, "taxonomy_term", term_id)
    if found is None:
        found = queryset.filter(code=term_id).first()
    return taxonomy_term_data(found) if found else None
