from wagtail import hooks

from .models import RegionPage
from .structure import setup_region


@hooks.register("after_create_page")
def set_up_new_region(request, page) -> None:
    if isinstance(page.specific, RegionPage):
        setup_region(page.specific)
