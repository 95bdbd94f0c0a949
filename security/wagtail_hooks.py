from django.urls import path, reverse
from django.utils.translation import gettext as _

from wagtail import hooks

from . import views


@hooks.register("register_admin_urls")
def register_two_factor_urls() -> list:
    # Inside the admin's URL space: Wagtail lets only logged-in users with admin access in.
    return [
        path("two-factor/", views.manage, name="security_two_factor"),
        path("two-factor/verify/", views.verify, name="security_two_factor_verify"),
        path("two-factor/setup/", views.setup, name="security_two_factor_setup"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request) -> dict[str, str]:
    return {
        "url": reverse("security_two_factor"),
        "label": _("Two-factor authentication"),
        "help_text": _("A code from an app on your phone as a second step when you log in."),
    }
