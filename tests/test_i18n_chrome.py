"""Every word the site itself writes is in the visitor's language: the home page, the finder
with results, an offer page and the Merkliste handout, rendered in en, tr, ar and uk, show no
German UI string outside content marked lang="de".

The German strings are derived, never listed by hand: the German catalogue's translations (the
site's own words) and the German names of the managed vocabularies (offers_directory's data:
categories, target groups, languages), minus what the target language writes the same way."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import translation

from wagtail.admin.admin_url_finder import AdminURLFinder

import polib
import pytest
from bs4 import BeautifulSoup

from events.models import EventPage
from news.models import NewsPage
from offers_directory.languages import GERMAN_NAMES, translated_language_name
from offers_directory.models import OfferPage, TaxonomyTerm
from offers_directory.vocabularies import CATEGORY_TERMS, TARGET_GROUP_TERMS, term_translations

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
OTHER_LANGUAGES = ["en", "tr", "ar", "uk"]
# Placeholders and markup split a translation into the fragments a page shows verbatim.
SPLIT = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]+>|&\w+;|\s[–—-]\s|[.:;!?…()«»„“”\"]")
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
# Attributes a visitor reads or hears as text.
TEXT_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")


def _catalogue(code: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / code / "LC_MESSAGES" / "django.po"))


def _forms(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [form for _n, form in sorted(entry.msgstr_plural.items())]
    return [entry.msgstr]


def _fragments(text: str) -> set[str]:
    return {" ".join(part.split()) for part in SPLIT.split(text)}


def _is_telling(fragment: str) -> bool:
    """Long enough to be German, not a name: at least one word of four letters or more, and
    not a single capitalised word shared by every language (a name such as 'Merkliste' is
    caught as long as any target language writes it differently)."""
    return any(len(LETTER.findall(word)) >= 4 for word in fragment.split())


def _contains(text: str, fragment: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", text) is not None


@cache
def german_strings(code: str) -> frozenset[str]:
    """The German fragments a page in language `code` must not show: the German catalogue's
    and the vocabularies' German words, except those the target language writes the same way
    anywhere in its own catalogue (a name such as "Netzwerk Frühe Hilfen", "Radius", "Online")."""
    target_text = "\n".join(
        form for entry in _catalogue(code) if not entry.obsolete for form in _forms(entry)
    )
    candidates: set[str] = set()
    for entry in _catalogue("de"):
        if not entry.obsolete:
            for form in _forms(entry):
                candidates.update(_fragments(form))
    translations = term_translations()
    for term_code, name, *_rest in CATEGORY_TERMS + TARGET_GROUP_TERMS:
        target_text += "\n" + translations.get(term_code, {}).get(code, "")
        candidates.add(name)
    with translation.override(code):
        for language, name in GERMAN_NAMES.items():
            target_text += "\n" + translated_language_name(language)
            candidates.add(name)
    return frozenset(
        fragment
        for fragment in candidates
        if _is_telling(fragment) and not _contains(target_text, fragment)
    )


def visible_text(html: str) -> str:
    """What a visitor reads or hears, without content marked as German."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["script", "style", "template", "head"]):
        tag.decompose()
    for tag in soup.find_all(attrs={"lang": "de"}):
        tag.decompose()
    parts = [soup.get_text(" ")]
    for tag in soup.find_all(True):
        parts.extend(str(tag[name]) for name in TEXT_ATTRIBUTES if tag.has_attr(name))
    return " ".join(" ".join(parts).split())


def german_leaks(html: str, code: str) -> dict[str, str]:
    """German fragment → where it stands in the visible text."""
    text = visible_text(html)
    found = {}
    for fragment in german_strings(code):
        match = re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", text)
        if match:
            found[fragment] = text[max(0, match.start() - 40) : match.end() + 40]
    return dict(sorted(found.items()))


def _offer_with_everything() -> OfferPage:
    """A public demo offer with categories, languages, ages and opening hours."""
    offers = (
        OfferPage.objects.live()
        .public()
        .filter(schedules__isnull=False, languages__isnull=False, categories__isnull=False)
        .distinct()
        .order_by("pk")
    )
    return offers.first()


