"""Site paths in another language. German pages have no prefix, the other languages live
under /en/, /tr/, /ar/, /uk/ (config/urls.py), so a path changes language by swapping that
prefix: this works on every path, also one that cannot be resolved (a 404 page) and one taken
from the search index, which holds German paths."""

from __future__ import annotations

from django.conf import settings
from django.urls import get_script_prefix
from django.utils.translation import get_language


def _unprefixed_path(path: str, current: str) -> str:
    """The path as German has it: without the script prefix and the language prefix."""
    script_prefix = get_script_prefix()
    if path.startswith(script_prefix):
        path = "/" + path[len(script_prefix) :]
    prefix = f"/{current}/"
    if current != settings.LANGUAGE_CODE and (path.startswith(prefix) or path == prefix[:-1]):
        path = "/" + path[len(prefix) :]
    return path


def path_in_language(path: str, code: str, current: str | None = None) -> str:
    """`path` (as requested in language `current`) in language `code`."""
    bare = _unprefixed_path(path, current or get_language())
    script_prefix = get_script_prefix().rstrip("/")
    if code == settings.LANGUAGE_CODE:
        return f"{script_prefix}{bare}"
    return f"{script_prefix}/{code}{bare}"


# Arabic separates the items of a list with its own comma; the site's other languages with ",".
_LIST_SEPARATORS = {"ar": "\u060c "}


def list_separator(language: str | None = None) -> str:
    """What stands between the items of a list ("a, b"; Arabic "a، b") in `language`
    (default: the active one)."""
    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return _LIST_SEPARATORS.get(code, ", ")
