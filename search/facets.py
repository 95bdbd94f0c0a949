"""Facets, the same for every search: the Elasticsearch aggregations (each facet counts with
every selection but its own, so its counts show what choosing another of its values would
give), reading their buckets, and the facet lists of the answer (value, label, count,
selected; a selected value is listed even with no hits)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

Body = dict[str, Any]


def terms_filter(field: str, values: list[str], *, boolean: bool = False) -> Body:
    """Any of these values (boolean facets carry "true"/"false")."""
    return {"terms": {field: [v == "true" for v in values] if boolean else list(values)}}


def facet_aggregations(
    facets: Mapping[str, str], others: Callable[[str], list[Body]], size: int
) -> Body:
    """One filter aggregation per facet (name → document field), filtered by `others(name)`:
    the selections of every other facet."""
    aggs: Body = {}
    for facet, field in facets.items():
        filters = others(facet)
        aggs[f"facet_{facet}"] = {
            "filter": {"bool": {"filter": filters}} if filters else {"match_all": {}},
            "aggs": {"values": {"terms": {"field": field, "size": size}}},
        }
    return aggs


def bucket_counts(aggregations: Body, facets: Iterable[str]) -> dict[str, Counter]:
    """The counts of facet_aggregations' answer, values as strings ("true"/"false" for
    booleans)."""
    return {
        facet: Counter(
            {
                _bucket_value(bucket): bucket["doc_count"]
                for bucket in aggregations[f"facet_{facet}"]["values"]["buckets"]
            }
        )
        for facet in facets
    }


def _bucket_value(bucket: Body) -> str:
    value = bucket.get("key_as_string", bucket["key"])
    return value if isinstance(value, str) else str(value)


def facet_list(
    counts: Mapping[str, int],
    selected: list[str],
    labels: Mapping[str, str],
    *,
    order: list[str] | None = None,
    by_count: bool = True,
) -> list[dict[str, Any]]:
    """One facet's values: in `order` when given, else the most frequent first (or by
    label), ties by label."""
    # Sorted as values first and the dicts built after: a facet has up to FACET_SIZE
    # values on every answer. The sort is stable, so ties keep the counts' order.
    if selected:
        values = dict(counts)
        for value in selected:
            values.setdefault(value, 0)
    else:
        values = counts
    label = labels.get
    named = [(value, count, label(value, value)) for value, count in values.items()]
    if order is not None:
        rank = {value: position for position, value in enumerate(order)}
        last = len(rank)
        named.sort(key=lambda item: rank.get(item[0], last))
    elif by_count:
        named.sort(key=lambda item: (-item[1], str(item[2]).lower()))
    else:
        named.sort(key=lambda item: str(item[2]).lower())
    chosen = set(selected)
    return [
        {"value": value, "label": name, "count": count, "selected": value in chosen}
        for value, count, name in named
    ]
