"""Press texts read like press releases: the headline (or a short title from the first
sentence), the dateline, dates in the first lines, photo credits, quotations with their
speaker, web-page leftovers dropped; the report says per item what was found and what was
guessed; drafts for review. The files in data/press/ are written like real county press
releases and web-page copies of them."""

import datetime
from pathlib import Path

import pytest

from news.importer import ImportItem, NewsImporter, read_document, read_feed
from news.models import NewsPage
from news.press_text import (
    credit_in,
    find_date,
    first_sentence,
    is_headline,
    is_leftover,
    read_press_release,
    short_title,
    speaker_and_role,
    split_quotes,
)
from tests.commands import command_output
from tests.demo_pages import news_index

DATA = Path(__file__).parent / "data" / "press"


def read(name: str) -> ImportItem:
    path = DATA / name
    return read_document(path, path.read_bytes())


def sources(item: ImportItem) -> dict[str, tuple[str, bool]]:
    return {report.field: (report.source, report.found) for report in item.fields}


def quotes(item: ImportItem) -> list[dict]:
    return [value for kind, value in item.body if kind == "quote"]


def body_text(item: ImportItem) -> str:
    return str(item.body)


# --- What the importer reads from each kind of text -------------------------------------------


def test_headline_with_a_dateline_glued_to_the_first_sentence():
    item = read("familienhebammen.txt")
    assert item.title == "Familienhebammen stellen ihre Arbeit im Kreishaus vor"
    assert item.date == datetime.date(2025, 5, 14)
    assert item.author == "Landkreis Harburg"
    # The dateline is gone from the teaser and the text; the sentence it was glued to stays.
    assert item.teaser.startswith("Die Familienhebammen des Landkreises Harburg begleiten")
    assert "von Landkreis Harburg am" not in body_text(item)
    assert "<p>Die Familienhebammen des Landkreises Harburg begleiten" in body_text(item)
    assert item.credit == "Foto: Landkreis Harburg - Erika Muster"
    assert "Foto:" not in body_text(item)
    assert quotes(item) == [
        {
            "text": "Wir freuen uns, dass so viele Familien das Angebot annehmen",
            "speaker": "Rainer Rempe",
            "role": "Landrat",
        },
        {
            "text": "Oft nimmt schon ein Hausbesuch den Eltern die größte Unsicherheit",
            "speaker": "Erika Muster",
            "role": "Koordinatorin der Frühen Hilfen",
        },
    ]
    # What follows a quotation's attribution stays a paragraph, in its place.
    kinds = [kind for kind, _value in item.body]
    assert kinds == ["paragraph", "quote", "paragraph", "quote", "paragraph"]
    assert "212 Familien begleitet" in str(item.body[2][1])
    assert sources(item) == {
        "title": ("headline", True),
        "date": ("dateline", True),
        "teaser": ("first_paragraph", False),
        "image_credit": ("credit_line", True),
        "author": ("dateline", True),
    }


def test_date_marker_before_the_headline_on_the_same_line():
    item = read("netzwerktreffen-2016.txt")
    assert item.title == "Netzwerktreffen Frühe Hilfen in Soltau"
    assert item.date == datetime.date(2016, 11, 1)
    assert sources(item)["date"] == ("date_marker", True)
    assert "2016-11" not in body_text(item) + item.teaser
    assert body_text(item).count("<p>") == 2  # both paragraphs kept


def test_no_headline_line_gives_a_short_title_and_the_sentence_as_teaser():
    item = read("aktionstage.txt")
    sentence = (
        "Der Landkreis Saarlouis lädt vom 03.03.2025 bis 05.03.2025 alle werdenden Eltern zu "
        "den Aktionstagen „Gut begleitet ins Leben“ in das Landratsamt ein, bei denen sich "
        "Hebammen, Beratungsstellen und Kinderärztinnen vorstellen."
    )
    assert len(sentence) > 120
    assert len(item.title) <= 120
    assert item.title.endswith(" …")
    # Cut at a word boundary, and the quotation opened in the cut-off part is not left open.
    assert sentence.startswith(item.title.removesuffix(" …"))
    assert sentence[len(item.title) - 2] == " "
    assert "„" not in item.title and not item.title.removesuffix(" …").endswith((",", "–"))
    assert item.teaser == sentence
    assert item.date == datetime.date(2025, 3, 3)  # the start of "vom … bis …"
    assert item.credit == "Bild: Landkreis Saarlouis"
    assert sources(item)["title"] == ("first_sentence", False)
    assert sources(item)["teaser"] == ("first_sentence", False)
    assert sources(item)["date"] == ("text_start", True)
    # The body keeps the whole text, the first sentence included.
    assert body_text(item).count("<p>") == 2 and sentence in body_text(item)


