"""The offers' admin listing as the tests read it (the filters of test_admin and the
verification's „Prüfung angefragt“ filter)."""

from __future__ import annotations

from django.urls import reverse

from bs4 import BeautifulSoup

from offers_directory.wagtail_hooks import offer_listing_viewset


def listing_titles(admin_client, **params) -> set[str]:
    """The titles the offers' admin listing shows with these filter parameters."""
    response = admin_client.get(reverse(offer_listing_viewset.get_url_name("index")), params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {a.get_text(strip=True) for a in soup.select("td.title .title-wrapper a")}
