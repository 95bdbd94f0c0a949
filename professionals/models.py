"""The professionals' network: referral partners, fields of work, working groups with their
meetings, and the network's document library.

Why a `ReferralPartner` snippet linked to an `OrganizationPage`, rather than more fields on the
organisation page: the referral directory holds institutions that run no offer for families
(courts, schools, the Jugendamt), which have no place in the offer directory's provider pages,
and the partner data (fields, working groups, internal notes, direct lines) is the network's
own, edited by coordinators, not by the offer directory's importers (which overwrite
organisations on every HSDS re-import). The optional one-to-one link brings in a provider's
offers and its contact persons, so nothing is entered twice."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from home.fields import optional_link
from offers_directory.maps import map_marker
from offers_directory.models import GeocodedAddress
from offers_directory.models.addresses import address_panels, coordinate_panels
from offers_directory.models.contacts import ProtectedContact
from offers_directory.privacy import visible_contacts


class NamedWithSlug:
    """A snippet addressed by a slug that is made from its name (`slug_source`, e.g.
    "title") when an editor leaves it empty; its name is also how it is shown."""

    slug_source = "name"

    def __str__(self) -> str:
        return getattr(self, self.slug_source)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            length = self._meta.get_field("slug").max_length
            self.slug = slugify(getattr(self, self.slug_source))[:length]
        super().save(*args, **kwargs)


class PartnerField(models.Model):
    """A field of work (Arbeitsfeld) with a stable code used in URLs and the search index."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("field of work")
        verbose_name_plural = _("fields of work")

    def __str__(self) -> str:
        return self.name


class WorkingGroup(NamedWithSlug, ClusterableModel):
    """A working group of the network (e.g. "AG Nord"); its members are referral partners,
    its meetings are event pages (events.EventPage), linked rather than copied."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    region = optional_link("home.RegionPage", _("region"))
    contact_email = models.EmailField(_("contact email"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("region"),
        FieldPanel("contact_email"),
        InlinePanel("meetings", heading=_("Meetings"), label=_("Meeting")),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def get_absolute_url(self) -> str:
        return reverse("professionals:working_group", args=[self.slug])

    def meeting_events(self, *, upcoming: bool | None = None) -> list[Any]:
        """The live meeting pages, in date order; upcoming=True/False narrows to future/past."""
        now = timezone.now()
        events = [m.event for m in self.meetings.select_related("event") if m.event.live]
        if upcoming is True:
            events = [e for e in events if (e.end or e.start) >= now]
        elif upcoming is False:
            events = [e for e in events if (e.end or e.start) < now]
        return sorted(events, key=lambda e: e.start)


class WorkingGroupMeeting(Orderable):
    group = ParentalKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings")
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="working_group_meetings",
    )

    panels = [FieldPanel("event")]

    class Meta(Orderable.Meta):
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")


class ReferralPartner(NamedWithSlug, index.Indexed, GeocodedAddress, ClusterableModel):
    """An institution professionals refer families to. Public: name, fields, region, address,
    public phone/email/website, description. Protected (professionals only): contact persons
    not marked public, and the internal notes. The address is geocoded after saving
    (signals.py), like offer locations and event venues."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    organization = optional_link(
        "offers_directory.OrganizationPage",
        _("provider in the offer directory"),
        related_name="referral_partner",
        one_to_one=True,
        help_text=_("Links the provider's offers and contact persons to this partner."),
    )
    fields = ParentalManyToManyField(
        PartnerField, verbose_name=_("fields of work"), related_name="partners", blank=True
    )
    working_groups = ParentalManyToManyField(
        WorkingGroup, verbose_name=_("working groups"), related_name="members", blank=True
    )
    region = optional_link("home.RegionPage", _("region"))
    description = models.TextField(_("description"), blank=True)
    phone = models.CharField(_("public phone"), max_length=50, blank=True)
    email = models.EmailField(_("public email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    internal_notes = models.TextField(
        _("internal notes"),
        blank=True,
        help_text=_("Only logged-in professionals see these notes."),
    )
    live = models.BooleanField(_("shown in the directory"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("organization"),
        FieldPanel("fields"),
        FieldPanel("working_groups"),
        FieldPanel("region"),
        FieldPanel("description"),
        MultiFieldPanel(
            [*address_panels(), *coordinate_panels()],
            heading=_("Address"),
            help_text=_("Without coordinates the address is geocoded when saved."),
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")],
            heading=_("Public contact details"),
        ),
        InlinePanel(
            "contacts",
            heading=_("Contact persons"),
            label=_("Contact person"),
            help_text=_("Shown to logged-in professionals only, unless marked public."),
        ),
        FieldPanel("internal_notes"),
        FieldPanel("live"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("city")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("referral partner")
        verbose_name_plural = _("referral partners")

    def get_absolute_url(self) -> str:
        return reverse("professionals:partner", args=[self.slug])

    def live_offers(self) -> list[Any]:
        if self.organization_id is None:
            return []
        return list(self.organization.live_offers())

    def contacts_for(self, user: Any) -> list[Any]:
        """Contact persons through the directory's one gate (offers_directory.privacy): the
        partner's own, then its provider's."""
        own = visible_contacts(self.contacts, user)
        linked = visible_contacts(self.organization.contacts, user) if self.organization else []
        return own + linked

    def map_data(self) -> dict[str, Any]:
        if not self.has_coordinates:
            return {"locations": [], "areas": []}
        return {"locations": [map_marker(self, self.name)], "areas": []}


class PartnerContact(ProtectedContact):
    """A contact person at a partner, protected like the offer directory's contact persons
    and shown through the same gate."""

    partner = ParentalKey(ReferralPartner, on_delete=models.CASCADE, related_name="contacts")
    phone = models.CharField(_("direct phone"), max_length=50, blank=True)


class NetworkDocument(NamedWithSlug, ClusterableModel):
    """An entry of the network's document library (e.g. the Kooperationsvereinbarung). Each
    version is a Wagtail document; the newest by date is the current one, older ones stay
    listed so a signed earlier version can still be looked up."""

    slug_source = "title"

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    working_group = optional_link(WorkingGroup, _("working group"), related_name="documents")

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("working_group"),
        InlinePanel("versions", heading=_("Versions"), label=_("Version"), min_num=1),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("network document")
        verbose_name_plural = _("network documents")

    def ordered_versions(self) -> list[DocumentVersion]:
        return sorted(self.versions.all(), key=lambda v: (v.valid_from, v.pk or 0), reverse=True)

    def current_version(self) -> DocumentVersion | None:
        versions = self.ordered_versions()
        return versions[0] if versions else None


class DocumentVersion(Orderable):
    entry = ParentalKey(NetworkDocument, on_delete=models.CASCADE, related_name="versions")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.CharField(_("version"), max_length=50, help_text=_("e.g. '2.0'"))
    valid_from = models.DateField(_("valid from"))
    change_note = models.CharField(_("what changed"), max_length=255, blank=True)

    panels = [
        FieldPanel("document"),
        FieldRowPanel([FieldPanel("version"), FieldPanel("valid_from")]),
        FieldPanel("change_note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("version")
        verbose_name_plural = _("versions")

    def __str__(self) -> str:
        return f"{self.entry.title} {self.version}"
