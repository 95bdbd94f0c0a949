"""What the finder page keeps per process instead of asking again on every view: the
basemap's region counties, the request's Wagtail site and footer settings, and the facet
checkboxes written by a template tag. Each must show an edit on the next page view, and the
tag must write what the template loop wrote."""

from __future__ import annotations

import re

from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import Site

import pytest

from home.factories import RegionPageFactory
from home.models import SiteFooterSettings
from offers_directory.maps import tile_context

pytestmark = pytest.mark.django_db

# The facet loop as finder/includes/facets.html had it before the tag replaced it.
TEMPLATE_LOOP = """{% load i18n %}{% for item in group.items %}
        <li><input type="checkbox" id="facet-{{ group.name }}-{{ forloop.counter }}" name="{{ group.name }}" value="{{ item.value }}"{% if item.selected %} checked{% endif %}{% if not item.count and not item.selected %} disabled{% endif %}>
            <label for="facet-{{ group.name }}-{{ forloop.counter }}">{% if group.name == "provider" or group.name == "region" %}<span lang="de">{{ item.label }}</span>{% else %}{{ item.label }}{% endif %} <span class="facet__count"><span class="visually-hidden">(</span>{{ item.count }}<span class="visually-hidden"> {% translate "offers" %})</span></span></label></li>
        {% endfor %}"""  # noqa: E501


@pytest.fixture
def without_tiles(settings):
    settings.OFFERS_DIRECTORY = {**settings.OFFERS_DIRECTORY, "TILE_URL": ""}


def basemap_regions(html: str) -> str:
    found = re.search(r'data-basemap-regions="([^"]*)"', html)
    assert found
    return found.group(1)


def test_a_new_region_reaches_the_basemap_on_the_next_view(client, without_tiles):
    before = basemap_regions(client.get("/angebote/").content.decode())
    assert before == tile_context(None)["basemap_regions"]
    RegionPageFactory(title="Landkreis Lüneburg")
    after = basemap_regions(client.get("/angebote/").content.decode())
    assert after == tile_context(None)["basemap_regions"]
    assert after != before


def test_site_and_footer_come_from_the_process_copy_until_edited(client):
    client.get("/angebote/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/angebote/")
    asked = " ".join(query["sql"] for query in queries.captured_queries)
    assert "wagtailcore_site" not in asked
    assert "home_sitefootersettings" not in asked
    footer = SiteFooterSettings.for_site(Site.objects.get(is_default_site=True))
    footer.contact_text = "Koordinierungsstelle <Frühe Hilfen>, Telefon 0000"
    footer.save()
    html = client.get("/angebote/").content.decode()
    assert "Koordinierungsstelle &lt;Frühe Hilfen&gt;, Telefon 0000" in html


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("name", ["category", "provider"])
def test_facet_tag_writes_what_the_template_loop_wrote(name, language):
    group = {
        "name": name,
        "items": [
            {"value": "a&b", "label": "<Träger> „eins“", "count": 12, "selected": False},
            {"value": "zwei", "label": "Zwei", "count": 0, "selected": True},
            {"value": "drei", "label": "Drei", "count": 0, "selected": False},
        ],
    }
    with translation.override(language):
        expected = Template(TEMPLATE_LOOP).render(Context({"group": group}))
        written = Template("{% load finder_tags %}{% facet_items group %}").render(
            Context({"group": group})
        )
    assert written == expected
