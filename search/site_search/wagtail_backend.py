"""Wagtail's page search on Elasticsearch with core analysis only.

Wagtail's own Elasticsearch backend declares ngram/edge_ngram analyzers with `asciifolding`
and `lowercase` filters, which live in Elasticsearch's analysis-common module. Minimal
distributions (the integ-test one used by the test suite) lack that module, and index
creation fails there. This backend keeps Wagtail's mapping and queries unchanged but defines
the analyzer names they refer to as the core `standard` analyzer, which every distribution
has. The price: autocomplete (`Page.objects.autocomplete`) matches whole words only, not word
beginnings; the site search uses full-text search and is unaffected.

Select it with WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.site_search.wagtail_backend".
"""

from copy import deepcopy
from typing import Any

from wagtail.search.backends.elasticsearch8 import Elasticsearch8SearchBackend

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


class CoreAnalysisSearchBackend(Elasticsearch8SearchBackend):
    # Replaces (not merges with) Wagtail's analysis settings; INDEX_SETTINGS from the
    # backend's configuration are still merged on top by the base class.
    settings = deepcopy(CORE_ANALYSIS_SETTINGS)


SearchBackend = CoreAnalysisSearchBackend