LEFTOVERS = [
    "Startseite",
    "banner_fruehe_hilfen_2023.jpg",
    "Teilen",
    "Facebook",
    "WhatsApp",
    "Drucken",
    "Zurück zur Übersicht",
    "Kommentar",
    "E-Mail-Adresse",
    "Tolle Sache",  # a reader's comment below the form
    "Cookies",
]


def test_web_page_copy_in_windows_1252_loses_its_leftovers():
    raw = (DATA / "elterncafe-cp1252.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    item = read("elterncafe-cp1252.txt")
    assert item.title == "Elterncafé in Dessau-Roßlau öffnet wieder"
    assert item.date == datetime.date(2025, 1, 7)  # "Pressemitteilung vom 07.01.2025"
    assert item.credit == "© Stadt Dessau-Roßlau"
    assert item.teaser.startswith("Das Elterncafé im Familienzentrum Am Lustgarten")
    text = body_text(item)
    for leftover in LEFTOVERS:
        assert leftover not in text, leftover
        assert any(leftover in removed for removed in item.removed), leftover
    assert text.count("<p>") == 2
    assert "Bundesstiftung Frühe Hilfen" in text


def test_saved_web_page():
    item = read("babylotsinnen.html")
    assert item.title == "Babylotsinnen starten an der Geburtsklinik in Haldensleben"
    assert item.date == datetime.date(2025, 3, 3)  # "am 3. März 2025" in the dateline
    assert item.author == "Landkreis Börde"
    assert item.credit == "Foto: Landkreis Börde - Max Beispiel"
    text = body_text(item)
    assert "Die Babylotsinnen im Kreißsaal der Klinik." in text  # the caption stays
    assert quotes(item) == [
        {
            "text": "Jede Familie soll wissen, wo sie Unterstützung bekommt – und zwar vom "
            "ersten Tag an.",
            "speaker": "Dr. Anna Beispiel",
            "role": "Sozialdezernentin",
        }
    ]
    assert ("heading", {"text": "Finanzierung", "level": "h2"}) in item.body
    for leftover in [*LEFTOVERS, "Impressum", "Instagram", "akzeptieren", "von Landkreis"]:
        assert leftover not in text, leftover
    assert item.teaser.startswith("Seit dieser Woche sind zwei Babylotsinnen")


def test_feed_entry_with_dateline_credit_and_quote():
    path = DATA / "heidekreis-presse.rss"
    (item,) = read_feed(path, path.read_bytes())
    assert item.title == "Elternbriefe jetzt auch auf Ukrainisch"
    assert item.date == datetime.date(2024, 4, 15)
    assert item.teaser == "Die Elternbriefe der Frühen Hilfen gibt es ab sofort in fünf Sprachen."
    assert item.author == "Heidekreis"
    assert item.credit == "Foto: Heidekreis"
    assert quotes(item)[0]["speaker"] == "Jens Beispiel"
    assert quotes(item)[0]["role"] == "Leiter des Jugendamtes"
    assert "Teilen auf Facebook" in item.removed
    assert "Facebook" not in body_text(item) and ".jpg" not in body_text(item)
    assert sources(item) == {
        "title": ("feed", True),
        "date": ("feed", True),
        "teaser": ("feed_summary", True),
        "image_credit": ("credit_line", True),
        "author": ("dateline", True),
    }


def test_dateline_glued_to_a_text_without_headline():
    release = read_press_release(
        "<p>von Landkreis Harburg am 14.05.2025Die Familienhebammen laden am Samstag zum "
        "Familienfest auf den Schlossplatz in Winsen ein. Beginn ist um 11 Uhr.</p>"
    )
    assert release.author == "Landkreis Harburg"
    assert release.date == datetime.date(2025, 5, 14)
    assert release.title == (
        "Die Familienhebammen laden am Samstag zum Familienfest auf den Schlossplatz in Winsen ein"
    )
    assert release.teaser.startswith("Die Familienhebammen laden") and "von " not in release.teaser


# --- The rules one by one ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vom 03.03.2025 bis 05.03.2025", datetime.date(2025, 3, 3)),
        ("vom 3. bis 5. März 2025", datetime.date(2025, 3, 3)),
        ("03.03. – 05.03.2025", datetime.date(2025, 3, 3)),
        ("vom 30.12. bis 02.01.2026", datetime.date(2025, 12, 30)),
        ("am 14. Mai 2025 in Winsen", datetime.date(2025, 5, 14)),
        ("Kapitel 3.1 bis 3.4", None),
    ],
)
def test_dates_and_date_ranges(text, expected):
    assert find_date(text) == expected


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        ("Ein kurzer Satz, mit Komma.", "Ein kurzer Satz, mit Komma"),
        ("Wie finden Eltern Hilfe?", "Wie finden Eltern Hilfe?"),
        (
            "Die Familienhebammen des Landkreises Harburg begleiten seit dem Jahr 2012 Familien "
            "mit Säuglingen, Kleinkindern und – auf Wunsch – auch deren ältere Geschwister.",
            "Die Familienhebammen des Landkreises Harburg begleiten seit dem Jahr 2012 Familien "
            "mit Säuglingen, Kleinkindern und …",
        ),
    ],
)
def test_short_title(sentence, title):
    assert short_title(sentence) == title
    assert len(short_title(sentence)) <= 120


