import re

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from wagtail.models import Page

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


def site_search(request: HttpRequest) -> HttpResponse:
    """Search over the site's pages with Wagtail's configured backend (Elasticsearch when
    ELASTICSEARCH_URL is set, the database otherwise)."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    terms = clean_query(query)
    results_page = None
    if terms:
        results = Page.objects.live().public().specific().search(terms)
        results_page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "search/site_search.html",
        {"search_query": query, "results_page": results_page},
    )
