"""Panels the page models of several apps share."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel


def translations_panel(*fields: str) -> InlinePanel:
    """The translations of a structure page's `fields` (title and introduction by default)."""
    return InlinePanel(
        "ui_translations",
        heading=_("Translations (menu and headings)"),
        label=_("translation"),
        panels=[
            FieldPanel("language"),
            *(FieldPanel(name) for name in fields or ("title", "intro")),
        ],
    )
