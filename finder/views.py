"""The family finder: the offer search as a page that works without JavaScript.

It takes exactly the query parameters of `GET /api/v1/offers/`, validates them with the same
schema (search.offers.params.parse_search_params) and asks the same engine
(search.offers.engines.get_engine), so the page and the API always agree.
`finder/static/finder/finder.js` enhances the page in place: it fetches the `results` view (the
same template parts) and keeps the URL in sync."""

from __future__ import annotations

import datetime
import math
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from home.process_copy import ProcessCopy
from offers_directory.conf import get_setting
from offers_directory.maps import tile_context
from offers_directory.regions import region_page_model
from offers_directory.templatetags.offer_text_tags import page_language
from search.index import MAX_RESULT_WINDOW
from search.offers.engines import answer_search, get_engine
from search.offers.labels import offer_labels
from search.offers.params import parse_search_params
from search.offers.schemas import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from search.params import DEFAULT_RADIUS_KM, MAX_RADIUS_KM, InvalidSearchParams

from . import site_settings
from .opening import next_openings
from .timeline import MAX_WEEKS_UNTIL_BIRTH, PLACE_PARAMS, SOON_WEEKS, build_timeline

# The API's parameters (search/offers/schemas.py) plus `map=1`: the visitor's consent to load
# the map for this visit, carried in the URL because the finder stores nothing in the browser.
MULTI_PARAMS = ("category", "language", "age_group", "free", "accessible", "region", "provider")
SINGLE_PARAMS = ("q", "near", "radius_km", "lat", "lon", "bbox", "age_months", "pregnant", "sort")
STATE_PARAMS = (*SINGLE_PARAMS, *MULTI_PARAMS, "page", "map")
# Facets in the order a family narrows down: what, for whom, in which language, costs.
FACETS: list[tuple[str, Any]] = [
    ("category", gettext_lazy("Type of offer")),
    ("age_group", gettext_lazy("Age of the child")),
    ("language", gettext_lazy("Languages spoken")),
    ("free", gettext_lazy("Costs")),
    ("accessible", gettext_lazy("Accessibility")),
    ("region", gettext_lazy("Region")),
    ("provider", gettext_lazy("Provider")),
]
RADIUS_CHOICES = [5, 10, 25, 50, 100, 200]
SORT_CHOICES = [
    ("best", gettext_lazy("Best match")),
    ("relevance", gettext_lazy("Relevance")),
    ("distance", gettext_lazy("Distance")),
]
PRINT_PAGE_SIZE = MAX_PAGE_SIZE
# „Was passt jetzt?“ without JavaScript: the child's age to choose, in months.
AGE_CHOICES = [*range(0, 37), 42, 48, 54, 60, 66, 72]
# Facets a family could drop when nothing is found (each counted server-side).
DROPPABLE = (*MULTI_PARAMS, "q", "age_months", "pregnant", "bbox")


# The offline basemap's settings: the counties of the published regions, worked out from the
# gazetteer (milliseconds of every page view), change only with a region page; kept like the
# facet labels (home/process_copy.py), dropped when a region page is saved or deleted.
basemap_settings: ProcessCopy[dict[str, Any]] = ProcessCopy(
    "finder_basemap",
    lambda: {"tiles": tile_context(None)},
    lambda: [model for model in [region_page_model()] if model is not None],
)


def map_tiles(request: HttpRequest) -> dict[str, Any]:
    """tile_context(request): without a tile server it does not depend on the request (the
    site serves its own basemap), and it comes from the cache."""
    if get_setting("TILE_URL"):
        return tile_context(request)
    return dict(basemap_settings.get()["tiles"])