def test_first_sentence_ignores_abbreviations_and_ordinals():
    text = "Am 3. März eröffnete Dr. Muster das Familienzentrum, z. B. mit Kaffee. Danach mehr."
    assert first_sentence(text) == text.removesuffix(" Danach mehr.")


@pytest.mark.parametrize(
    ("line", "following", "headline"),
    [
        ("Wegweiser für Familien erschienen", "", True),
        ("Wegweiser für Familien erschienen", "Der neue Wegweiser listet", True),
        ("Wie finden Eltern Hilfe?", "", True),
        ("Der neue Wegweiser für Familien listet alle Angebote der", "Frühen Hilfen auf.", False),
        ("Der neue Wegweiser listet alle Angebote", "auf, die es gibt.", False),
        ("Der Wegweiser ist da. Er listet alle Angebote", "", False),
        ("Der Wegweiser ist erschienen.", "", False),
    ],
)
def test_headline_line(line, following, headline):
    assert is_headline(line, following) is headline


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("Landrat Rainer Rempe.", ("Rainer Rempe", "Landrat")),
        ("Landrat Rempe", ("Rempe", "Landrat")),
        (
            "Erika Muster, Koordinatorin der Frühen Hilfen.",
            ("Erika Muster", "Koordinatorin der Frühen Hilfen"),
        ),
        (
            "die Koordinatorin der Frühen Hilfen, Erika Muster",
            ("Erika Muster", "Koordinatorin der Frühen Hilfen"),
        ),
        ("Erste Kreisrätin Dr. Anna Beispiel", ("Dr. Anna Beispiel", "Erste Kreisrätin")),
        ("Vincent Muster", ("Vincent Muster", "")),
        ("heißt das Motto", None),
        ("Das Motto", None),
    ],
)
def test_speaker_and_role(who, expected):
    assert speaker_and_role(who) == expected


