"""After-commit work batched per transaction: the primitive is search.after_commit (search/
imports no project app, so it lives there); this name stays for the apps that import it."""

from search.after_commit import on_commit_batched

__all__ = ["on_commit_batched"]
