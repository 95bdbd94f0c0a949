"""Who may edit a provider (Träger). Providers live in one shared directory, because one
provider often runs offers in several regions; Wagtail's page permissions attach to a subtree,
so on their own they could only allow all providers or none. The rule here narrows them:

- `add_page` on the providers' directory (what coordinators get) lets a user create a provider
  and, as Wagtail's owner rule says, edit the ones they created;
- such a user may also edit every provider one of whose offers they may edit, i.e. the
  providers of their region's offers;
- and publish those providers if they publish pages anywhere (a coordinator of a moderated
  region saves drafts and submits them instead).

Unpublishing, deleting and moving providers other people use stay with whoever holds those
permissions on the directory (the network editors)."""

from __future__ import annotations

from functools import cached_property

from django.db.models import Q

from wagtail.models import PagePermissionTester


class _ProviderRights(PagePermissionTester):
    @cached_property
    def _granted(self) -> list:
        if not self.user.is_active or self.user.is_superuser:
            return []
        return list(self.permission_policy.get_cached_permissions_for_user(self.user))

    def _publishes_somewhere(self) -> bool:
        return any(grant.permission.codename == "publish_page" for grant in self._granted)


class ProviderIndexPermissionTester(_ProviderRights):
    def can_publish_subpage(self) -> bool:
        # Creating a provider and publishing it at once, as coordinators create offers.
        return super().can_publish_subpage() or (
            self.user.is_active and "add" in self.permissions and self._publishes_somewhere()
        )


class ProviderPermissionTester(_ProviderRights):
    def _responsible(self) -> bool:
        if "add" not in self.permissions:
            return False
        return self.page.owner_id == self.user.pk or self._edits_one_of_its_offers()

    def _edits_one_of_its_offers(self) -> bool:
        from .models import OfferPage

        subtrees = Q()
        for grant in self._granted:
            if grant.permission.codename == "change_page":
                subtrees |= Q(path__startswith=grant.page.path)
        if not subtrees:
            return False
        return OfferPage.objects.filter(provider=self.page).filter(subtrees).exists()

    def can_edit(self) -> bool:
        return super().can_edit() or (self.user.is_active and self._responsible())

    def can_publish(self) -> bool:
        return super().can_publish() or (
            self.user.is_active and self._responsible() and self._publishes_somewhere()
        )
