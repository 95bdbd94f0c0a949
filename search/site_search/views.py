import logging
import re
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.safestring import SafeString

from wagtail.models import Page

from .highlighting import excerpt, query_terms, searchable_text

logger = logging.getLogger(__name__)

# Queries longer than this are cut: nobody types more, and the backends need not parse it.
MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
# Quotes, brackets and operators are query syntax for SQLite's FTS5 and PostgreSQL's
# tsquery; a visitor's stray quote must not become a syntax error, so only words remain.
_QUERY_SYNTAX = re.compile(r"[^\w\s\-.@']+")


def clean_query(raw: str) -> str:
    """Reduce visitor input to plain words the page search can always handle."""
    words = _QUERY_SYNTAX.sub(" ", raw[:MAX_QUERY_LENGTH]).split()
    return " ".join(word.strip("-.'") for word in words if word.strip("-.'"))


@dataclass
class SearchHit:
    page: Page
    excerpt: SafeString
    kind: str
    date: object
    region: Page | None


def _hit(page: Page, terms: list[str]) -> SearchHit:
    get_region = getattr(page, "get_region", None)
    region = get_region() if callable(get_region) else None
    date = getattr(page, "date", None) or getattr(page, "start", None)
    return SearchHit(
        page=page,
        excerpt=excerpt(searchable_text(page), terms),
        kind=str(page._meta.verbose_name),
        date=date,
        region=region if region is not None and region.pk != page.pk else None,
    )


def _backend_errors() -> tuple[type[BaseException], ...]:
    # The Elasticsearch client is only imported here, inside the search app.
    try:
        from elastic_transport import TransportError
        from elasticsearch import ApiError
    except ImportError:  # pragma: no cover - the client is a dependency
        return ()
    return (TransportError, ApiError)


def site_search(request: HttpRequest) -> HttpResponse:
    """Search over the site's pages with Wagtail's configured backend (Elasticsearch when
    ELASTICSEARCH_URL is set, the database otherwise). Each result shows an excerpt of the
    page's text around the query's words, which are highlighted (<mark>); titles stay plain
    so that they read (and copy) as written."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    terms = clean_query(query)
    results_page = None
    hits: list[SearchHit] = []
    status = 200
    unavailable = False
    if terms:
        results = Page.objects.live().public().specific().search(terms)
        try:
            results_page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
            words = query_terms(terms)
            hits = [_hit(page, words) for page in results_page.object_list]
        except _backend_errors():
            logger.exception("Site search failed for %r", terms)
            results_page, hits, unavailable, status = None, [], True, 503
    return TemplateResponse(
        request,
        "search/site_search.html",
        {
            "search_query": query,
            "results_page": results_page,
            "hits": hits,
            "search_unavailable": unavailable,
        },
        status=status,
    )
