"""Factories for news (factory_boy and wagtail-factories): listings, news items with topics
and further regions, press contacts. Pages are published through a revision unless built
with `publish=False` (see home.factories.PublishedPageFactory)."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from factory.django import DjangoModelFactory

from home.factories import Given, PublishedPageFactory, RegionPageFactory

from .models import NewsIndexPage, NewsPage, PressContact


class PressContactFactory(DjangoModelFactory):
    name = factory.Faker("name", locale="de_DE")
    role = "Pressesprecherin"
    organisation = factory.Faker("random_element", elements=("Landkreis Harburg", "Heidekreis"))
    phone = factory.Faker("phone_number", locale="de_DE")
    email = factory.Faker("email", locale="de_DE", domain="presse.example")

    class Meta:
        model = PressContact


class NewsIndexPageFactory(PublishedPageFactory):
    """A region's news listing; `include_all_regions=True` (below the home page) is the
    network-wide one."""

    title = factory.LazyAttribute(lambda index: f"Aktuelles aus {index.parent.title}")
    slug = "aktuelles"
    intro = "Berichte und Pressemitteilungen aus dem Netzwerk."
    parent = factory.SubFactory(RegionPageFactory)

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(PublishedPageFactory):
    """A news item with a headline, teaser and body text; one given its own title is
    described by the caller alone (no teaser or body unless given). `tags` takes topic
    names, `extra_regions` region pages."""

    title = factory.SelfAttribute("headline")
    date = factory.Faker(
        "date_between",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2026, 11, 30),
    )
    teaser = factory.LazyAttribute(lambda news: news.lead if news.title == news.headline else "")
    body = factory.LazyAttribute(
        lambda news: (
            [("paragraph", f"<p>{news.paragraph}</p>")] if news.title == news.headline else []
        )
    )
    parent = factory.SubFactory(NewsIndexPageFactory)

    class Meta:
        model = NewsPage

    class Params:
        headline = factory.Faker("sentence", nb_words=6, variable_nb_words=True, locale="de_DE")
        lead = factory.Faker("sentence", nb_words=18, locale="de_DE")
        paragraph = factory.Faker("paragraph", nb_sentences=4, locale="de_DE")

    @factory.post_generation
    def tags(news: NewsPage, create: bool, extracted: Any, **kwargs: Any) -> None:
        if extracted:
            news.tags.add(*extracted)

    extra_regions = Given(list)
