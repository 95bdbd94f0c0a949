from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import PressContact


class PressContactViewSet(SnippetViewSet):
    model = PressContact
    icon = "user"
    menu_label = _("Press contacts")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "role", "organisation", "phone", "email"]
    search_fields = ["name", "organisation", "role"]


register_snippet(PressContactViewSet)