def test_quotations_need_a_speaker():
    (quote, rest) = split_quotes(
        "„Das Angebot wirkt“, sagt Landrat Rainer Rempe. Im Jahr 2024 kamen 212 Familien."
    )
    assert (quote.kind, quote.text, quote.speaker, quote.role) == (
        "quote",
        "Das Angebot wirkt",
        "Rainer Rempe",
        "Landrat",
    )
    assert (rest.kind, rest.text) == ("p", "Im Jahr 2024 kamen 212 Familien.")
    (speaker_first,) = split_quotes("Landrätin Anna Beispiel betont: „Wir machen weiter.“")
    assert (speaker_first.speaker, speaker_first.role) == ("Anna Beispiel", "Landrätin")
    for not_a_quote in [
        "„Gut begleitet ins Leben“, so heißt das Motto der Aktionstage.",
        "Das Motto lautet: „Gut begleitet ins Leben“",
        "Anmeldung: „bitte bis Freitag“",
        "„Gut begleitet ins Leben“ – unter diesem Motto stehen die Aktionstage.",
    ]:
        assert split_quotes(not_a_quote) is None, not_a_quote


@pytest.mark.parametrize(
    ("line", "credit", "rest"),
    [
        ("Foto: Landkreis Harburg - Erika Muster", "Foto: Landkreis Harburg - Erika Muster", ""),
        ("© Stadt Dessau-Roßlau", "© Stadt Dessau-Roßlau", ""),
        ("Bildnachweis: Heidekreis", "Bildnachweis: Heidekreis", ""),
        (
            "Die Hebammen im Kreishaus (Foto: LK Harburg).",
            "Foto: LK Harburg",
            "Die Hebammen im Kreishaus.",
        ),
        (
            "Die Hebammen im Kreishaus. Foto: Landkreis Harburg",
            "Foto: Landkreis Harburg",
            "Die Hebammen im Kreishaus.",
        ),
        ("Die Fotos vom Fachtag zeigen viele Gäste.", None, None),
    ],
)
def test_photo_credits(line, credit, rest):
    found = credit_in(line)
    if credit is None:
        assert found is None
        return
    assert found[0] == credit
    start, end = found[1]
    assert (line[:start] + line[end:]).strip() == rest


@pytest.mark.parametrize(
    "line",
    [
        "Teilen",
        "Teilen: Facebook | Twitter | WhatsApp | E-Mail | Drucken",
        "Auf Facebook teilen",
        "Zurück zur Übersicht",
        "banner_fruehe_hilfen_2023.jpg",
        "IMG_4711.JPG (2,3 MB)",
        "Startseite > Aktuelles > Pressemitteilungen",
        "Diese Website verwendet Cookies. Mit der Nutzung erklären Sie sich einverstanden.",
        "Alle akzeptieren",
        "© 2025 Landkreis Börde | Impressum | Datenschutz",
    ],
)
def test_web_page_leftovers(line):
    assert is_leftover(line)


@pytest.mark.parametrize(
    "line",
    [
        "Das Jugendamt informiert auch auf Facebook über neue Angebote.",
        "Eltern können sich die Broschüre zurückschicken lassen.",
        "Die Teilnahme ist kostenlos.",
        "Drucken Sie den Wegweiser aus und legen Sie ihn in die Wartezimmer.",
        "Zurück zu den Wurzeln",
        "Beim Elterncafé gab es Kaffee und Cookies, die Eltern verwenden gern Dinkelmehl.",
    ],
)
def test_text_is_not_a_leftover(line):
    assert not is_leftover(line)


# --- The import: drafts, publishing, the report --------------------------------------------------


def run(*args) -> str:
    return command_output("import_news", *args)


