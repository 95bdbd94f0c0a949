"""Shared helpers of the editorial tests."""

from __future__ import annotations

import datetime
import io
import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile

from wagtail.images.models import Image
from wagtail.models import Collection

from bs4 import BeautifulSoup
from PIL import Image as PillowImage

from home.models import RegionPage
from news.models import NewsIndexPage, NewsPage


def region(slug: str) -> RegionPage:
    return RegionPage.objects.get(slug=slug)


def news_index(slug: str) -> NewsIndexPage:
    return NewsIndexPage.objects.descendant_of(region(slug)).get()


def network_index() -> NewsIndexPage:
    return NewsIndexPage.objects.get(include_all_regions=True)


def add_news(parent, title: str, date: datetime.date, publish: bool = True, **fields) -> NewsPage:
    tags = fields.pop("tags", [])
    further = fields.pop("extra_regions", [])
    page = NewsPage(title=title, date=date, live=publish, **fields)
    parent.add_child(instance=page)
    if tags:
        page.tags.add(*tags)
    if further:
        page.extra_regions.set(further)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def user_in(group: Group, name: str):
    user = get_user_model().objects.create_user(name, password="pw-" + name, email=f"{name}@x.de")
    user.groups.add(group)
    return user


def png_bytes(color: str = "teal", size: tuple[int, int] = (120, 80)) -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def make_image(title: str, collection: Collection | None = None) -> Image:
    collection = collection or Collection.get_first_root_node()
    return Image.objects.create(
        title=title,
        file=ImageFile(io.BytesIO(png_bytes()), name=f"{title}.png"),
        collection=collection,
    )


def region_collection(slug: str) -> Collection:
    return Collection.objects.get(name=region(slug).title)


def json_ld(html: str) -> list[dict]:
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
