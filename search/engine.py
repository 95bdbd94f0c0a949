"""What every search answers through: an engine (Elasticsearch or the database, same
interface, same answers), and `FallbackEngine`, which asks the first and falls back to the
second when the first is unavailable.

The fallback has a circuit breaker: after Elasticsearch failed, the database answers alone for
SEARCH["RETRY_AFTER_SECONDS"] (10), so visitors do not each wait for a timeout while the
cluster is down; the failure is logged once per opening. The breaker is per engine name and
client, so a new client (other settings) starts closed."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Protocol

from django.conf import settings

from .client import get_client

logger = logging.getLogger(__name__)


class EngineUnavailable(Exception):
    """The engine did not answer (Elasticsearch down, overloaded, or no index yet)."""


class SearchEngine(Protocol):
    """The common interface; the offer and partner searches add their own operations."""

    name: str

    def search(self, params: Any) -> dict[str, Any]: ...


class CircuitBreaker:
    """Open for `retry_after` seconds after a failure of the engine behind `key`."""

    def __init__(self) -> None:
        self._open_until: dict[str, tuple[Any, float]] = {}
        self._lock = threading.Lock()

    def is_open(self, key: str, client: Any) -> bool:
        opened = self._open_until.get(key)
        return opened is not None and opened[0] is client and time.monotonic() < opened[1]

    def open(self, key: str, client: Any) -> None:
        retry = (getattr(settings, "SEARCH", None) or {}).get("RETRY_AFTER_SECONDS", 10)
        with self._lock:
            self._open_until[key] = (client, time.monotonic() + retry)

    def reset(self) -> None:
        with self._lock:
            self._open_until.clear()


breaker = CircuitBreaker()


def reset_health() -> None:
    """Close every breaker (tests, or after an operator fixed the cluster)."""
    breaker.reset()


class FallbackEngine:
    """`primary` (Elasticsearch) first; `secondary` (the database) when it raises
    EngineUnavailable or while its breaker is open. Any operation of the engines (search,
    map, suggest …) goes through `call`."""

    def __init__(self, primary: Any, secondary: Any, key: str) -> None:
        self.primary = primary
        self.secondary = secondary
        self.key = key
        self.name = primary.name

    def call(self, operation: str, *args: Any, **kwargs: Any) -> Any:
        client = get_client()
        if breaker.is_open(self.key, client):
            return getattr(self.secondary, operation)(*args, **kwargs)
        try:
            return getattr(self.primary, operation)(*args, **kwargs)
        except EngineUnavailable as error:
            logger.warning(
                "Elasticsearch did not answer (%s), the database answers: %s", self.key, error
            )
            breaker.open(self.key, client)
            return getattr(self.secondary, operation)(*args, **kwargs)

    def search(self, params: Any) -> dict[str, Any]:
        return self.call("search", params)

    def __getattr__(self, operation: str) -> Any:
        # The other operations of the engines it wraps (map, suggest, …).
        if operation.startswith("_") or not hasattr(self.primary, operation):
            raise AttributeError(operation)
        return lambda *args, **kwargs: self.call(operation, *args, **kwargs)


def elasticsearch_configured() -> bool:
    return bool((getattr(settings, "SEARCH", None) or {}).get("ELASTICSEARCH_URLS"))


def choose(primary: Any, secondary: Any, key: str) -> Any:
    """Elasticsearch with the database as fallback when ELASTICSEARCH_URL is set, otherwise
    the database alone."""
    if elasticsearch_configured():
        return FallbackEngine(primary, secondary, key)
    return secondary
