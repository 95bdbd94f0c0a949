"""The offer document in Elasticsearch (elasticsearch.dsl), and the facet vocabulary.

Text is analysed in Python (search/analysis.py) and stored as space-separated terms in fields
mapped with the built-in `whitespace` analyzer: the integ-test distribution has no
analysis-common module (no German stemmer, folding, decompounder or synonym filter), and
doing it in Python gives identical matching in Elasticsearch and the database engine."""

from __future__ import annotations

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
AGE_GROUP_LABELS = {
    "pregnancy": "Schwangerschaft",
    "0-12": "0 bis 1 Jahr",
    "12-36": "1 bis 3 Jahre",
    "36-72": "3 bis 6 Jahre",
    "72+": "ab 6 Jahren",
}
FREE_LABELS = {"true": "kostenlos", "false": "kostenpflichtig"}
ACCESSIBLE_LABELS = {"true": "barrierefrei", "false": "nicht barrierefrei"}
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
