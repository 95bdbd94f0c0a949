"""Reading what a page declares in its HTML: JSON-LD, Open Graph properties, alternate
links (feeds); fetching a page that must answer 200."""

from __future__ import annotations

import json
from typing import Any

from bs4 import BeautifulSoup


def json_ld(html: str) -> list[dict[str, Any]]:
    soup = BeautifulSoup(html, "html.parser")
    return [json.loads(tag.string) for tag in soup.find_all("script", type="application/ld+json")]


def meta_properties(html: str) -> dict[str, list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    found: dict[str, list[str]] = {}
    for tag in soup.find_all("meta", property=True):
        found.setdefault(tag["property"], []).append(tag.get("content", ""))
    return found


def alternate_links(html: str) -> list[tuple[str, str]]:
    soup = BeautifulSoup(html, "html.parser")
    return [(link.get("type", ""), link["href"]) for link in soup.find_all("link", rel="alternate")]


def page_html(client: Any, url: str) -> str:
    """The HTML of a page that must answer 200."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()