@pytest.mark.django_db
def test_drafts_for_review_and_the_report_per_item(demo, tmp_path):
    undated = tmp_path / "wegweiser.txt"
    undated.write_text("Wegweiser erschienen\n\nDer neue Wegweiser ist da.\n", encoding="utf-8")
    output = run(DATA, undated, "--draft")
    assert "7 imported, 0 skipped, 0 failed (7 files, as drafts)." in output, output
    lines = {line.split(" ")[2].rstrip(":"): line for line in output.splitlines() if line[0] == "["}
    assert lines[str(DATA / "familienhebammen.txt")].endswith(
        "Titel: gefunden (Überschrift); Datum: gefunden (Absenderzeile); "
        "Anreißer: geraten (erster Absatz); Bildnachweis: gefunden; "
        "Absender: gefunden (Absenderzeile); Region: gefunden (Absender); Zitate: 2"
    )
    assert "draft)" in lines[str(DATA / "familienhebammen.txt")]
    assert "Titel: geraten (erster Satz)" in lines[str(DATA / "aktionstage.txt")]
    assert "Anreißer: geraten (erster Satz)" in lines[str(DATA / "aktionstage.txt")]
    assert "Datum: geraten (Dateidatum)" in lines[str(undated)]
    removed = len(read("elterncafe-cp1252.txt").removed)
    assert f"Entfernte Webseiten-Reste: {removed}" in lines[str(DATA / "elterncafe-cp1252.txt")]

    imported = NewsPage.objects.filter(source_key__gt="")
    assert imported.count() == 7
    assert not imported.filter(live=True).exists()
    assert all(page.get_latest_revision() is not None for page in imported)
    page = imported.get(title="Familienhebammen stellen ihre Arbeit im Kreishaus vor")
    assert page.get_region().slug == "landkreis-harburg"  # the sender
    assert page.image_credit == "Foto: Landkreis Harburg - Erika Muster"
    assert page.date == datetime.date(2025, 5, 14)
    assert [block.block_type for block in page.body].count("quote") == 2
    assert page not in news_index("landkreis-harburg").news_items()  # a draft is not listed
    regions = {p.title: getattr(p.get_region(), "slug", None) for p in imported}
    assert regions["Wegweiser erschienen"] is None  # no region named: the network's listing
    assert regions["Babylotsinnen starten an der Geburtsklinik in Haldensleben"] == (
        "landkreis-boerde"
    )
    assert regions["Elterncafé in Dessau-Roßlau öffnet wieder"] == "wittenberg-dessau-rosslau"
    assert regions["Elternbriefe jetzt auch auf Ukrainisch"] == "heidekreis"

    # Importing again changes nothing, and does not publish the drafts behind the editors.
    again = run(DATA, undated, "--publish")
    assert "0 imported, 7 skipped, 0 failed" in again
    assert again.count("(draft)") == 7
    assert not NewsPage.objects.filter(source_key__gt="", live=True).exists()


@pytest.mark.django_db
def test_publish_by_default_and_the_published_page(demo, client):
    run(DATA / "familienhebammen.txt")
    page = NewsPage.objects.get(source_key__gt="")
    assert page.live and not page.has_unpublished_changes
    assert page.first_published_at.date() == datetime.date(2025, 5, 14)
    html = client.get(page.url).content.decode()
    assert "Rainer Rempe" in html and "Koordinatorin der Frühen Hilfen" in html
    assert "von Landkreis Harburg am" not in html
    assert "Foto: Landkreis Harburg" not in html  # a credit without an image is not shown


@pytest.mark.django_db
def test_the_admins_default_is_a_draft_and_the_preview_needs_no_parsing(demo):
    """What an admin preview lists comes from the report's data, not from its wording."""
    results = []
    importer = NewsImporter(dry_run=True, report=results.append)
    importer.run([DATA / "aktionstage.txt", DATA / "elterncafe-cp1252.txt"])
    assert not NewsPage.objects.filter(source_key__gt="").exists()
    first, second = results
    assert first.status == "imported" and first.draft
    assert first.title.startswith("Der Landkreis Saarlouis lädt vom 03.03.2025")
    assert first.date == datetime.date(2025, 3, 3)
    assert first.region == "Landkreis Saarlouis"
    assert [(f.field, f.source, f.found) for f in first.fields] == [
        ("title", "first_sentence", False),
        ("date", "text_start", True),
        ("teaser", "first_sentence", False),
        ("image_credit", "credit_line", True),
        ("region", "named_in_text", False),
    ]
    assert next(f.value for f in first.fields if f.field == "image_credit") == (
        "Bild: Landkreis Saarlouis"
    )
    assert "banner_fruehe_hilfen_2023.jpg" in second.removed
    assert second.quotes == 0
