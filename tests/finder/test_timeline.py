"""„Was passt jetzt?“ (/was-passt-jetzt/): offers that fit the child's age or the pregnancy
now, and those whose age window begins within the next weeks; the server is asked with an age
in months or the weeks until the birth only, and the page works without JavaScript."""

from __future__ import annotations

import re
from typing import Any

import pytest
from bs4 import BeautifulSoup

from finder.timeline import SOON_WEEKS, WEEKS_PER_MONTH, Stage, Window
from home.factories import RegionPageFactory
from offers_directory.factories import MUENCHEN, WINSEN, OfferIndexPageFactory
from tests.finder.conftest import AgeWindows, age_window_offers, de
from tests.finder.test_views import database_engine_only  # noqa: F401
from tests.shared_data import shared_fixtures

# A request under /uk/ leaves its language active in this thread ("german" restores German);
# the timeline is asked of the database engine.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.embedded,
    pytest.mark.usefixtures("german", "database_engine_only"),
]

OFFERS: AgeWindows = {
    "Geburtsvorbereitung Winsen": (None, None, True, WINSEN),
    "Familienhebamme Winsen": (0, 12, True, WINSEN),
    "Willkommensbesuch Winsen": (0, 2, False, WINSEN),
    "Babymassage Winsen": (1, 6, False, WINSEN),
    "Krabbelgruppe Winsen": (6, 18, False, WINSEN),
    "Eltern-Kind-Turnen Winsen": (12, 36, False, WINSEN),
    "Erziehungsberatung Winsen": (None, None, False, WINSEN),
    "Krabbelgruppe München": (6, 18, False, MUENCHEN),
}


def build_offers() -> dict[str, Any]:
    index = OfferIndexPageFactory(
        parent=RegionPageFactory(title="Landkreis Zeitleiste", slug="landkreis-zeitleiste")
    )
    return age_window_offers(index, OFFERS)


shared_timeline_offers, timeline_offers = shared_fixtures("timeline_offers", build_offers)


def sections(response) -> dict[str, list[str]]:
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        section.h2["id"]: [a.get_text(strip=True) for a in section.select(".offer-result__title a")]
        for section in soup.select("section.timeline__section")
    }


def expected(stage: Stage, town_only: bool = True) -> dict[str, list[str]]:
    """The lists computed from the table above by the rule the page states: now = the age
    window contains the age (or pregnancy offers in pregnancy); soon = the window begins
    within SOON_WEEKS."""
    now, soon = [], []
    for title, (low, high, pregnancy, town) in OFFERS.items():
        if town_only and town is not WINSEN:
            continue
        has_age = low is not None or high is not None
        start = low or 0
        if stage.pregnant:
            fits = pregnancy
            weeks = (
                None
                if stage.weeks_until_birth is None
                else stage.weeks_until_birth + start * WEEKS_PER_MONTH
            )
        else:
            age = stage.age_months
            fits = has_age and start <= age and (high is None or age <= high)
            weeks = (start - age) * WEEKS_PER_MONTH if start > age else None
        if fits:
            now.append(title)
        elif has_age and weeks is not None and weeks <= SOON_WEEKS:
            soon.append(title)
    return {"timeline-now": sorted(now), "timeline-soon": sorted(soon)}


def timeline(client, **query: Any) -> dict[str, list[str]]:
    response = client.get("/was-passt-jetzt/", {"near": "21423", "radius_km": "25", **query})
    assert response.status_code == 200
    return {name: sorted(titles) for name, titles in sections(response).items()}


@pytest.mark.parametrize("age", [0, 3, 4, 6, 7, 10, 11, 12])
def test_now_and_soon_follow_the_age_windows(client, timeline_offers, age):
    assert timeline(client, age_months=age) == expected(Stage(age_months=age))


def test_window_boundaries(client, timeline_offers):
    """The Krabbelgruppe (from 6 months) is 'soon' two months ahead (8.7 weeks), not three
    (13 weeks); the Babymassage (to 6 months) still fits at 6 and no longer at 7."""
    assert "Krabbelgruppe Winsen" not in timeline(client, age_months=3)["timeline-soon"]
    assert "Krabbelgruppe Winsen" in timeline(client, age_months=4)["timeline-soon"]
    assert "Babymassage Winsen" in timeline(client, age_months=6)["timeline-now"]
    at_seven = timeline(client, age_months=7)
    assert "Babymassage Winsen" not in at_seven["timeline-now"] + at_seven["timeline-soon"]
    # An offer for all ages is no step on the timeline.
    assert "Erziehungsberatung Winsen" not in at_seven["timeline-now"]


