"""Real, throwaway servers for the test suite (no mocks, no Docker).

Elasticsearch lives in search.devserver because developers run it too."""
