"""Who sees protected contact persons: the one gate every surface (pages, print view, APIs,
exports, the partner directory, the handout) passes contact persons through."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .conf import get_setting

if TYPE_CHECKING:
    from .models import ContactPerson


def can_see_protected_contacts(user: Any) -> bool:
    """Professionals (the configured group, or anyone granted the permission) and editors with
    admin access see protected contact persons; anonymous visitors never do."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or user.has_perm("offers_directory.view_protected_contacts"):
        return True
    if user.has_perm("wagtailadmin.access_admin"):
        return True
    group = get_setting("PROFESSIONALS_GROUP")
    return bool(group) and user.groups.filter(name=group).exists()


def visible_contacts(contacts: Any, user: Any) -> list[ContactPerson]:
    """Public contact persons for everybody, protected ones only for professionals and
    editors. Accepts a queryset, a modelcluster relation manager or a plain iterable."""
    if hasattr(contacts, "all"):
        contacts = contacts.all()
    allowed = can_see_protected_contacts(user)
    return [contact for contact in contacts if allowed or contact.is_public]
