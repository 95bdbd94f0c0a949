"""The project's single Elasticsearch client, configured from settings.SEARCH.

Nothing outside the search app imports the elasticsearch package; everything that talks to
the cluster goes through get_client() and names its indices with index_name()."""

import threading

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from elasticsearch import Elasticsearch
from elasticsearch.serializer import NdjsonSerializer, OrjsonSerializer

_client: Elasticsearch | None = None
_lock = threading.Lock()


class SearchNotConfigured(ImproperlyConfigured):
    """No Elasticsearch URL is configured (the site then runs on the database fallback)."""


def _search_settings() -> dict:
    return getattr(settings, "SEARCH", None) or {}


def get_client() -> Elasticsearch:
    """The process-wide client (it is thread-safe and pools its connections)."""
    global _client
    with _lock:
        if _client is None:
            _client = _build_client()
        return _client


class OrjsonNdjsonSerializer(NdjsonSerializer):
    """NDJSON (the searches' `_msearch`, the rebuild's `_bulk`) encoded with orjson: the
    client's default encodes each line with the standard library, a good part of what the
    client cost a search request."""

    def json_dumps(self, data: object) -> bytes:
        return OrjsonSerializer.json_dumps(self, data)  # type: ignore[arg-type]

    def json_loads(self, data: bytes) -> object:
        return OrjsonSerializer.json_loads(self, data)  # type: ignore[arg-type]


def _build_client() -> Elasticsearch:
    config = _search_settings()
    urls = list(config.get("ELASTICSEARCH_URLS") or [])
    if not urls:
        raise SearchNotConfigured(
            "No Elasticsearch server is configured: set ELASTICSEARCH_URL "
            '(settings.SEARCH["ELASTICSEARCH_URLS"]).'
        )
    return Elasticsearch(
        hosts=urls,
        request_timeout=config.get("TIMEOUT", 5),
        max_retries=config.get("MAX_RETRIES", 2),
        # elastic-transport 8 retries only connection errors by default, not timeouts; a
        # node that is briefly busy (GC pause, merge) should get the other retries as well.
        retry_on_timeout=True,
        # Search answers are decoded and the searches encoded on every request; orjson does
        # both several times faster than the standard library.
        serializers={
            OrjsonSerializer.mimetype: OrjsonSerializer(),
            OrjsonNdjsonSerializer.mimetype: OrjsonNdjsonSerializer(),
        },
    )


ADMIN_TIMEOUT = 60


def admin_client() -> Elasticsearch:
    """The client with a long timeout for index administration (create, alias swap, bulk
    rebuild, refresh). A create that times out under load and is retried would fail with
    "already exists"; searches keep the short, configured timeout."""
    return get_client().options(
        request_timeout=max(ADMIN_TIMEOUT, _search_settings().get("TIMEOUT", 5))
    )


def reset_client() -> None:
    """Forget the cached client, e.g. after tests changed settings.SEARCH."""
    global _client
    with _lock:
        client, _client = _client, None
    if client is not None:
        client.close()


def index_name(name: str) -> str:
    """The physical index name: the configured prefix keeps environments (and test runs)
    sharing one cluster apart."""
    return f"{_search_settings().get('INDEX_PREFIX', '')}{name}"
