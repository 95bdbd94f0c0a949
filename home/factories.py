"""Factories for the page tree (factory_boy and wagtail-factories): the home page and the
default site, regions with their sections and coordinator groups, standard pages; and the
base class every page factory of the project builds on.

Pages are added below `parent` with their first revision and published, as an editor's
"publish" does, through publishing.page_creation (the one way pages are created outside the
admin), so Wagtail's own `page_published` signal reaches every handler (search index,
geocoding, region sections); `publish=False` leaves a draft with one revision. `.build()`
makes unsaved pages (children and many-to-many values in memory) for
`page_creation.create_pages`, which adds many siblings at once. Text defaults are German
(Faker's de_DE locale) and deterministic under `factory.random.reseed_random(seed)`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from wagtail.models import Collection, Page, Site

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from publishing.page_creation import create_page

from .models import HomePage, RegionIndexPage, RegionPage, StandardPage
from .permissions import ensure_region_group

# Real counties of the kind the networks are (Landkreis, federal state); a factory region
# picks one, tests and the demo pass their own.
COUNTIES = (
    ("Landkreis Harburg", "Niedersachsen"),
    ("Heidekreis", "Niedersachsen"),
    ("Landkreis Lüneburg", "Niedersachsen"),
    ("Landkreis Börde", "Sachsen-Anhalt"),
    ("Landkreis Wittenberg", "Sachsen-Anhalt"),
    ("Landkreis Saarlouis", "Saarland"),
    ("Landkreis Stade", "Niedersachsen"),
    ("Altmarkkreis Salzwedel", "Sachsen-Anhalt"),
)


class Given(factory.PostGeneration):
    """A post-generation declaration that sets the attribute of its own name to
    `convert(value)` when the call gives a value: `locations = Given(to_locations)` makes
    `OfferPageFactory(locations=[…])` set `offer.locations`. Child rows of a cluster and
    many-to-many values set this way are saved with the object (PublishedPageFactory), or
    kept in memory by `.build()`."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        super().__init__(self._assign)
        self.convert = convert
        self.attribute = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.attribute = name

    def _assign(self, obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if extracted:
            setattr(obj, self.attribute, self.convert(extracted))


class PublishedPageFactory(wagtail_factories.PageFactory):
    """A page below `parent`, published with its first revision (`publish=False`: a draft).

    The page is added to the tree only after the post-generation declarations have set its
    child objects and many-to-many values in memory (django-modelcluster), so it is saved
    with them in one go, as an editor's form saves it, and its revision, its live version
    and its rows agree. An empty slug is left to Wagtail, which derives a free one from the
    title (``-2``, ``-3`` for siblings with the same title)."""

    slug = ""
    live = factory.SelfAttribute("publish")

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    class Params:
        publish = True

    @classmethod
    def _create(cls, model_class: type[Page], *args: Any, **kwargs: Any) -> Page:
        parent = kwargs.pop("parent")
        page = model_class(*args, **kwargs)
        page._factory_parent = parent
        return page

    @classmethod
    def _after_postgeneration(cls, page: Page, create: bool, results: Any = None) -> None:
        if not create:
            return
        create_page(page.__dict__.pop("_factory_parent"), page, publish=page.live)
        page.refresh_from_db()  # values as stored (a date given as text becomes a date)


def default_home() -> HomePage:
    """The default site's home page, created on first use: a new database holds Wagtail's
    welcome page as the default site's root, which the home page then replaces."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    home = HomePageFactory(parent=Page.get_first_root_node())
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        SiteFactory(root_page=home)
    else:
        site.root_page = home
        site.save()
    return home


def default_region_index() -> RegionIndexPage:
    """'Über das Netzwerk' below the default home page, created on first use."""
    index = RegionIndexPage.objects.first()
    return index or RegionIndexPageFactory(parent=default_home())


class HomePageFactory(PublishedPageFactory):
    title = "Netzwerk Frühe Hilfen"
    hero_title = "Frühe Hilfen und Kinderschutz in Ihrer Region"
    hero_text = (
        "Unterstützung für Schwangere und Familien mit Kindern bis sechs Jahre – kostenfrei, "
        "vertraulich und in Ihrer Nähe."
    )
    finder_text = "Hebammen, Beratung, Elterncafés und mehr: Geben Sie Ihre Postleitzahl ein."
    parent = factory.LazyFunction(Page.get_first_root_node)

    class Meta:
        model = HomePage


class SiteFactory(wagtail_factories.SiteFactory):
    """The default site (the only one the project runs): relative page URLs everywhere."""

    hostname = "localhost"
    port = 80
    site_name = "Netzwerk Frühe Hilfen"
    is_default_site = True
    root_page = factory.SubFactory(HomePageFactory)

    class Meta:
        model = Site
        django_get_or_create = ("hostname", "port")


class StandardPageFactory(PublishedPageFactory):
    title = factory.Faker("sentence", nb_words=3, locale="de_DE")
    intro = factory.Faker("sentence", nb_words=12, locale="de_DE")
    body = factory.LazyAttribute(
        lambda page: [("paragraph", f"<p>{page.intro}</p>")] if page.intro else []
    )
    parent = factory.LazyFunction(default_home)

    class Meta:
        model = StandardPage


class RegionIndexPageFactory(PublishedPageFactory):
    title = "Über das Netzwerk"
    slug = "netzwerk"
    intro = "<p>Die regionalen Netzwerke Frühe Hilfen.</p>"
    show_in_menus = True
    parent = factory.LazyFunction(default_home)

    class Meta:
        model = RegionIndexPage


class RegionPageFactory(PublishedPageFactory):
    """A regional network. `sections=True` adds its news, events and offer listings (what
    the admin creates with a new region), `group=True` its coordinator group and collection."""

    title = factory.LazyAttribute(lambda region: region.county[0])
    official_name = factory.SelfAttribute("title")
    state = factory.LazyAttribute(lambda region: region.county[1])
    intro = factory.LazyAttribute(
        lambda region: (
            f"Das Netzwerk Frühe Hilfen im {region.title} verbindet Hebammen, "
            "Beratungsstellen, Kitas und das Jugendamt."
        )
    )
    contact_email = factory.Faker("email", locale="de_DE", domain="netzwerk.example")
    contact_phone = factory.Faker("phone_number", locale="de_DE")
    parent = factory.LazyFunction(default_region_index)

    class Meta:
        model = RegionPage

    class Params:
        county = factory.Faker("random_element", elements=COUNTIES)

    # Flags: what the admin adds to a region created there (home.wagtail_hooks,
    # news.sections), once the region exists.
    group = factory.PostGeneration(lambda region, create, extracted, **kwargs: bool(extracted))
    sections = factory.PostGeneration(lambda region, create, extracted, **kwargs: bool(extracted))

    @classmethod
    def _after_postgeneration(cls, region: RegionPage, create: bool, results: Any = None) -> None:
        super()._after_postgeneration(region, create, results)
        if create and results.get("group"):
            ensure_region_group(region)
        if create and results.get("sections"):
            from news.sections import ensure_region_sections

            ensure_region_sections(region)


class UserFactory(DjangoModelFactory):
    """A user (an editor by default without any group); `groups=[...]` takes groups or group
    names (created when missing). The password is `password` unless given."""

    username = factory.Sequence(lambda n: f"nutzer{n}")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    email = factory.LazyAttribute(lambda user: f"{user.username}@netzwerk.example")
    password = factory.django.Password("password")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(user: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            user.groups.add(*as_groups(extracted))


class GroupFactory(DjangoModelFactory):
    """A group by name; `permissions` takes "app_label.codename" strings."""

    name = factory.Sequence(lambda n: f"Gruppe {n}")

    class Meta:
        model = Group
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    @factory.post_generation
    def permissions(group: Group, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            group.permissions.add(
                *(
                    Permission.objects.get(content_type__app_label=app, codename=codename)
                    for app, codename in (name.split(".") for name in extracted)
                )
            )


def as_groups(values: list[Group | str]) -> list[Group]:
    """Groups, or group names (a group is created when missing)."""
    return [g if isinstance(g, Group) else Group.objects.get_or_create(name=g)[0] for g in values]


class ImageFactory(wagtail_factories.ImageFactory):
    """An image (a plain PNG) in the root collection unless given another."""

    title = factory.Faker("sentence", nb_words=3, locale="de_DE")
    file = factory.django.ImageField(width=120, height=80, color="teal")
    collection = factory.LazyFunction(Collection.get_first_root_node)


class DocumentFactory(wagtail_factories.DocumentFactory):
    """A PDF in the root collection unless given another."""

    title = factory.Faker("sentence", nb_words=3, locale="de_DE")
    file = factory.django.FileField(filename="dokument.pdf", data=b"%PDF-1.4\n%%EOF\n")
    collection = factory.LazyFunction(Collection.get_first_root_node)