@pytest.mark.django_db
# Not `embedded`: the catalogues decide this, not the database, and the SQLite run's time
# is better spent on what differs there.
@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_pages_show_no_german_ui_text(client, demo, demo_offers, code):
    offer = _offer_with_everything()
    assert offer is not None
    # A news item with a quote, a contact card and an offer card: its text is German, its
    # labels the visitor's.
    news = next(p for p in NewsPage.objects.live() if any(b.block_type == "quote" for b in p.body))
    news.body.append(("offer", {"offer": offer, "note": "Mehr zum Angebot:"}))
    news.save()
    event = EventPage.objects.live().exclude(teaser="").first()
    with translation.override(code):
        offer_url, news_url, event_url = offer.url, news.url, event.url
    assert offer_url.startswith(f"/{code}/")
    pages = {
        "home": f"/{code}/",
        "finder": f"/{code}/angebote/?near=21423",
        "offer": offer_url,
        "handout": f"/{code}/merkliste/?ids={offer.pk}&lang={code}",
        "timeline": f"/{code}/was-passt-jetzt/?age_months=4&near=21423",
        "events": f"/{code}/termine/",
        "professionals": f"/{code}/fachkraefte/",
        "news": news_url,
        "event": event_url,
    }
    leaks = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        if name in ("finder", "timeline"):
            assert 'class="offer-result' in html, f"the {name} found nothing"
        found = german_leaks(html, code)
        if found:
            leaks[name] = found
    for name, found in leaks.items():
        print(f"--- {code} {name}")
        for fragment, where in found.items():
            print(f"  {fragment!r}: …{where}…")
    assert leaks == {}


def test_the_leak_finder_finds_german_outside_lang_de():
    """The check itself: German UI text is found, the same text inside lang="de" is not."""
    with translation.override("de"):
        from django.utils.translation import gettext

        german = gettext("Skip to content")
    assert german in german_leaks(f"<p>{german}</p>", "en")
    assert german_leaks(f'<div lang="de"><p>{german}</p></div>', "en") == {}
    assert german in german_leaks(f'<input placeholder="{german}">', "en")


# --- editing the translations ----------------------------------------------------------------


@pytest.mark.django_db
def test_editors_find_the_structure_pages_translations_in_the_page_form(admin_client, demo):
    news = demo.get_children().get(slug="aktuelles")
    html = admin_client.get(AdminURLFinder().get_edit_url(news)).content.decode()
    form = BeautifulSoup(html, "html.parser")
    titles = {
        form.find("select", attrs={"name": f"ui_translations-{n}-language"}).find(
            "option", selected=True
        )["value"]: form.find("input", attrs={"name": f"ui_translations-{n}-title"})["value"]
        for n in range(4)
    }
    assert titles == {"en": "News", "tr": "Haberler", "ar": "الأخبار", "uk": "Новини"}
    home_form = admin_client.get(AdminURLFinder().get_edit_url(demo)).content.decode()
    assert 'name="ui_translations-0-finder_title"' in home_form


@pytest.mark.django_db
def test_an_edited_term_name_shows_in_the_finder_of_its_language(admin_client, demo, demo_offers):
    term = TaxonomyTerm.objects.get(code="elterncafe")
    edit_url = AdminURLFinder().get_edit_url(term)
    assert f'value="{term.name_tr}"' in admin_client.get(edit_url).content.decode()
    finder = "/tr/angebote/?near=21423"
    assert "Ebeveyn kafesi" in visible_text(client_get(admin_client, finder))
    form = {
        "taxonomy": term.taxonomy_id,
        "code": term.code,
        "name": term.name,
        "name_en": term.name_en,
        "name_tr": "Anne-baba kafesi",
        "name_ar": term.name_ar,
        "name_uk": term.name_uk,
        "description": term.description,
        "parent": term.parent_id or "",
        "term_uri": "",
        "sort_order": term.sort_order,
    }
    response = admin_client.post(edit_url, form)
    assert response.status_code == 302
    # The facet labels (cached per language) follow the edit; other languages keep theirs.
    assert "Anne-baba kafesi" in visible_text(client_get(admin_client, finder))
    assert "Parents' café" in visible_text(client_get(admin_client, "/en/angebote/?near=21423"))


def client_get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.django_db
def test_the_timeline_shows_offers_in_the_visitors_language(client, demo, demo_offers):
    from offers_directory.models import OfferTranslation

    html = client_get(client, "/ar/was-passt-jetzt/?age_months=4&near=21423")
    shown = re.findall(
        r'<h3 class="offer-result__title" lang="ar" dir="rtl"><a [^>]*>([^<]+)</a>', html
    )
    assert shown, "no Arabic title in the timeline"
    assert set(shown) <= set(
        OfferTranslation.objects.filter(language="ar").values_list("title", flat=True)
    )
