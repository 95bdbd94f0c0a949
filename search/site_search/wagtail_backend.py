"""Wagtail's page search on Elasticsearch with core analysis only.

Wagtail's own Elasticsearch backend declares ngram/edge_ngram analyzers with `asciifolding`
and `lowercase` filters, which live in Elasticsearch's analysis-common module. Minimal
distributions (the integ-test one used by the test suite) lack that module, and index
creation fails there. This backend keeps Wagtail's mapping and queries unchanged but defines
the analyzer names they refer to as the core `standard` analyzer, which every distribution
has. The price: autocomplete (`Page.objects.autocomplete`) matches whole words only, not word
beginnings; the site search uses full-text search and is unaffected.

Select it with WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.site_search.wagtail_backend".

A page index that is missing (Elasticsearch restarted without its data) takes no writes:
Elasticsearch would create it on the first save with a mapping guessed from that one page,
and searches would then match wrongly until someone noticed. The save goes on (the database
backend beside it is current and answers /suche/ meanwhile), and the queue worker
(`search_index --process-queue`) rebuilds the index with Wagtail's mapping
(`missing_page_indices`, `rebuild_page_index`).
"""

import logging
from copy import deepcopy
from typing import Any

from django.core.management import call_command

from wagtail.search.backends import get_search_backend
from wagtail.search.backends.elasticsearch8 import (
    Elasticsearch8Index,
    Elasticsearch8SearchBackend,
)
from wagtail.search.index import get_indexed_models

logger = logging.getLogger(__name__)

CORE_ANALYSIS_SETTINGS: dict[str, Any] = {
    "settings": {
        "analysis": {
            "analyzer": {
                # The mapping refers to these names; both are plain `standard` here.
                "ngram_analyzer": {"type": "standard"},
                "edgengram_analyzer": {"type": "standard"},
            },
        },
    }
}


class ExistingIndexOnly(Elasticsearch8Index):
    """Writes only into an index that exists (see the module's docstring)."""

    def _missing(self) -> bool:
        if self.es.indices.exists(index=self.name):
            return False
        logger.warning(
            "The page index %s is missing: the write is skipped until the queue worker "
            "(search_index --process-queue) rebuilds it.",
            self.name,
        )
        return True

    def add_item(self, item: Any) -> None:
        if not self._missing():
            super().add_item(item)

    def add_items(self, model: Any, items: Any) -> None:
        if not self._missing():
            super().add_items(model, items)


class CoreAnalysisSearchBackend(Elasticsearch8SearchBackend):
    # Replaces (not merges with) Wagtail's analysis settings; INDEX_SETTINGS from the
    # backend's configuration are still merged on top by the base class.
    settings = deepcopy(CORE_ANALYSIS_SETTINGS)
    index_class = ExistingIndexOnly


SearchBackend = CoreAnalysisSearchBackend


def missing_page_indices(backend_name: str = "default") -> list[str]:
    """The names of the page indices the backend writes to that Elasticsearch lacks (none
    when the backend is not this Elasticsearch backend)."""
    backend = get_search_backend(backend_name)
    if not isinstance(backend, CoreAnalysisSearchBackend):
        return []
    names = {backend.get_index_for_model(model).name for model in get_indexed_models()}
    return sorted(name for name in names if not backend.es.indices.exists(index=name))


def rebuild_page_index(backend_name: str = "default") -> None:
    """Wagtail's own rebuild: every indexed model's mapping, then all their objects."""
    call_command("update_index", backend_name=backend_name, verbosity=0)