@pytest.mark.parametrize("weeks", [0, 4, 6, 10, 20])
def test_pregnancy(client, timeline_offers, weeks):
    shown = timeline(client, weeks_until_birth=weeks)
    assert shown == expected(Stage(pregnant=True, weeks_until_birth=weeks))
    assert "Geburtsvorbereitung Winsen" in shown["timeline-now"]


def test_pregnancy_without_weeks_lists_the_pregnancy_offers(client, timeline_offers):
    shown = timeline(client, pregnant=1)
    assert shown["timeline-now"] == ["Familienhebamme Winsen", "Geburtsvorbereitung Winsen"]
    assert shown["timeline-soon"] == []


def test_place_and_radius_as_in_the_finder(client, timeline_offers):
    near = timeline(client, age_months=8)
    assert "Krabbelgruppe München" not in near["timeline-now"]
    everywhere = client.get("/was-passt-jetzt/", {"age_months": 8})
    assert "Krabbelgruppe München" in sections(everywhere)["timeline-now"]


def test_without_javascript_the_form_offers_ages_and_weeks_never_a_date(client, timeline_offers):
    response = client.get("/was-passt-jetzt/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("form[data-timeline]")
    named = {field["name"] for field in form.select("[name]")}
    assert named == {"age_months", "weeks_until_birth", "near", "radius_km"}
    ages = [o["value"] for o in form.select("select[name=age_months] option") if o["value"]]
    assert "0" in ages and "12" in ages
    # The date fields have no name, so a form cannot send them; the script reveals them.
    for field in form.select("input[type=month], input[type=date]"):
        assert not field.has_attr("name")
    assert form.select_one("[data-timeline-dates]").has_attr("hidden")
    # Nothing asked yet: no result lists.
    assert sections(response) == {}


def test_bad_input_answers_with_a_message(client, timeline_offers):
    for query in (
        {"age_months": "vier"},
        {"weeks_until_birth": "99"},
        {"age_months": "4", "near": "Atlantis-an-der-Oste"},
    ):
        response = client.get("/was-passt-jetzt/", query)
        assert response.status_code == 200
        assert 'class="finder__errors"' in response.content.decode()
        assert sections(response) == {}


@pytest.mark.parametrize(
    "prefix,lang", [("", "de"), ("/en", "en"), ("/tr", "tr"), ("/ar", "ar"), ("/uk", "uk")]
)
def test_every_language_has_the_page(client, timeline_offers, prefix, lang):
    response = client.get(f"{prefix}/was-passt-jetzt/", {"age_months": 4})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert "Babymassage Winsen" in html
    if lang == "de":
        assert de("What fits now?") == "Was passt jetzt?"
        assert "Was passt jetzt?" in html and "Passt jetzt" in html and "Bald interessant" in html
    else:
        assert "Was passt jetzt?" not in html


def test_the_finder_links_the_timeline(client, timeline_offers):
    html = client.get("/angebote/").content.decode()
    assert re.search(r'href="/was-passt-jetzt/"', html)
    assert 'href="/en/was-passt-jetzt/"' in client.get("/en/angebote/").content.decode()


def test_stage_rules():
    """The rule itself, for ages the table above does not reach."""
    window = Window(24, 36, False)
    assert Stage(age_months=22).soon_months() == [23, 24]
    assert window.starts_soon(Stage(age_months=22))
    assert not window.starts_soon(Stage(age_months=21))
    assert not window.starts_soon(Stage(age_months=30))  # it fits now
    assert window.fits_now(Stage(age_months=30))
    assert Stage(pregnant=True, weeks_until_birth=13).soon_months() == []
    assert Stage(pregnant=True).soon_months() == []


def test_offers_lead_back_to_the_timeline(client, timeline_offers):
    response = client.get("/was-passt-jetzt/", {"age_months": 4, "near": "21423"})
    link = BeautifulSoup(response.content, "html.parser").select_one(".offer-result__title a")
    offer = BeautifulSoup(client.get(link["href"]).content, "html.parser")
    back = offer.select_one(".back-to-search a")
    assert back is not None
    assert back["href"] == "/was-passt-jetzt/?age_months=4&near=21423"
