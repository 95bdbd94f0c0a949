"""Search and offers in the visitor's language, on the quick start's demo: a family's words in
English, Turkish, Arabic and Ukrainian find the demo's offers on both engines, the finder's
placeholder names words that find something, and titles and summaries come in the visitor's
language where editors translated them — else German, said so."""

from __future__ import annotations

import re
from typing import Any

from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from offers_directory.models import OfferPage, OfferTranslation
from search.offers.indexing import public_offers
from tests.search.conftest import ENGINES, EngineRunner

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "en", "tr", "ar", "uk"]
# A family's words per language for the midwife and the parents' café, and the German word
# each stands for (what the offers are written in).
WORDS: dict[str, dict[str, str]] = {
    "Hebamme": {"en": "midwife", "tr": "ebe", "ar": "قابلة", "uk": "акушерка"},
    "Elterncafé": {
        "en": "parent café",
        "tr": "ebeveyn kafesi",
        "ar": "مقهى الأهل",
        "uk": "батьківське кафе",
    },
}
# The demo's offers each German word must find: those of these categories.
CATEGORIES = {
    "Hebamme": ("hebammensprechstunde", "familienhebamme"),
    "Elterncafé": ("elterncafe",),
}


def found_ids(runner: EngineRunner, q: str, **params: Any) -> set[int]:
    answer = runner.search(q=q, page_size=100, **params)
    assert answer["count"] <= 100, "the test reads one page"
    return {result["id"] for result in answer["results"]}


