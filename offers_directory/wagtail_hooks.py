"""Admin for the offer directory: background geocoding after saves, a flat offer listing
with filters and bulk actions, the dashboard panel of offers needing attention, and the
managed vocabularies as snippets."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Page, PageLogEntry
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import django_filters

from . import freshness, verification
from .conf import get_setting
from .freshness import mark_reviewed
from .models import (
    GeocodeStatus,
    Language,
    OfferLocation,
    OfferPage,
    OfferStatus,
    RegionArea,
    Taxonomy,
    TaxonomyTerm,
    category_choices,
)
from .regions import region_page_model
from .tasks import enqueue_geocoding

# --- Background geocoding -------------------------------------------------------------------
# Publishing (from the admin, a workflow, a schedule or an import) is handled by the
# page_published signal (signals.py); these hooks add draft saves made in the admin.


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def geocode_after_save(request, page) -> None:
    if isinstance(page.specific, OfferPage):
        enqueue_geocoding(page.pk)


@hooks.register("register_log_actions")
def register_log_actions(actions) -> None:
    actions.register_action(
        "offers_directory.mark_reviewed", _("Mark as reviewed"), _("Marked as reviewed")
    )
    actions.register_action(
        "offers_directory.verification_requested",
        _("Request verification"),
        _("Verification requested from the provider"),
    )
    actions.register_action(
        "offers_directory.verification_reminded",
        _("Remind the provider"),
        _("The provider was reminded of the verification request"),
    )
    actions.register_action(
        "offers_directory.provider_confirmed",
        _("Provider confirmed the information"),
        _("The provider confirmed the information"),
    )
    actions.register_action(
        "offers_directory.provider_reported_change",
        _("Provider reported a change"),
        _("The provider reported a change (draft)"),
    )


# --- Attention queries (listing filters and the dashboard) --------------------------------


def expired_q(today: datetime.date | None = None) -> Q:
    return Q(valid_to__lt=today or timezone.localdate())


def geocode_status_q(status: str) -> Q:
    """Offers with at least one location in this geocoding status."""
    return Q(pk__in=OfferLocation.objects.filter(geocode_status=status).values("page_id"))


def geocode_summary(page: OfferPage) -> str:
    """'2 exact, 1 not found' for listings (uses prefetched locations when available)."""
    counts: dict[str, int] = {}
    for location in page.locations.all():
        label = str(location.get_geocode_status_display())
        counts[label] = counts.get(label, 0) + 1
    return ", ".join(f"{count} {label}" for label, count in counts.items())


# --- Offer listing ----------------------------------------------------------------------------


def _regions(request) -> QuerySet:
    model = region_page_model()
    if model is None:
        return Page.objects.none()
    return model.objects.order_by("title")


class OfferFilterSet(PageFilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=_regions, method="filter_region", empty_label=_("All")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        field_name="categories",
        queryset=lambda request: TaxonomyTerm.objects.filter(category_choices()),
        distinct=True,
    )
    offer_status = django_filters.ChoiceFilter(
        label=_("Offer status"), field_name="status", choices=OfferStatus.choices
    )
    geocode_status = django_filters.ChoiceFilter(
        label=_("Geocoding status"),
        choices=GeocodeStatus.choices,
        method="filter_geocode_status",
    )
    attention = django_filters.ChoiceFilter(
        label=_("Needs attention"),
        choices=[
            ("review", _("Not verified within the review window")),
            ("hidden", _("Hidden until verified")),
            ("changes", _("Changes reported by providers")),
            ("requested", _("Verification requested, not answered yet")),
            ("expired", _("Expired")),
        ],
        method="filter_attention",
    )

    class Meta:
        model = OfferPage
        fields: list[str] = []

    def filter_region(self, queryset: QuerySet, name: str, value: Page | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(path__startswith=value.path, depth__gt=value.depth)

    def filter_geocode_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(geocode_status_q(value))

    def filter_attention(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "review":
            return queryset.filter(freshness.stale_q() & ~freshness.hidden_q())
        if value == "hidden":
            return queryset.filter(freshness.hidden_q())
        if value == "changes":
            return queryset.filter(verification.change_reports())
        if value == "requested":
            return queryset.filter(
                pk__in=verification.VerificationRequest.objects.filter(
                    answered_at__isnull=True
                ).values("offer_id")
            )
        if value == "expired":
            return queryset.filter(expired_q())
        return queryset


class OfferIndexView(IndexView):
    def annotate_queryset(self, pages: QuerySet) -> QuerySet:
        # The geocoding column reads every offer's locations.
        return super().annotate_queryset(pages).prefetch_related("locations")


class OfferListingViewSet(PageListingViewSet):
    model = OfferPage
    index_view_class = OfferIndexView
    icon = "list-ul"
    menu_label = _("Offers")
    menu_order = 150
    add_to_admin_menu = True
    filterset_class = OfferFilterSet
    columns = [
        *PageListingViewSet.columns,
        Column("offer_status", label=_("Offer status"), accessor="get_status_display"),
        Column("geocoding", label=_("Geocoding"), accessor=geocode_summary),
        DateColumn("last_reviewed", label=_("Last reviewed"), sort_key="last_reviewed"),
    ]


offer_listing_viewset = OfferListingViewSet("offers")


@hooks.register("register_admin_viewset")
def register_offer_listing():
    return offer_listing_viewset


# --- Bulk actions -------------------------------------------------------------------------


def _offer_pages(objects) -> list[OfferPage]:
    return [page.specific for page in objects if isinstance(page.specific, OfferPage)]


class OfferBulkAction(PageBulkAction):
    """A bulk action on offers an editor may edit; one confirmation template, with the
    wording each action sets."""

    template_name = "offers_directory/admin/bulk_offer_action.html"
    header_icon = "site"
    question = ""
    no_access_message = ""
    confirm_label = ""
    # ngettext_lazy(singular, plural, "count"): the number of offers done fills in %(count)d.
    success_message: Any = ""

    def check_perm(self, page) -> bool:
        return (
            isinstance(page.specific, OfferPage)
            and page.permissions_for_user(self.request.user).can_edit()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "action_title": self.display_name,
            "header_icon": self.header_icon,
            "question": self.question,
            "no_access_message": self.no_access_message,
            "confirm_label": self.confirm_label,
        }

    def get_success_message(self, num_parent_objects: int, num_child_objects: int) -> str:
        return self.success_message % {"count": num_parent_objects}


class MarkReviewedBulkAction(OfferBulkAction):
    display_name = _("Mark as reviewed")
    action_type = "mark_reviewed"
    aria_label = _("Mark the selected offers as reviewed today")
    action_priority = 60
    header_icon = "tick"
    question = _("Set today as the review date of these offers? Pending drafts stay unpublished.")
    no_access_message = _(
        "You cannot mark these pages as reviewed (no permission, or not an offer):"
    )
    confirm_label = _("Yes, mark as reviewed")
    success_message = ngettext_lazy(
        "%(count)d offer has been marked as reviewed.",
        "%(count)d offers have been marked as reviewed.",
        "count",
    )

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs) -> tuple[int, int]:
        today = timezone.localdate()
        count = 0
        for page in _offer_pages(objects):
            mark_reviewed(page, today, user=user)
            count += 1
        return count, 0


class GeocodeAgainBulkAction(OfferBulkAction):
    display_name = _("Geocode again")
    action_type = "geocode_again"
    aria_label = _("Geocode the locations of the selected offers again")
    action_priority = 70
    question = _(
        "Look up the addresses of these offers again? Locations with a pin set by hand are "
        "left alone."
    )
    no_access_message = _("You cannot geocode these pages (no permission, or not an offer):")
    confirm_label = _("Yes, geocode again")
    success_message = ngettext_lazy(
        "Geocoding has been started for %(count)d offer.",
        "Geocoding has been started for %(count)d offers.",
        "count",
    )

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs) -> tuple[int, int]:
        pages = _offer_pages(objects)
        ids = [page.pk for page in pages]
        # Failed and approximate locations are looked up again; hand-set pins stay.
        OfferLocation.objects.filter(page_id__in=ids, manual_pin=False).exclude(
            geocode_status=GeocodeStatus.EXACT
        ).update(geocode_status=GeocodeStatus.PENDING, geocode_attempts=0)
        enqueue_geocoding(ids)
        return len(ids), 0


class RequestVerificationBulkAction(OfferBulkAction):
    display_name = _("Request verification")
    action_type = "request_verification"
    aria_label = _("Ask the providers of the selected offers to verify their information")
    action_priority = 65
    header_icon = "mail"
    question = _(
        "Send the providers of these offers an email with a link to confirm their information "
        "or report a change? Offers without an email address (neither the offer's nor its "
        "provider's) are skipped."
    )
    no_access_message = _(
        "You cannot request verification for these pages (no permission, or not an offer):"
    )
    confirm_label = _("Yes, send the emails")
    success_message = ngettext_lazy(
        "A verification request has been sent for %(count)d offer.",
        "Verification requests have been sent for %(count)d offers.",
        "count",
    )

    def get_execution_context(self) -> dict[str, Any]:
        return {**super().get_execution_context(), "request": self.request}

    @classmethod
    def execute_action(cls, objects, user=None, request=None, **kwargs) -> tuple[int, int]:
        sent = skipped = 0
        not_sent = []
        for page in _offer_pages(objects):
            try:
                requested = verification.request_verification(page, user=user, request=request)
            except verification.MailNotSent:
                not_sent.append(page.title)
                continue
            if requested is None:
                skipped += 1
                continue
            PageLogEntry.objects.log_action(
                instance=page, action="offers_directory.verification_requested", user=user
            )
            sent += 1
        if not_sent and request is not None:
            messages.error(
                request,
                _(
                    "The mail server did not accept the verification mail for: %(titles)s. "
                    "Please try again later; the reminders will also retry it."
                )
                % {"titles": ", ".join(not_sent)},
            )
        return sent, skipped

    def get_success_message(self, num_parent_objects: int, num_child_objects: int) -> str:
        message = super().get_success_message(num_parent_objects, num_child_objects)
        if num_child_objects:
            message += " " + ngettext(
                "%(count)d offer has no email address and was skipped.",
                "%(count)d offers have no email address and were skipped.",
                num_child_objects,
            ) % {"count": num_child_objects}
        return message


hooks.register("register_bulk_action", MarkReviewedBulkAction)
hooks.register("register_bulk_action", RequestVerificationBulkAction)
hooks.register("register_bulk_action", GeocodeAgainBulkAction)


# --- Dashboard ------------------------------------------------------------------------------


class OffersAttentionPanel(Component):
    name = "offers_attention"
    template_name = "offers_directory/admin/attention_panel.html"
    order = 120

    def get_context_data(self, parent_context: dict[str, Any]) -> dict[str, Any]:
        request = parent_context["request"]
        editable = PagePermissionPolicy().instances_user_has_any_permission_for(
            request.user, ["change", "publish"]
        )
        offers = OfferPage.objects.filter(pk__in=editable.values("pk"))
        listing = reverse(f"{offer_listing_viewset.get_url_name('index')}")
        groups = []
        for key, label, condition, query in (
            (
                "geocode",
                _("Locations not found by the geocoder"),
                geocode_status_q(GeocodeStatus.FAILED),
                {"geocode_status": GeocodeStatus.FAILED.value},
            ),
            (
                "review",
                _("Not verified for %(days)d days, ranked lower")
                % {"days": get_setting("REVIEW_WINDOW_DAYS")},
                freshness.stale_q() & ~freshness.hidden_q(),
                {"attention": "review"},
            ),
            (
                "hidden",
                _("Not verified for %(days)d days, hidden from the public")
                % {"days": get_setting("HIDE_AFTER_DAYS")},
                freshness.hidden_q() & Q(live=True),
                {"attention": "hidden"},
            ),
            (
                "changes",
                _("Changes reported by providers, awaiting approval"),
                verification.change_reports(),
                {"attention": "changes"},
            ),
            (
                "expired",
                _("Expired but still published"),
                expired_q() & Q(live=True),
                {"attention": "expired"},
            ),
        ):
            matching = offers.filter(condition).order_by("last_reviewed", "title")
            groups.append(
                {
                    "key": key,
                    "label": label,
                    "count": matching.count(),
                    "pages": list(matching[:5]),
                    "url": f"{listing}?{urlencode(query)}",
                }
            )
        return {"groups": groups, "total": sum(g["count"] for g in groups)}

    def render_html(self, parent_context: dict[str, Any] | None = None) -> str:
        request = (parent_context or {}).get("request")
        if request is None or not OfferPage.objects.exists():
            return ""
        return super().render_html(parent_context)


@hooks.register("construct_homepage_panels")
def add_attention_panel(request, panels) -> None:
    panels.append(OffersAttentionPanel())


# --- Vocabularies ---------------------------------------------------------------------------


class TaxonomyTermFilterSet(WagtailFilterSet):
    class Meta:
        model = TaxonomyTerm
        fields = ["taxonomy"]


class TaxonomyTermViewSet(SnippetViewSet):
    model = TaxonomyTerm
    icon = "tag"
    menu_label = _("Categories and target groups")
    list_display = ["name", "code", "taxonomy", "parent"]
    filterset_class = TaxonomyTermFilterSet
    search_fields = ["name", "code"]
    ordering = ["taxonomy__name", "sort_order", "name"]


class TaxonomyViewSet(SnippetViewSet):
    model = Taxonomy
    icon = "folder-open-inverse"
    menu_label = _("Taxonomies")
    list_display = ["name", "slug"]


class LanguageViewSet(SnippetViewSet):
    model = Language
    icon = "site"
    menu_label = _("Languages")
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class RegionAreaViewSet(SnippetViewSet):
    model = RegionArea
    icon = "globe"
    menu_label = _("Region areas")
    list_display = ["region", "postcode_prefixes"]


class VocabularyGroup(SnippetViewSetGroup):
    menu_label = _("Offer vocabularies")
    menu_icon = "tag"
    menu_order = 160
    items = (TaxonomyTermViewSet, TaxonomyViewSet, LanguageViewSet, RegionAreaViewSet)


register_snippet(VocabularyGroup)


# --- Import template download (admin_views.py, owned by the data-exchange work) ------------


@hooks.register("register_admin_urls")
def register_import_template_urls():
    from django.urls import path, re_path

    from .admin_views import import_template, import_template_download

    return [
        path(
            "angebote/importvorlage/",
            import_template,
            name="offers_directory_import_template",
        ),
        re_path(
            r"^angebote/importvorlage/(?P<fmt>csv|xlsx)/$",
            import_template_download,
            name="offers_directory_import_template_download",
        ),
    ]


@hooks.register("register_settings_menu_item")
def register_import_template_menu_item():
    from wagtail.admin.menu import MenuItem

    return MenuItem(
        _("Offer import template"),
        reverse("offers_directory_import_template"),
        icon_name="download",
        order=900,
    )
