"""Model permissions the editorial groups need beyond their page permissions: press
contacts are snippets, which Wagtail guards by model permissions, not by the page tree."""

from django.contrib.auth.models import Group, Permission

PRESS_CONTACT_PERMISSIONS = ("add_presscontact", "change_presscontact", "view_presscontact")


def grant_editorial_permissions(group: Group) -> None:
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="news", codename__in=PRESS_CONTACT_PERMISSIONS
        )
    )
