"""Languages: German without prefix, English, Turkish, Arabic (right to left) and Ukrainian
under /en/, /tr/, /ar/, /uk/; a language switch on every page; complete catalogues."""

import re
import subprocess
from pathlib import Path

from django.conf import settings
from django.utils import translation

import polib
import pytest

from home.i18n import path_in_language
from home.templatetags.site_i18n import language_label
from news.models import NewsPage

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
OTHER_LANGUAGES = ["en", "tr", "ar", "uk"]
ALL_LANGUAGES = [code for code, _name in settings.LANGUAGES]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]|\{(\w+)\}")
# One UI string per language, as a visitor sees it in the header.
SKIP_LINK = {
    "de": "Zum Inhalt springen",
    "en": "Skip to content",
    "tr": "İçeriğe geç",
    "ar": "انتقل إلى المحتوى",
    "uk": "Перейти до змісту",
}


def _catalogue(code: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / code / "LC_MESSAGES" / "django.po"))


# --- catalogues ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", ALL_LANGUAGES)
def test_catalogue_is_complete(code):
    po = _catalogue(code)
    german = {(e.msgctxt, e.msgid) for e in _catalogue("de") if not e.obsolete}
    assert len(po) > 400
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [], f"{code}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert fuzzy == [], f"{code}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    # Every catalogue holds the same strings as the German one (makemessages ran for all).
    assert {(e.msgctxt, e.msgid) for e in po if not e.obsolete} == german


@pytest.mark.parametrize("code", ALL_LANGUAGES)
def test_catalogue_keeps_placeholders_and_plural_forms(code):
    po = _catalogue(code)
    nplurals = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))
    expected_nplurals = {"de": 2, "en": 2, "tr": 2, "ar": 6, "uk": 4}[code]
    assert nplurals == expected_nplurals
    for entry in po:
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == nplurals, entry.msgid
            for form in entry.msgstr_plural.values():
                # A singular form may say "one" instead of the number (Arabic does).
                assert set(PLACEHOLDER.findall(form)) <= wanted | set(
                    PLACEHOLDER.findall(entry.msgid_plural)
                ), (entry.msgid, form)
        else:
            assert set(PLACEHOLDER.findall(entry.msgstr)) == wanted, (entry.msgid, entry.msgstr)


@pytest.mark.parametrize("code", ALL_LANGUAGES)
def test_compiled_catalogue_is_current(code, tmp_path):
    """The .mo Django reads matches its .po (someone ran compilemessages)."""
    po_path = LOCALE_DIR / code / "LC_MESSAGES" / "django.po"
    mo_path = LOCALE_DIR / code / "LC_MESSAGES" / "django.mo"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po_path)], check=True)
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path))}
    expected = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(fresh))}
    assert compiled == expected


# --- language in the path -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "current", "code", "expected"),
    [
        ("/aktuelles/", "de", "ar", "/ar/aktuelles/"),
        ("/ar/aktuelles/", "ar", "de", "/aktuelles/"),
        ("/ar/aktuelles/", "ar", "uk", "/uk/aktuelles/"),
        ("/en/", "en", "de", "/"),
        ("/", "de", "tr", "/tr/"),
        # German paths that merely start like a language code stay intact.
        ("/ukraine/", "de", "en", "/en/ukraine/"),
    ],
)
def test_path_in_language(path, current, code, expected):
    assert path_in_language(path, code, current) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("code", ALL_LANGUAGES)
def test_each_language_has_its_html_lang_dir_and_ui_text(client, demo, code):
    prefix = "" if code == "de" else f"/{code}"
    response = client.get(f"{prefix}/aktuelles/")
    assert response.status_code == 200
    html = response.content.decode()
    direction = "rtl" if code == "ar" else "ltr"
    assert f'<html lang="{code}" dir="{direction}">' in html
    assert f'href="#main-content">{SKIP_LINK[code]}</a>' in html
    # Links inside the page stay in the visitor's language.
    assert f'href="{prefix}/impressum/"' in html
    assert f'action="{prefix}/suche/"' in html
    # Anonymous visitors get no cookie, not even a language cookie.
    assert response.cookies == {} or not any(response.cookies.values())


@pytest.mark.django_db
def test_language_switch_links_to_the_same_page_in_every_language(client, demo):
    with translation.override("de"):
        url = NewsPage.objects.live().order_by("pk").first().url
    html = client.get(f"/tr{url}?utm=1").content.decode()
    switch = html.split('class="language-switch"')[1].split("</nav>")[0]
    links = re.findall(
        r'<a href="([^"]+)" hreflang="(\w+)" lang="(\w+)" dir="(\w+)"([^>]*)>', switch
    )
    assert [(href, hreflang) for href, hreflang, *_rest in links] == [
        (f"{url}?utm=1", "de"),
        (f"/en{url}?utm=1", "en"),
        (f"/tr{url}?utm=1", "tr"),
        (f"/ar{url}?utm=1", "ar"),
        (f"/uk{url}?utm=1", "uk"),
    ]
    assert [lang for _h, _hl, lang, *_r in links] == ALL_LANGUAGES
    assert [direction for *_x, direction, _rest in links] == ["ltr", "ltr", "ltr", "rtl", "ltr"]
    # Exactly the current language is marked as current.
    assert [bool("aria-current" in rest) for *_x, rest in links] == [
        False,
        False,
        True,
        False,
        False,
    ]
    # Each name is written in its own language.
    for _code, name in settings.LANGUAGES:
        assert f">{name}</a>" in switch
    # Search engines learn the alternatives too.
    for code in ALL_LANGUAGES:
        assert f'<link rel="alternate" hreflang="{code}"' in html


@pytest.mark.django_db
def test_german_needs_no_prefix_and_unknown_prefixes_are_not_languages(client, demo):
    assert client.get("/").status_code == 200
    assert client.get("/de/").status_code == 404
    assert client.get("/fr/").status_code == 404


@pytest.mark.django_db
def test_accept_language_does_not_move_german_pages(client, demo):
    """The path decides the language: a browser asking for Arabic still gets German at /."""
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    assert '<html lang="de" dir="ltr">' in response.content.decode()


@pytest.mark.django_db
def test_404_page_has_the_language_switch(client, demo):
    response = client.get("/ar/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert 'href="/gibt-es-nicht/" hreflang="de"' in html


def test_language_label_names_a_language_in_the_visitors_language_and_its_own():
    with translation.override("de"):
        assert str(language_label("ar")) == 'Arabisch (<bdi lang="ar" dir="rtl">العربيّة</bdi>)'
        assert str(language_label("tr")) == 'Türkisch (<span lang="tr">Türkçe</span>)'
        assert str(language_label("de")) == '<span lang="de">Deutsch</span>'
    with translation.override("ar"):
        assert str(language_label("ar")) == '<span lang="ar">العربيّة</span>'
        assert str(language_label("de")) == 'الألمانيّة (<bdi lang="de" dir="ltr">Deutsch</bdi>)'
    with translation.override("uk"):
        assert str(language_label("ti")).startswith("Тигринья (")