def category_offers(codes: tuple[str, ...]) -> set[int]:
    return set(
        public_offers().filter(categories__code__in=codes).values_list("pk", flat=True).distinct()
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_a_family_s_words_find_the_demo_offers_in_every_language(engine, demo_offers):
    runner = EngineRunner(engine)
    for german, translations in WORDS.items():
        expected = category_offers(CATEGORIES[german])
        assert expected, german
        german_found = found_ids(runner, german)
        assert expected <= german_found, german
        for language, words in translations.items():
            found = found_ids(runner, words)
            missing = expected - found
            assert not missing, f"{words!r} ({language}) misses {len(missing)} {german} offers"
            # The translated offers are found by their own words too.
            translated = set(
                OfferTranslation.objects.filter(
                    language=language,
                    page__in=public_offers(),
                    page__categories__code__in=CATEGORIES[german],
                ).values_list("page_id", flat=True)
            )
            assert translated <= found, words


def placeholder_words(html: str, input_id: str) -> list[str]:
    """The search words a placeholder suggests: "z. B. Hebamme, Elterncafé" → Hebamme,
    Elterncafé (the lead-in ends at its last full stop or colon)."""
    placeholder = BeautifulSoup(html, "html.parser").find(id=input_id)["placeholder"]
    terms = [term.strip() for term in re.split(r"[,،]", placeholder)]
    terms[0] = re.split(r"[.:]", terms[0])[-1].strip()
    return [term for term in terms if term]


@pytest.mark.parametrize("engine", ENGINES)
def test_each_language_s_placeholder_names_words_that_find_offers(engine, client, demo_offers):
    runner = EngineRunner(engine)
    for language in LANGUAGES:
        prefix = "" if language == "de" else f"/{language}"
        with translation.override(language):
            pages = {
                "finder-q": client.get(f"{prefix}/angebote/").content.decode(),
                "teaser-q": client.get(f"{prefix}/").content.decode(),
            }
        for input_id, html in pages.items():
            words = placeholder_words(html, input_id)
            assert len(words) >= 2, (language, input_id)
            for words_ in words:
                count = runner.search(q=words_, page_size=1)["count"]
                assert count > 0, f"{language} {input_id}: {words_!r} finds nothing"


def translated_demo_offer(language: str, untranslated: str | None = None) -> OfferPage:
    """A public demo offer translated into `language` (and not into `untranslated`)."""
    rows = OfferTranslation.objects.filter(language=language, page__in=public_offers())
    if untranslated:
        rows = rows.exclude(page__in=translated_pages(untranslated))
    row = rows.select_related("page").order_by("page_id").first()
    assert row is not None
    return row.page


def translated_pages(language: str) -> Any:
    return OfferTranslation.objects.filter(language=language).values("page_id")


@pytest.mark.parametrize("engine", ENGINES)
def test_answers_carry_the_visitor_s_language_where_translated(engine, demo_offers):
    runner = EngineRunner(engine)
    offer = translated_demo_offer("ar", untranslated="en")
    arabic = offer.translations.get(language="ar")
    answer = runner.search(q=offer.title.split()[0], lang="ar", page_size=100)
    results = {result["id"]: result for result in answer["results"]}
    assert results[offer.pk]["title"] == arabic.title
    assert results[offer.pk]["summary"] == arabic.summary
    assert results[offer.pk]["text_language"] == "ar"
    untranslated = [r for r in results.values() if r["id"] not in translated_ids("ar")]
    assert untranslated, "the search finds German-only offers too"
    for result in untranslated:
        page = OfferPage.objects.get(pk=result["id"])
        assert (result["title"], result["summary"], result["text_language"]) == (
            page.title,
            page.summary,
            "de",
        )
    # German by default, and for a language nobody translated this offer into.
    german = {r["id"]: r for r in runner.search(q=offer.title, page_size=100)["results"]}
    assert (german[offer.pk]["title"], german[offer.pk]["text_language"]) == (offer.title, "de")
    english = {
        r["id"]: r for r in runner.search(q=offer.title, lang="en", page_size=100)["results"]
    }
    assert (english[offer.pk]["title"], english[offer.pk]["text_language"]) == (offer.title, "de")
    # The map's points are titled alike.
    points = runner.map(q=offer.title, lang="ar")["points"]
    assert arabic.title in {p["title"] for p in points if p["id"] == offer.pk}
    assert {p["url"] for p in points if p["id"] == offer.pk} == {f"/ar{offer.url}"}


def translated_ids(language: str) -> set[int]:
    return set(OfferTranslation.objects.filter(language=language).values_list("page_id", flat=True))


def test_the_api_takes_lang_and_refuses_an_unknown_one(client, demo_offers):
    offer = translated_demo_offer("uk")
    answer = client.get("/api/v1/offers/", {"q": offer.title, "lang": "uk", "page_size": 100})
    assert answer.status_code == 200
    result = next(r for r in answer.json()["results"] if r["id"] == offer.pk)
    assert result["title"] == offer.translations.get(language="uk").title
    assert result["text_language"] == "uk"
    assert result["url"] == f"/uk{offer.url}"
    german = client.get("/api/v1/offers/", {"q": offer.title, "page_size": 100}).json()
    assert next(r for r in german["results"] if r["id"] == offer.pk)["url"] == offer.url
    bad = client.get("/api/v1/offers/", {"q": "Hebamme", "lang": "fr"})
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid_lang"
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["OfferOut"]
    assert "text_language" in schema["required"]


def test_the_api_answers_its_own_words_in_lang(client, demo_offers):
    """Not only the titles: the distances and the facets' labels come in `lang` too (an app
    shows them as they come); the default stays German, and so do the error messages."""
    location = OfferPage.objects.filter(pk__in=public_offers()).first().locations.first()
    near = {"lat": location.latitude, "lon": location.longitude, "radius_km": 30}

    def answer(**params: Any) -> dict[str, Any]:
        response = client.get("/api/v1/offers/", {**near, "page_size": 50, **params})
        assert response.status_code == 200
        return response.json()

    def labels(data: dict[str, Any]) -> set[str]:
        # Offers without a location (online, by phone) have no distance.
        return {r["distance_label"] for r in data["results"]} - {None}

    def language_label(data: dict[str, Any], code: str) -> str:
        return next(i["label"] for i in data["facets"]["language"] if i["value"] == code)

    german, english, arabic = answer(), answer(lang="en"), answer(lang="ar")
    assert labels(german) and len(english["results"]) == len(german["results"])
    assert all(re.fullmatch(r"\d+(,\d)? km entfernt|am Ort", label) for label in labels(german))
    assert all(re.fullmatch(r"\d+(\.\d)? km away|at the place", label) for label in labels(english))
    assert labels(arabic).isdisjoint(labels(german) | labels(english))
    assert (language_label(german, "de"), language_label(english, "de")) == ("Deutsch", "German")
    assert language_label(arabic, "de") not in {"Deutsch", "German"}
    mapped = client.get("/api/v1/offers/map", {**near, "lang": "en"})
    assert mapped.status_code == 200
    bad = client.get("/api/v1/offers/", {**near, "radius_km": -1, "lang": "en"})
    assert bad.status_code == 400
    assert bad.json()["message"].startswith("Der Umkreis")


def note(language: str) -> str:
    with translation.override(language):
        text = translation.gettext("Only available in German")
    assert text != "Only available in German" or language == "en"
    return text


def test_the_finder_shows_translations_and_says_where_text_is_german_only(client, demo_offers):
    offer = translated_demo_offer("ar")
    arabic = offer.translations.get(language="ar")
    with translation.override("ar"):
        html = client.get("/ar/angebote/", {"q": offer.title}).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    items = {int(li["data-offer-id"]): li for li in soup.select("li.offer-result")}
    title = items[offer.pk].select_one(".offer-result__title")
    assert (title.get_text(strip=True), title["lang"], title["dir"]) == (arabic.title, "ar", "rtl")
    summary = items[offer.pk].select_one(".offer-result__summary")
    assert (summary.get_text(strip=True), summary["lang"]) == (arabic.summary, "ar")
    assert note("ar") not in items[offer.pk].get_text()
    # The result leads to the offer page in Arabic, not to the German one.
    link = title.select_one("a")["href"]
    assert link.startswith(f"/ar{offer.url}?back="), link
    with translation.override("ar"):
        landed = BeautifulSoup(client.get(link).content.decode(), "html.parser")
    assert (landed.html["lang"], landed.html["dir"]) == ("ar", "rtl")
    german_only = [li for pk, li in items.items() if pk not in translated_ids("ar")]
    assert german_only
    for item in german_only:
        heading = item.select_one(".offer-result__title")
        assert (heading["lang"], heading["dir"]) == ("de", "ltr")
        assert note("ar") in item.select_one(".offer-result__german-only").get_text()
    # German pages say nothing of the sort.
    with translation.override("de"):
        german = client.get("/angebote/", {"q": offer.title}).content.decode()
    assert note("de") not in german
    soup = BeautifulSoup(german, "html.parser")
    heading = soup.select_one(f"#offer-{offer.pk} .offer-result__title")
    assert (heading.get_text(strip=True), heading.get("lang")) == (offer.title, None)


def offer_page(client: Any, offer: OfferPage, language: str) -> BeautifulSoup:
    with translation.override(language):
        # The page's URL in the active language (/tr/…).
        return BeautifulSoup(client.get(offer.url).content.decode(), "html.parser")


def heading_of(soup: BeautifulSoup) -> tuple[str, str, str]:
    heading = soup.select_one("#offer-title")
    return heading.get_text(strip=True), heading["lang"], heading["dir"]


def test_the_offer_page_shows_the_translation_and_marks_the_german_description(client, demo_offers):
    offer = translated_demo_offer("tr")
    turkish = offer.translations.get(language="tr")
    soup = offer_page(client, offer, "tr")
    assert heading_of(soup) == (turkish.title, "tr", "ltr")
    assert soup.title.get_text().startswith(turkish.title)
    assert soup.select_one(".lead").get_text(strip=True) == turkish.summary
    assert soup.select_one(".offer__description")["lang"] == "de"
    assert note("tr") in soup.select_one(".offer__german-only").get_text()

    untranslated = public_offers().exclude(pk__in=translated_ids("uk")).first()
    soup = offer_page(client, untranslated, "uk")
    assert heading_of(soup) == (untranslated.title, "de", "ltr")
    assert note("uk") in soup.select_one(".offer__german-only").get_text()


def test_offer_listings_show_translations_and_say_where_text_is_german_only(client, demo_offers):
    offer = translated_demo_offer("ar")
    listing = offer.get_parent().specific
    with translation.override("ar"):
        soup = BeautifulSoup(client.get(listing.url).content.decode(), "html.parser")
    cards = soup.select("article.offer-card")
    titles = {card.select_one(".card__title").get_text(strip=True): card for card in cards}
    card = titles[offer.translations.get(language="ar").title]
    assert (card.select_one(".card__title")["lang"], card.select_one(".card__title")["dir"]) == (
        "ar",
        "rtl",
    )
    assert card.select_one(".card__german-only") is None
    german = [c for c in cards if c.select_one(".card__title")["lang"] == "de"]
    assert german
    assert all(note("ar") in c.select_one(".card__german-only").get_text() for c in german)
