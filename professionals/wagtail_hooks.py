from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import NetworkDocument, PartnerField, ReferralPartner, WorkingGroup


class ReferralPartnerViewSet(SnippetViewSet):
    model = ReferralPartner
    icon = "group"
    list_display = ["name", "city", "region", "live"]
    list_filter = ["fields", "working_groups", "region", "live"]
    search_fields = ["name", "city"]


class WorkingGroupViewSet(SnippetViewSet):
    model = WorkingGroup
    icon = "group"
    list_display = ["name", "region"]


class NetworkDocumentViewSet(SnippetViewSet):
    model = NetworkDocument
    icon = "doc-full"
    list_display = ["title", "working_group"]


class PartnerFieldViewSet(SnippetViewSet):
    model = PartnerField
    icon = "tag"
    list_display = ["name", "code"]


class ProfessionalsGroup(SnippetViewSetGroup):
    menu_label = _("Professionals' network")
    menu_icon = "group"
    menu_order = 250
    items = (
        ReferralPartnerViewSet,
        WorkingGroupViewSet,
        NetworkDocumentViewSet,
        PartnerFieldViewSet,
    )


register_snippet(ProfessionalsGroup)
