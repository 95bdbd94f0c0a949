from wagtail import hooks

from .models import RegionPage
from .permissions import ensure_region_group


@hooks.register("after_create_page")
def create_region_group(request, page) -> None:
    if isinstance(page.specific, RegionPage):
        ensure_region_group(page.specific)
