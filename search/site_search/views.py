import re
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.safestring import SafeString

from wagtail.models import Page

from ..engine import FallbackEngine, elasticsearch_configured
from ..index import unavailable_on_failure
from .highlighting import excerpt, query_terms, searchable_text

# Wagtail's database backend, kept up to date next to Elasticsearch to answer while it is
# down (WAGTAILSEARCH_BACKENDS in config/settings/base.py).
FALLBACK_BACKEND = "database"

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


class PageQuery(NamedTuple):
    terms: str
    page: str | None


class PageSearch:
    """The page search on one of Wagtail's backends (WAGTAILSEARCH_BACKENDS), an engine for
    FallbackEngine: a results page, evaluated here so that a backend that does not answer
    raises EngineUnavailable (the mapping of search/index.py)."""

    def __init__(self, backend: str) -> None:
        self.backend = backend
        self.name = backend

    def search(self, params: PageQuery) -> DjangoPage:
        results = Page.objects.live().public().specific().search(params.terms, backend=self.backend)
        with unavailable_on_failure("pages"):
            results_page = Paginator(results, RESULTS_PER_PAGE).get_page(params.page)
            results_page.object_list = list(results_page.object_list)
        return results_page


def page_engine() -> PageSearch | FallbackEngine:
    """Elasticsearch (Wagtail's default backend) with Wagtail's database backend behind the
    circuit breaker when both are configured (config/settings/base.py), else the default."""
    if elasticsearch_configured() and FALLBACK_BACKEND in settings.WAGTAILSEARCH_BACKENDS:
        return FallbackEngine(PageSearch("default"), PageSearch(FALLBACK_BACKEND), key="pages")
    return PageSearch("default")


def site_search(request: HttpRequest) -> HttpResponse:
    """Search over the site's pages with Wagtail's configured backend (Elasticsearch when
    ELASTICSEARCH_URL is set, with the database answering while it does not; the database
    otherwise). Each result shows an excerpt of the page's text around the query's words,
    which are highlighted (<mark>); titles stay plain so that they read (and copy) as
    written."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    terms = clean_query(query)
    results_page = None
    hits: list[SearchHit] = []
    if terms:
        results_page = page_engine().search(PageQuery(terms, request.GET.get("page")))
        words = query_terms(terms)
        hits = [_hit(page, words) for page in results_page.object_list]
    return TemplateResponse(
        request,
        "search/site_search.html",
        {"search_query": query, "results_page": results_page, "hits": hits},
    )
