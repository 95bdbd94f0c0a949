from django import template

from wagtail.models import Page, Site

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu_pages(context) -> list[Page]:
    """The header navigation: the home page's live children marked 'show in menus'. Base
    pages: the menu shows titles and URLs, which need no page type's own fields (`specific`
    would cost a query per page type on every page)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    # The menu's titles are the base page's (no .specific(): one query per page type).
    pages = site.root_page.get_children().live().public().in_menu()
    return list(pages.prefetch_related("ui_translations"))


@register.simple_tag(takes_context=True)
def is_active(context, menu_page: Page) -> bool:
    current = context.get("page")
    if current is None:
        return False
    return current.pk == menu_page.pk or current.is_descendant_of(menu_page)
