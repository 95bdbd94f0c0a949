"""The offer document in Elasticsearch (elasticsearch.dsl), and the facet vocabulary.

Text is analysed in Python (search/analysis.py) and stored as space-separated terms in fields
mapped with the built-in `whitespace` analyzer: the integ-test distribution has no
analysis-common module (no German stemmer, folding, decompounder or synonym filter), and
doing it in Python gives identical matching in Elasticsearch and the database engine."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    GeoPoint,
    Integer,
    Keyword,
    Long,
    Object,
    Text,
)

OFFERS = "offers"

# Age-group buckets (months, upper bound exclusive); an offer is in every bucket its
# age range overlaps. "pregnancy" is its own bucket.
AGE_GROUPS: list[tuple[str, int, int]] = [
    ("0-12", 0, 12),
    ("12-36", 12, 36),
    ("36-72", 36, 72),
    ("72+", 72, 100_000),
]
# Facet values and their labels (translated when a label is shown: search/offers/labels.py).
AGE_GROUP_LABELS = {
    "pregnancy": gettext_lazy("Pregnancy"),
    "0-12": gettext_lazy("0 to 1 year"),
    "12-36": gettext_lazy("1 to 3 years"),
    "36-72": gettext_lazy("3 to 6 years"),
    "72+": gettext_lazy("6 years and older"),
}
FREE_LABELS = {
    "true": gettext_lazy("free of charge"),
    "false": gettext_lazy("with a fee"),
}
ACCESSIBLE_LABELS = {
    "true": gettext_lazy("accessible"),
    "false": gettext_lazy("not accessible"),
}
# Facet name → document field.
FACETS: dict[str, str] = {
    "category": "category",
    "language": "language",
    "age_group": "age_group",
    "free": "free",
    "accessible": "accessible",
    "region": "region",
    "provider": "provider",
}
NO_AGE_LIMIT = 100_000


class OfferDocument(Document):
    offer_id = Integer()
    source_id = Keyword()
    title = Text(analyzer="standard")
    summary = Text(index=False)
    description = Text(index=False)
    # Editors' titles and summaries per language (searched through `terms`), for the answer.
    translations = Object(enabled=False)
    url = Keyword(index=False)
    # Python-analysed terms (see the module docstring); title terms again for a boost. Only
    # term and fuzzy queries read them: frequencies for the score, no positions.
    terms = Text(analyzer="whitespace", index_options="freqs")
    title_terms = Text(analyzer="whitespace", index_options="freqs")
    title_prefixes = Keyword()
    # Words a coordinator said the offer answers (insights/), already part of `terms`.
    hint_terms = Text(analyzer="whitespace", index_options="freqs")
    geo = GeoPoint(multi=True)
    # For the response: what a result shows of each location (not searchable).
    locations = Object(enabled=False, multi=True)
    area_cells = Keyword(multi=True)
    has_areas = Boolean()
    # Facets: their global ordinals are built when the index refreshes, not by the first
    # search after it.
    category = Keyword(multi=True, eager_global_ordinals=True)
    language = Keyword(multi=True, eager_global_ordinals=True)
    age_group = Keyword(multi=True, eager_global_ordinals=True)
    min_age_months = Integer()
    max_age_months = Integer()
    during_pregnancy = Boolean()
    free = Boolean()
    accessible = Boolean()
    region = Keyword(eager_global_ordinals=True)
    provider = Keyword(eager_global_ordinals=True)
    valid_to = Date()
    # Compared with today's limits at query time (offers_directory/freshness.py).
    verified_on = Date()
    published_at = Date()
    fingerprint = Keyword()
    version = Long()


def age_groups(min_months: int | None, max_months: int | None, pregnancy: bool) -> list[str]:
    low = min_months or 0
    high = NO_AGE_LIMIT if max_months is None else max_months
    groups = ["pregnancy"] if pregnancy else []
    for name, start, end in AGE_GROUPS:
        if low < end and high >= start:
            groups.append(name)
    return groups
