"""The Wagtail site of a finder request and its footer settings, kept per process.

base.html asks for both on every page (the footer's links, the menu's site): two queries,
each time the same answer. The finder page keeps them, like the facet labels
(home/process_copy.py): dropped whenever a site, its footer settings or any page is saved or
deleted (the footer links to pages), and after SEARCH["LABELS_SECONDS"] at the latest. The
request gets them where Wagtail looks first (`Site.find_for_request` and
`BaseSiteSetting.for_request` cache on the request), so base.html is unchanged."""

from __future__ import annotations

import copy
from collections.abc import Iterable

from django.db.models import Model
from django.http import HttpRequest
from django.http.request import split_domain_port

from wagtail.models import Site, get_page_models

from home.models import SiteFooterSettings
from home.process_copy import ProcessCopy


def _models() -> Iterable[type[Model]]:
    return [Site, SiteFooterSettings, *get_page_models()]


# (host, port) → (site, footer settings); filled as requests come.
site_settings: ProcessCopy[dict] = ProcessCopy("finder_site", dict, _models)


def prime(request: HttpRequest) -> None:
    """Give the request its site and footer settings from the process's copy."""
    # The key Wagtail's Site.find_for_request matches on.
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    found = site_settings.get().get(key)  # type: ignore[call-overload]
    if found is None:
        site = Site.find_for_request(request)
        footer = SiteFooterSettings.for_site(site) if site is not None else None
        found = (site, footer)
        # Asked again: creating the settings row (get_or_create) dropped the copy read above.
        site_settings.get()[key] = found  # type: ignore[index]
    site, footer = found
    request._wagtail_site = site  # type: ignore[attr-defined]
    if footer is not None:
        # A copy per request: Wagtail keeps the request on the settings object.
        footer = copy.copy(footer)
        footer._request = request
        setattr(request, SiteFooterSettings.get_cache_attr_name(), footer)
