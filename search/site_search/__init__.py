"""The site search at /suche/: Wagtail's page search (views.py), excerpts with the visitor's
words highlighted (highlighting.py), and Wagtail's Elasticsearch backend on core analysis only
(wagtail_backend.py)."""
