"""Real, throwaway servers for the test suite and the benchmarks (no mocks, no Docker):
PostgreSQL (postgres.py) and Elasticsearch (elasticsearch.py, which developers also run through
`manage.py elasticsearch`, a command of the dev-only app devtools)."""
