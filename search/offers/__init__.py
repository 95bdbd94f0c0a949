"""The offer search: documents.py (the index's mapping and facet vocabulary), indexing.py
(offer page → document), entries.py (the database engine's copy), index.py (the offer index
over search/index.py), signals.py (Wagtail's events → the outbox), schemas.py and params.py
(parameters), queries.py (Elasticsearch requests), engines.py (Elasticsearch and the database),
results.py, highlighting.py and labels.py (answers), api.py (the API operations),
maintenance.py (`search_index --check/--fix`)."""
