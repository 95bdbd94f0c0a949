from django import template

from wagtail.models import Page, PageViewRestriction, Site, get_page_models

from home.models import PageTranslation
from home.process_copy import ProcessCopy

register = template.Library()


def _menu_models() -> list[type]:
    return [Site, PageViewRestriction, PageTranslation, *get_page_models()]


# site id → its menu pages; every page view shows the menu, few edits change it.
menus: ProcessCopy[dict[int, list[Page]]] = ProcessCopy("main_menu", dict, _menu_models)


@register.simple_tag(takes_context=True)
def main_menu_pages(context) -> list[Page]:
    """The header navigation: the home page's live children marked 'show in menus'. Base
    pages: the menu shows titles and URLs, which need no page type's own fields (`specific`
    would cost a query per page type on every page)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    pages = menus.get().get(site.pk)
    if pages is None:
        # The menu's titles are the base page's (no .specific(): one query per page type).
        found = site.root_page.get_children().live().public().in_menu()
        pages = list(found.prefetch_related("ui_translations"))
        menus.get()[site.pk] = pages
    return pages


@register.simple_tag(takes_context=True)
def is_active(context, menu_page: Page) -> bool:
    """Whether the menu entry is the current page or its section. A view that is no Wagtail
    page (the finder at /angebote/, the directory at /fachkraefte/) answers at the address of
    the menu page that gives it its place in the menu: the address decides there, as it does
    for a page that names its section's address (`menu_section_url`: an offer, the finder's)
    rather than its place in the tree."""
    current = context.get("page")
    section_url = getattr(current, "menu_section_url", None)
    if current is not None and section_url is None:
        return current.pk == menu_page.pk or current.is_descendant_of(menu_page)
    request = context.get("request")
    if request is None:
        return False
    path = section_url() if section_url is not None else request.path
    url = menu_page.get_url(request)
    return bool(url) and url != "/" and path.startswith(url)
