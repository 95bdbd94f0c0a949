"""The floor: the least a Django view served like the site (gunicorn, the same settings and
middleware) can do for a search — send the request(s) the finder page sends to Elasticsearch,
recorded by the harness into the file BENCHMARK_FLOOR_REQUESTS, and return the answer as it
came. The site's finder page cannot be faster than this."""

from __future__ import annotations

import base64
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path

import urllib3

from config.urls import urlpatterns as site_urlpatterns


@cache
def _requests() -> list[dict[str, Any]]:
    items = json.loads(Path(os.environ["BENCHMARK_FLOOR_REQUESTS"]).read_text())
    for item in items:
        item["body"] = base64.b64decode(item["body"])
    return items


@cache
def _pool() -> tuple[urllib3.PoolManager, str]:
    base = os.environ["ELASTICSEARCH_URL"].split(",")[0].rstrip("/")
    return urllib3.PoolManager(maxsize=2), base


def floor(request: HttpRequest) -> HttpResponse:
    pool, base = _pool()
    answer = b""
    for item in _requests():
        answer = pool.request(
            item["method"], base + item["target"], body=item["body"], headers=item["headers"]
        ).data
    return HttpResponse(answer, content_type="application/json")


# The floor first, then the site's own URLs: the middleware resolves some of them (the
# security headers ask where the admin lives), as it does on the site.
urlpatterns = [path("floor/", floor), *site_urlpatterns]