def finder_state(data: QueryDict) -> list[tuple[str, str]]:
    """The search state as ordered (name, value) pairs: known parameters, no blanks."""
    pairs: list[tuple[str, str]] = []
    for name in STATE_PARAMS:
        for value in data.getlist(name):
            value = value.strip()
            if value:
                if name in SINGLE_PARAMS or name in ("page", "map"):
                    pairs = [(n, v) for n, v in pairs if n != name]
                pairs.append((name, value))
    names = {name for name, _v in pairs}
    if "near" in names and names & {"lat", "lon"}:
        # The page renders the place field empty while coordinates ("my location") are in
        # use, so a place next to them was typed afterwards and replaces them.
        pairs = [(n, v) for n, v in pairs if n not in ("lat", "lon")]
    return pairs


def _search_data(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """What the engine gets: without search words, relevance means nothing, so a search
    around a place always lists the nearest offers first."""
    names = {name for name, _v in pairs}
    if "q" not in names and names & {"near", "lat"}:
        return [*[(n, v) for n, v in pairs if n != "sort"], ("sort", "distance")]
    return pairs


def state_query(pairs: list[tuple[str, str]]) -> str:
    return urlencode(pairs)


def state_dict(pairs: list[tuple[str, str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in pairs:
        data.appendlist(name, value)
    return data


def _without(
    pairs: list[tuple[str, str]], name: str, value: str | None = None
) -> list[tuple[str, str]]:
    return [
        (n, v)
        for n, v in pairs
        if not (n == name and (value is None or v == value)) and n != "page"
    ]


def _with(pairs: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    return [*_without(pairs, name), (name, value)]


def _count(pairs: list[tuple[str, str]]) -> int | None:
    try:
        params = parse_search_params(state_dict(_with(pairs, "page_size", "1")))
    except InvalidSearchParams:
        return None
    return get_engine().search(params)["count"]


def alternatives(
    pairs: list[tuple[str, str]], params: Any, facets: dict[str, list[dict]], finder_url: str
) -> list[dict[str, Any]]:
    """What a family could change when nothing is found, each with the number of offers it
    would find: a wider radius first, then dropping one filter (the narrowest first)."""
    found: list[dict[str, Any]] = []
    if params.place is not None and params.radius_km < MAX_RADIUS_KM:
        for radius in [r for r in RADIUS_CHOICES if r > params.radius_km]:
            wider = _with(pairs, "radius_km", str(radius))
            count = _count(wider)
            if count:
                found.append(
                    {
                        "label": _("Search within %(km)s km") % {"km": radius},
                        "count": count,
                        "url": f"{finder_url}?{state_query(wider)}",
                    }
                )
                break
    drops: list[dict[str, Any]] = []
    labels = {
        (facet, item["value"]): item["label"] for facet, items in facets.items() for item in items
    }
    vocabulary = offer_labels.get()
    for name, value in pairs:
        if name not in DROPPABLE:
            continue
        fewer = _without(pairs, name, value)
        count = _count(fewer)
        if not count:
            continue
        if name == "q":
            label = _("Without the search words “%(q)s”") % {"q": value}
        elif name == "bbox":
            label = _("Outside the map area too")
        elif name == "age_months":
            label = _("Without the child's age")
        elif name == "pregnant":
            label = _("Not only for pregnant women")
        else:
            # A value the facets no longer list (none left) is named from the vocabulary.
            shown = labels.get((name, value)) or vocabulary.get(name, {}).get(value, value)
            label = _("Without the filter “%(filter)s”") % {"filter": shown}
        drops.append({"label": label, "count": count, "url": f"{finder_url}?{state_query(fewer)}"})
    # The narrowest filter is the one whose removal finds the most.
    drops.sort(key=lambda item: -item["count"])
    return found + drops[:3]


def _pages(page: int, last: int) -> list[int | None]:
    """Page numbers around the current one, with None for a gap."""
    shown = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    result: list[int | None] = []
    for number in shown:
        if result and number - (result[-1] or 0) > 1:
            result.append(None)
        result.append(number)
    return result


def _format_results(results: list[dict[str, Any]], back: str) -> list[dict[str, Any]]:
    labels = offer_labels.get()
    categories, languages = labels["category"], labels["language"]
    openings = next_openings([r["id"] for r in results])
    formatted = []
    for result in results:
        url = result.get("url") or ""
        formatted.append(
            {
                **result,
                "detail_url": f"{url}?{urlencode({'back': back})}" if url else "",
                "category_labels": [categories.get(c, c) for c in result["categories"]],
                "language_labels": [languages.get(c, c) for c in result["languages"]],
                "opening": openings.get(result["id"]),
                "verified_date": (
                    datetime.date.fromisoformat(result["verified_on"])
                    if result.get("verified_on")
                    else None
                ),
            }
        )
    return formatted


def _facet_groups(facets: dict[str, list[dict]]) -> list[dict[str, Any]]:
    groups = []
    for name, title in FACETS:
        items = facets.get(name) or []
        if not items:
            continue
        groups.append(
            {
                "name": name,
                "title": title,
                "selected": sum(1 for item in items if item["selected"]),
                "items": items,
            }
        )
    return groups


def finder_context(request: HttpRequest, *, print_view: bool = False) -> dict[str, Any]:
    pairs = finder_state(request.GET)
    finder_url = reverse("finder:finder")
    query = state_query(pairs)
    back = f"{finder_url}?{query}" if query else finder_url
    context: dict[str, Any] = {
        "state": dict(pairs),
        "state_query": query,
        "finder_url": finder_url,
        "results_url": reverse("finder:results"),
        "selected": {name: [v for n, v in pairs if n == name] for name in MULTI_PARAMS},
        "radius_choices": RADIUS_CHOICES,
        "sort_choices": SORT_CHOICES,
        "default_radius": int(DEFAULT_RADIUS_KM),
        "map_consent": dict(pairs).get("map") == "1",
        "print_view": print_view,
        "print_url": f"{finder_url}?{state_query([*_without(pairs, 'print'), ('print', '1')])}",
        "errors": [],
        "results": [],
        "facet_groups": [],
        "count": None,
    }
    searched = _search_data(pairs)
    if print_view:
        searched = [
            *[(n, v) for n, v in searched if n != "page"],
            ("page_size", str(PRINT_PAGE_SIZE)),
        ]
    # Titles and summaries come in the page's language where editors translated them.
    data = state_dict([*searched, ("lang", page_language())])
    try:
        params = parse_search_params(data)
    except InvalidSearchParams as error:
        context["errors"] = [e.as_dict() for e in error.errors]
        context["error_suggestions"] = [
            {
                **suggestion,
                "url": f"{finder_url}?{state_query(_with(pairs, 'near', suggestion['label']))}",
            }
            for e in error.errors
            for suggestion in e.suggestions
        ]
        # "Welches Neustadt meinen Sie?": each candidate is a link that searches around it.
        context["place_candidates"] = [
            {
                **candidate,
                "url": f"{finder_url}?{state_query(_with(pairs, 'near', candidate['near']))}",
            }
            for e in error.errors
            for candidate in e.candidates
        ]
        context["ambiguous_name"] = data.get("near", "").strip()
        return context
    # The print view repeats a search the visitor already made.
    response = get_engine().search(params) if print_view else answer_search(params)
    facets = response.get("facets") or {}
    count = response["count"]
    page_size = params.page_size or DEFAULT_PAGE_SIZE
    last = max(1, min(math.ceil(count / page_size), MAX_RESULT_WINDOW // page_size))
    context.update(
        engine=response.get("engine"),
        count=count,
        location=response.get("location"),
        radius_km=params.radius_km,
        has_place=params.place is not None,
        page_number=params.page,
        sort=params.sort,
        has_words=bool(params.q),
        first_rank=(params.page - 1) * page_size + 1,
        last_page=last,
        results=_format_results(response["results"], back),
        facet_groups=_facet_groups(facets),
        bbox=params.bbox,
    )
    if not print_view and last > 1:
        context["pagination"] = {
            "previous": f"{finder_url}?{state_query(_with(pairs, 'page', str(params.page - 1)))}"
            if params.page > 1
            else None,
            "next": f"{finder_url}?{state_query(_with(pairs, 'page', str(params.page + 1)))}"
            if params.page < last
            else None,
            "pages": [
                {
                    "number": number,
                    "url": f"{finder_url}?{state_query(_with(pairs, 'page', str(number)))}",
                }
                if number
                else None
                for number in _pages(params.page, last)
            ],
        }
    if count == 0:
        context["alternatives"] = alternatives(pairs, params, facets, finder_url)
    remove_links = []
    if params.bbox is not None:
        remove_links.append(
            {"label": _("Map area"), "url": f"{finder_url}?{state_query(_without(pairs, 'bbox'))}"}
        )
    remove_links += [
        {
            "label": item["label"],
            "url": f"{finder_url}?{state_query(_without(pairs, group['name'], item['value']))}",
        }
        for group in context["facet_groups"]
        for item in group["items"]
        if item["selected"]
    ]
    context["remove_links"] = remove_links
    context["map_data"] = {
        "count": count,
        "location": response.get("location"),
        "bbox": list(params.bbox) if params.bbox else None,
        "points": [
            {
                "id": r["id"],
                "title": r["title"],
                "lat": r["nearest_location"]["latitude"],
                "lon": r["nearest_location"]["longitude"],
            }
            for r in response["results"]
            if r.get("nearest_location")
        ],
    }
    return context


@require_GET
def finder(request: HttpRequest) -> HttpResponse:
    print_view = request.GET.get("print") == "1"
    site_settings.prime(request)
    context = finder_context(request, print_view=print_view)
    context.update(
        js_text={
            "failed": _("The results could not be loaded. Please try again."),
            "locating": _("Finding your location …"),
            "locateFailed": _(
                "Your location could not be determined. Please enter a postcode or place."
            ),
            "zoomIn": _("Zoom in"),
            "zoomOut": _("Zoom out"),
            "cluster": _("%s offers in this area – zoom in"),
            "details": _("Details"),
            "offersSuggestUrl": reverse("api_v1:offers_suggest"),
            "placesSuggestUrl": reverse("api_v1:places_suggest"),
        },
        **map_tiles(request),
    )
    template = "finder/print.html" if print_view else "finder/finder.html"
    return render(request, template, context)


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    """The parts of the page that change with the search (filters, status, list), for the
    page's JavaScript: the same templates, so enhanced and plain pages look alike."""
    response = render(request, "finder/parts.html", finder_context(request))
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def timeline(request: HttpRequest) -> HttpResponse:
    """„Was passt jetzt?“ (finder/timeline.py): the page answers the stage the query names —
    an age in months or a pregnancy, never a date — and works without JavaScript."""
    result = build_timeline(request.GET)
    pairs = finder_state(request.GET)
    context = {
        "timeline": result,
        "stage": result.stage,
        "state": dict(pairs),
        "weeks_until_birth": request.GET.get("weeks_until_birth", "").strip(),
        "age_choices": AGE_CHOICES,
        "weeks_choices": range(0, MAX_WEEKS_UNTIL_BIRTH + 1),
        "radius_choices": RADIUS_CHOICES,
        "default_radius": int(DEFAULT_RADIUS_KM),
        "soon_weeks": SOON_WEEKS,
        "finder_url": reverse("finder:finder"),
        "finder_query": state_query(
            [(n, v) for n, v in pairs if n in (*PLACE_PARAMS, "age_months")]
        ),
    }
    back = f"{reverse('timeline')}?{request.GET.urlencode()}"
    for name in ("now", "soon"):
        context[f"{name}_results"] = _format_results(getattr(result, name), back)
    return render(request, "finder/timeline.html", context)
