"""The floor: the least a Django view served like the site (gunicorn, the same settings and
middleware) can do for a search — send the request(s) the site sends to Elasticsearch,
recorded by the harness into the file BENCHMARK_FLOOR_REQUESTS, and return the answer as it
came. `/floor/` sends the finder page's requests (the site's finder page cannot serve more
requests per second than this); `/floor/<query>/` those of one API query (the API cannot
answer sooner than this: what it adds over raw Elasticsearch beyond the floor is the site's
own work)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

import urllib3

from config.urls import urlpatterns as site_urlpatterns

from .measure import read_requests


@cache
def _requests() -> dict[str, list[dict[str, Any]]]:
    """Per name ("finder", or an API query's name), the recorded requests."""
    return read_requests(Path(os.environ["BENCHMARK_FLOOR_REQUESTS"]))


@cache
def _pool() -> tuple[urllib3.PoolManager, str]:
    base = os.environ["ELASTICSEARCH_URL"].split(",")[0].rstrip("/")
    return urllib3.PoolManager(maxsize=2), base


def floor(request: HttpRequest, name: str = "finder") -> HttpResponse:
    if name not in _requests():
        raise Http404(name)
    pool, base = _pool()
    answer = b""
    for item in _requests()[name]:
        answer = pool.request(
            item["method"], base + item["target"], body=item["body"], headers=item["headers"]
        ).data
    return HttpResponse(answer, content_type="application/json")


# The floor first, then the site's own URLs: the middleware resolves some of them (the
# security headers ask where the admin lives), as it does on the site.
urlpatterns = [path("floor/", floor), path("floor/<slug:name>/", floor), *site_urlpatterns]
