"""Factories for the professionals' network (factory_boy): referral partners with fields of
work, working groups and protected contact persons; working groups with meetings (event
pages); the document library's entries and versions; professionals (users in the group that
sees protected contact data)."""

from __future__ import annotations

import datetime
from functools import partial
from typing import Any

import factory
from factory.django import DjangoModelFactory

from events.factories import EventPageFactory
from home.factories import DocumentFactory, Given, UserFactory, as_groups
from offers_directory.conf import get_setting
from offers_directory.factories import TOWNS, child_rows

from .models import (
    DocumentVersion,
    NetworkDocument,
    PartnerContact,
    PartnerField,
    ReferralPartner,
    WorkingGroup,
    WorkingGroupMeeting,
)


class ClusterFactory(DjangoModelFactory):
    """A ClusterableModel saved once, after its post-generation declarations have set its
    child objects and many-to-many values in memory (as the admin's form saves it)."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Any:
        return model_class(*args, **kwargs)

    @classmethod
    def _after_postgeneration(cls, instance: Any, create: bool, results: Any = None) -> None:
        if create:
            instance.save()


class PartnerFieldFactory(DjangoModelFactory):
    """A field of work by its code (the data migration installs the usual ones)."""

    code = "beratung"
    name = factory.LazyAttribute(lambda field: field.code.title())

    class Meta:
        model = PartnerField
        django_get_or_create = ("code",)


class WorkingGroupFactory(ClusterFactory):
    name = factory.Sequence(lambda n: f"AG {('Nord', 'Süd', 'Mitte', 'West', 'Ost')[n % 5]}")
    slug = ""
    description = factory.LazyAttribute(
        lambda group: f"Arbeitsgemeinschaft der Netzwerkpartner ({group.name})."
    )

    class Meta:
        model = WorkingGroup

    # Event pages (or field values for EventPageFactory) the group meets at.
    meetings = Given(
        lambda events: [
            WorkingGroupMeeting(
                event=value if not isinstance(value, dict) else EventPageFactory(**value)
            )
            for value in events
        ]
    )


class PartnerContactFactory(DjangoModelFactory):
    name = factory.Faker("name", locale="de_DE")
    role = "Koordination"
    phone = factory.Faker("phone_number", locale="de_DE")
    email = factory.Faker("email", locale="de_DE", domain="partner.example")
    is_public = False

    class Meta:
        model = PartnerContact


class ReferralPartnerFactory(ClusterFactory):
    """A partner with an address in a town (and its coordinates). `fields` takes codes or
    PartnerField rows, `working_groups` groups, `contacts` dicts or PartnerContact objects."""

    name = factory.LazyAttribute(lambda partner: f"{partner.kind} {partner.town.city}")
    slug = ""
    description = factory.Faker("sentence", nb_words=12, locale="de_DE")
    street = factory.Faker("street_address", locale="de_DE")
    postal_code = factory.SelfAttribute("town.postal_code")
    city = factory.SelfAttribute("town.city")
    latitude = factory.SelfAttribute("town.latitude")
    longitude = factory.SelfAttribute("town.longitude")
    phone = factory.Faker("phone_number", locale="de_DE")
    email = factory.Faker("email", locale="de_DE", domain="partner.example")

    class Meta:
        model = ReferralPartner

    class Params:
        town = factory.Faker("random_element", elements=TOWNS)
        kind = factory.Faker(
            "random_element",
            elements=("Jugendamt", "Beratungsstelle", "Hebammenpraxis", "Kita Regenbogen"),
        )

    fields = Given(
        lambda given: [
            f if isinstance(f, PartnerField) else PartnerFieldFactory(code=f) for f in given
        ]
    )
    working_groups = Given(list)
    contacts = Given(partial(child_rows, PartnerContactFactory))


class DocumentVersionFactory(DjangoModelFactory):
    version = "1.0"
    valid_from = factory.Faker("date_between", start_date=datetime.date(2023, 1, 1))
    document = factory.SubFactory(DocumentFactory)

    class Meta:
        model = DocumentVersion


class NetworkDocumentFactory(ClusterFactory):
    """An entry of the document library; `versions` takes dicts for DocumentVersionFactory
    (each with a Wagtail document) or DocumentVersion objects."""

    title = factory.Faker(
        "random_element", elements=("Kooperationsvereinbarung", "Leitfaden Kinderschutz")
    )
    slug = ""
    description = factory.Faker("sentence", nb_words=10, locale="de_DE")

    class Meta:
        model = NetworkDocument

    @factory.post_generation
    def versions(entry: NetworkDocument, create: bool, extracted: Any, **kwargs: Any) -> None:
        if extracted:
            entry.versions = [
                value if isinstance(value, DocumentVersion) else _version(create, value)
                for value in extracted
            ]


def _version(create: bool, values: dict[str, Any]) -> DocumentVersion:
    # The file is a Wagtail document of its own; the version row is written with the entry.
    if create and "document" not in values:
        values = {**values, "document": DocumentFactory(title=f"Version {values.get('version')}")}
    return DocumentVersionFactory.build(**values)


class ProfessionalFactory(UserFactory):
    """A professional: a user in the group that sees protected contact data."""

    @factory.post_generation
    def groups(user: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            user.groups.add(*as_groups([get_setting("PROFESSIONALS_GROUP"), *(extracted or [])]))
