"""Contact persons are protected by default: anonymous visitors never see them unless an
editor marked them public (offer page, print view, provider page, JSON-LD, sitemap, site
search); professionals (the "Fachkräfte" group) and editors do."""

from __future__ import annotations

import json

import pytest

from home.factories import GroupFactory, UserFactory
from home.permissions import ensure_region_group
from offers_directory.factories import OfferPageFactory
from offers_directory.models import ContactPerson
from offers_directory.privacy import can_see_protected_contacts
from professionals.factories import ProfessionalFactory
from tests.markup import json_ld
from tests.offers.places import FAMILIENZENTRUM

pytestmark = pytest.mark.django_db

PROTECTED = "Svenja Geheimhaltung"
PROTECTED_PHONE = "040 66969-901"
PROTECTED_MAIL = "s.geheim@fz-winsen.example"
PUBLIC = "Petra Öffentlich"
ORG_PROTECTED = "Thomas Leitungsebene"


@pytest.fixture
def offer(offer_tree):
    provider = offer_tree.provider
    provider.contacts = [
        ContactPerson(name=ORG_PROTECTED, role="Leitung", phone="040 66969-902", is_public=False)
    ]
    provider.save_revision().publish()
    return OfferPageFactory(
        parent=offer_tree.offers,
        title="Familienhebammen im Landkreis Harburg",
        provider=provider,
        locations=[FAMILIENZENTRUM],
        contacts=[
            {
                "name": PROTECTED,
                "role": "Familienhebamme",
                "phone": PROTECTED_PHONE,
                "email": PROTECTED_MAIL,
                "is_public": False,
            },
            {"name": PUBLIC, "role": "Koordinatorin", "phone": "040 66969-903", "is_public": True},
        ],
    )


def surfaces(client, offer, provider) -> dict[str, str]:
    return {
        "offer page": client.get(offer.url).content.decode(),
        "print view": client.get(offer.url, {"print": "1"}).content.decode(),
        "provider page": client.get(provider.url).content.decode(),
        "sitemap": client.get("/sitemap.xml").content.decode(),
    }


def test_anonymous_visitors_never_see_protected_contacts(client, offer_tree, offer):
    pages = surfaces(client, offer, offer_tree.provider)
    for name, html in pages.items():
        for secret in (PROTECTED, PROTECTED_PHONE, PROTECTED_MAIL, ORG_PROTECTED):
            assert secret not in html, f"{secret} leaked on the {name}"
    assert PUBLIC in pages["offer page"] and PUBLIC in pages["print view"]
    assert offer.url in pages["sitemap"]


def test_professionals_see_protected_contacts(client, offer_tree, offer):
    professional = ProfessionalFactory()
    client.force_login(professional)
    assert can_see_protected_contacts(professional)
    for url, params in ((offer.url, {}), (offer.url, {"print": "1"})):
        html = client.get(url, params).content.decode()
        assert PROTECTED in html and PROTECTED_PHONE in html and PUBLIC in html
        assert "nur für Fachkräfte" in html  # marked as not for passing on
    assert ORG_PROTECTED in client.get(offer_tree.provider.url).content.decode()
    # JSON-LD stays public data even for professionals.
    offer_html = client.get(offer.url).content.decode()
    (ld,) = json_ld(offer_html)
    assert ld["name"] == offer.title and PROTECTED not in json.dumps(ld, ensure_ascii=False)


def test_editors_see_protected_contacts(client, offer_tree, offer):
    coordinator = UserFactory(groups=[ensure_region_group(offer_tree.region)])
    client.force_login(coordinator)
    assert PROTECTED in client.get(offer.url).content.decode()
    editor = UserFactory(
        groups=[GroupFactory(name="Redaktion", permissions=["wagtailadmin.access_admin"])]
    )
    client.force_login(editor)
    assert ORG_PROTECTED in client.get(offer_tree.provider.url).content.decode()


def test_other_logged_in_users_do_not(client, offer_tree, offer):
    ordinary = UserFactory()
    client.force_login(ordinary)
    assert not can_see_protected_contacts(ordinary)
    assert PROTECTED not in client.get(offer.url).content.decode()
    inactive = ProfessionalFactory(is_active=False)
    assert not can_see_protected_contacts(inactive)


def test_a_contact_marked_public_appears_for_everybody(client, offer_tree, offer):
    ContactPerson.objects.filter(offer=offer, name=PROTECTED).update(is_public=True)
    assert PROTECTED in client.get(offer.url).content.decode()


def test_contact_persons_are_not_in_the_page_search_index():
    """Site search must not find a page by a protected name: no search field reaches them."""
    from offers_directory.models import OfferPage, OrganizationPage

    def names(fields):
        for field in fields:
            yield field.field_name
            yield from names(getattr(field, "fields", []))

    for model in (OfferPage, OrganizationPage):
        assert "contacts" not in set(names(model.search_fields))


def test_no_anonymous_surface_shows_protected_contacts(client, offer_tree, offer):
    """Every public way out of the site: pages in every language prefix, the print view, the
    provider page, the sitemap, the HSDS API, the offer search API, the finder, the site
    search and the public exports."""
    import io
    import json

    from django.core.management import call_command

    services = client.get("/api/hsds/services").json()["contents"]
    (service,) = [s for s in services if s["name"] == offer.title]
    organizations = client.get("/api/hsds/organizations").json()["contents"]
    surfaces = {
        "offer page": offer.url,
        "offer page (en)": f"/en{offer.url}",
        "print view": f"{offer.url}?print=1",
        "provider page": offer_tree.provider.url,
        "sitemap": "/sitemap.xml",
        "HSDS services": "/api/hsds/services",
        "HSDS service": f"/api/hsds/services/{service['id']}",
        "HSDS organizations": "/api/hsds/organizations",
        **{
            f"HSDS organization {o['id']}": f"/api/hsds/organizations/{o['id']}"
            for o in organizations
        },
        "HSDS service_at_locations": "/api/hsds/service_at_locations",
        "offer search API": "/api/v1/offers/?q=Familienhebammen",
        "offer search API by name": f"/api/v1/offers/?q={PROTECTED.split()[1]}",
        "offer map API": "/api/v1/offers/map",
        "finder": "/angebote/?q=Familienhebammen",
        "site search": "/suche/?q=Familienhebammen",
        "site search by name": f"/suche/?q={PROTECTED.split()[1]}",
    }
    bodies = {}
    for name, url in surfaces.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        bodies[name] = response.content.decode()
    for name in ("offer page", "offer page (en)", "print view", "finder"):
        assert offer.title in bodies[name], name
    assert json.loads(bodies["HSDS service"])["name"] == offer.title
    for fmt in ("hsds", "csv"):
        out = io.StringIO()
        call_command("export_offers", "--format", fmt, stdout=out, stderr=io.StringIO())
        bodies[f"export {fmt}"] = out.getvalue()
        assert "Familienhebammen" in bodies[f"export {fmt}"]
    for name, body in bodies.items():
        for secret in (PROTECTED, PROTECTED_PHONE, PROTECTED_MAIL, ORG_PROTECTED):
            assert secret not in body, f"{secret} leaked on the {name}"
    # The public contact is public on the page and in the API.
    assert PUBLIC in bodies["offer page"]
    contacts = json.loads(bodies["HSDS service"])["contacts"]
    assert [c["name"] for c in contacts] == [PUBLIC]
