"""Deploy checks (`manage.py check --deploy`) for the Site record every absolute URL comes from
(sitemap, og:url, feeds, iCal, the handout's QR codes)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.db import DatabaseError
from django.http.request import validate_host

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


@checks.register(checks.Tags.compatibility, deploy=True)
def check_site_address(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    from wagtail.models import Site

    try:
        sites = list(Site.objects.all())
    except DatabaseError:
        return []  # not migrated yet: `migrate` comes first, then `setup_site`
    messages: list[checks.CheckMessage] = []
    for site in sites:
        if site.hostname in LOCAL_HOSTS and not settings.DEBUG:
            messages.append(
                checks.Warning(
                    f"The Site record {site.root_url} points at this machine: links in the "
                    "sitemap, feeds, calendar files and handouts would lead visitors there.",
                    hint="Run `manage.py setup_site --site-url https://<your host>` "
                    "(or set SITE_URL and run `manage.py setup_site`).",
                    id="home.W001",
                )
            )
        elif not validate_host(site.hostname, settings.ALLOWED_HOSTS):
            messages.append(
                checks.Warning(
                    f"The Site record's host {site.hostname!r} is not in ALLOWED_HOSTS, so "
                    "the site's own links lead to a host that answers 400.",
                    hint="Add it to ALLOWED_HOSTS, or correct the Site record with "
                    "`manage.py setup_site --site-url https://<your host>`.",
                    id="home.W002",
                )
            )
    default = next((site for site in sites if site.is_default_site), None)
    wanted = urlsplit(settings.SITE_URL)
    if (
        default is not None
        and default.hostname not in LOCAL_HOSTS
        and default.root_url != f"{wanted.scheme}://{wanted.netloc}"
    ):
        messages.append(
            checks.Warning(
                f"The Site record says {default.root_url}, SITE_URL says {settings.SITE_URL}.",
                hint="Run `manage.py setup_site` to write SITE_URL into the Site record.",
                id="home.W003",
            )
        )
    return messages


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """The workers keep the menu, the footer settings and the facet labels per process
    (home/process_copy.py); only a cache they share tells them that an editor changed one."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or not backend.endswith(("LocMemCache", "DummyCache")):
        return []
    seconds = (getattr(settings, "SEARCH", None) or {}).get("LABELS_SECONDS", 300)
    return [
        checks.Warning(
            "Each worker process has its own memory cache: after an edit of the menu, the "
            "footer or a vocabulary, the other workers show the old one for up to "
            f"{seconds} s.",
            hint="Set CACHE_DIR to a directory every process of the site can write (one "
            "machine), or configure a shared cache (Redis, memcached) in CACHES.",
            id="home.W004",
        )
    ]
