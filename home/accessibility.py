"""The accessibility pages BITV 2.0 asks for: the accessibility statement (the EU model
statement) and the Leichte Sprache page, linked from every page (footer settings). Product
setup, not demo data: a new site gets them with `ensure_accessibility_pages`, and editors
adapt them in the admin."""

from __future__ import annotations

from typing import Any

from wagtail.models import Page, Site

from publishing.page_creation import create_page

from .models import SiteFooterSettings, StandardPage
from .translations import add_missing_translations, translation_rows

ACCESSIBILITY_STATEMENT_INTRO = (
    "Die Koordinierungsstellen der Netzwerke Frühe Hilfen sind bemüht, ihre Website im "
    "Einklang mit den nationalen Rechtsvorschriften zur Umsetzung der Richtlinie (EU) "
    "2016/2102 des Europäischen Parlaments und des Rates barrierefrei zugänglich zu machen."
)

# The EU model statement (Durchführungsbeschluss (EU) 2018/1523) in the form BITV 2.0 uses:
# status of compliance, non-accessible content, how the statement was made, feedback contact,
# enforcement procedure.
ACCESSIBILITY_STATEMENT = [
    (
        "paragraph",
        "<p><b>[PLATZHALTER – vor dem Start prüfen]</b> Die Erklärung folgt dem Muster der "
        "EU; Kontaktangaben, Daten der Prüfung, die Liste der nicht barrierefreien Inhalte "
        "und die zuständigen Schlichtungsstellen sind Beispiele. Bitte passen Sie sie an Ihr "
        "Netzwerk an und entfernen Sie diesen Hinweis.</p>",
    ),
    (
        "paragraph",
        "<p>Diese Erklärung zur Barrierefreiheit gilt für die Website des Netzwerks Frühe "
        "Hilfen mit allen Seiten der regionalen Netzwerke, der Angebotssuche und dem "
        "Angebotsverzeichnis.</p>",
    ),
    ("heading", {"text": "Stand der Vereinbarkeit mit den Anforderungen", "level": "h2"}),
    (
        "paragraph",
        "<p>Die Anforderungen der Barrierefreiheit ergeben sich aus §§ 3 Absätze 1 bis 4 und 4 "
        "der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0), die auf Grundlage von "
        "§ 12d Behindertengleichstellungsgesetz (BGG) erlassen wurde, und aus den "
        "entsprechenden Gesetzen der Länder Niedersachsen, Sachsen-Anhalt und Saarland.</p>"
        "<p>Diese Website ist wegen der unten aufgeführten Ausnahmen <b>teilweise</b> mit der "
        "BITV 2.0 und der harmonisierten Norm EN 301 549 (Web Content Accessibility "
        "Guidelines, WCAG 2.1, Stufe AA) vereinbar.</p>",
    ),
    ("heading", {"text": "Nicht barrierefreie Inhalte", "level": "h2"}),
    (
        "paragraph",
        "<p>Die nachstehend aufgeführten Inhalte sind aus den folgenden Gründen nicht "
        "barrierefrei:</p><ul>"
        "<li><b>Karte der Angebotssuche:</b> Die Karte ist mit Tastatur und Screenreader nur "
        "eingeschränkt bedienbar. Alle Angebote auf der Karte stehen mit Adresse, Entfernung "
        "und Öffnungszeiten auch in der Ergebnisliste; die Liste ist die barrierefreie "
        "Alternative zur Karte.</li>"
        "<li><b>PDF-Dokumente:</b> Einige ältere PDF-Dokumente (Flyer und "
        "Pressemitteilungen, die vor dem 23. September 2018 veröffentlicht wurden) sind nicht "
        "barrierefrei. Sie fallen nicht unter die Anforderungen der BITV 2.0. Auf Wunsch "
        "schicken wir Ihnen die Inhalte in einem barrierefreien Format.</li>"
        "<li><b>Deutsche Gebärdensprache:</b> Erläuterungen in Deutscher Gebärdensprache "
        "(§ 4 BITV 2.0) sind in Vorbereitung und noch nicht verfügbar. Eine Erläuterung in "
        "Leichter Sprache gibt es bereits.</li>"
        "<li><b>Inhalte in anderen Sprachen:</b> Die Bedienoberfläche gibt es auf Deutsch, "
        "Englisch, Türkisch, Arabisch und Ukrainisch. Meldungen, Termine und "
        "Angebotsbeschreibungen werden von den Netzwerken auf Deutsch verfasst und sind "
        "nicht übersetzt.</li>"
        "<li><b>Inhalte der Träger:</b> Angebotsbeschreibungen kommen zum Teil aus Importen "
        "der Träger. Fehlende Alternativtexte oder unklare Formulierungen korrigieren wir, "
        "sobald wir davon erfahren.</li></ul>",
    ),
    ("heading", {"text": "Erstellung dieser Erklärung zur Barrierefreiheit", "level": "h2"}),
    (
        "paragraph",
        "<p>Diese Erklärung wurde am 23. November 2026 erstellt. Sie beruht auf einer "
        "Selbstbewertung: automatische Prüfungen mit axe-core in einem echten Browser für die "
        "Startseite, die Nachrichten, die Angebotsseiten und die Angebotssuche in deutscher und "
        "arabischer Sprache, dazu Prüfungen der Bedienung nur mit der Tastatur, der "
        "Vergrößerung auf 200 Prozent und der Darstellung auf Smartphones.</p>"
        "<p>Die Erklärung wurde zuletzt am 23. November 2026 überprüft.</p>",
    ),
    ("heading", {"text": "Feedback und Kontaktangaben", "level": "h2"}),
    (
        "paragraph",
        "<p>Sind Ihnen Mängel beim barrierefreien Zugang zu Inhalten dieser Website "
        "aufgefallen? Oder brauchen Sie Informationen aus einem nicht barrierefreien Inhalt "
        "in einer barrierefreien Form? Dann melden Sie sich bitte bei uns:</p><ul>"
        "<li>E-Mail: "
        '<a href="mailto:barrierefreiheit@fruehe-hilfen.example">'
        "barrierefreiheit@fruehe-hilfen.example</a></li>"
        "<li>Telefon: 04171 693-000 (Montag bis Freitag, 9 bis 15 Uhr)</li>"
        "<li>Post: Netzwerk Frühe Hilfen, Koordinierungsstelle, Schloßplatz 1, "
        "21423 Winsen (Luhe)</li></ul>"
        "<p>Wir beantworten Ihre Nachricht in der Regel innerhalb von zwei Wochen.</p>",
    ),
    ("heading", {"text": "Durchsetzungsverfahren und Schlichtungsstelle", "level": "h2"}),
    (
        "paragraph",
        "<p>Wenn Sie auf Ihre Rückmeldung keine oder keine zufriedenstellende Antwort "
        "erhalten haben, können Sie ein Durchsetzungs- oder Schlichtungsverfahren einleiten. "
        "Zuständig ist die Stelle des Landes, in dem das Netzwerk seinen Sitz hat:</p><ul>"
        "<li><b>Niedersachsen</b> (Landkreis Harburg, Heidekreis): die Schlichtungsstelle "
        "beim Landesbeauftragten für Menschen mit Behinderungen in Niedersachsen, "
        "Hannover.</li>"
        "<li><b>Sachsen-Anhalt</b> (Landkreis Börde, Landkreis Wittenberg, Dessau-Roßlau): die "
        "Schlichtungsstelle beim Landesbeauftragten für Menschen mit Behinderungen in "
        "Sachsen-Anhalt, Magdeburg.</li>"
        "<li><b>Saarland</b> (Landkreis Saarlouis): die Landesbeauftragte für die Belange von "
        "Menschen mit Behinderungen im Saarland, Saarbrücken.</li></ul>"
        "<p>Für Angebote von Stellen des Bundes ist die Schlichtungsstelle nach § 16 BGG "
        "zuständig. Sie unterstützt bei Konflikten zum Thema Barrierefreiheit zwischen "
        "Menschen mit Behinderungen und öffentlichen Stellen eine außergerichtliche "
        "Streitbeilegung. Das Schlichtungsverfahren ist kostenlos; Sie brauchen keinen "
        "Rechtsbeistand. Weitere Informationen: "
        '<a href="https://www.schlichtungsstelle-bgg.de">www.schlichtungsstelle-bgg.de</a>, '
        'E-Mail: <a href="mailto:info@schlichtungsstelle-bgg.de">'
        "info@schlichtungsstelle-bgg.de</a>.</p>",
    ),
]

EASY_LANGUAGE_INTRO = "Hier erklären wir in Leichter Sprache: Was ist das Netz·werk Frühe Hilfen?"

# Leichte Sprache rules (Netzwerk Leichte Sprache): short sentences, one statement each, no
# passive or genitive, hard words explained, long compounds split with a middle dot.
EASY_LANGUAGE_PAGE = [
    ("heading", {"text": "Was ist das Netz·werk Frühe Hilfen?", "level": "h2"}),
    (
        "paragraph",
        "<p>Frühe Hilfen sind Hilfen für Familien.</p>"
        "<p>Die Hilfen sind für Frauen mit einem Baby im Bauch.</p>"
        "<p>Und für Familien mit kleinen Kindern.</p>"
        "<p>Die Kinder sind jünger als 3 Jahre.</p>"
        "<p>Viele Menschen arbeiten in dem Netz·werk zusammen. Zum Beispiel:</p>"
        "<ul><li>Hebammen</li><li>Kinder·ärztinnen und Kinder·ärzte</li>"
        "<li>Beratungs·stellen</li><li>das Jugend·amt</li></ul>",
    ),
    ("heading", {"text": "Wer bekommt Hilfe?", "level": "h2"}),
    (
        "paragraph",
        "<p>Alle Familien können Hilfe bekommen.</p>"
        "<p>Sie haben viele Fragen zu Ihrem Baby? Sie sind müde und traurig? "
        "Sie haben Sorgen mit Geld?</p>"
        "<p>Dann können Sie sich bei uns melden.</p>",
    ),
    ("heading", {"text": "Welche Hilfe gibt es?", "level": "h2"}),
    (
        "paragraph",
        "<p>Es gibt viele Hilfen. Zum Beispiel:</p><ul>"
        "<li>Eine Familien·hebamme besucht Sie zu Hause.</li>"
        "<li>Sie treffen andere Eltern in einem Eltern·café.</li>"
        "<li>Eine Beratungs·stelle hilft Ihnen bei Fragen und Sorgen.</li></ul>",
    ),
    ("heading", {"text": "Was kostet die Hilfe?", "level": "h2"}),
    (
        "paragraph",
        "<p>Die meisten Hilfen kosten nichts.</p>"
        "<p>Wir sagen es Ihnen vorher, wenn eine Hilfe etwas kostet.</p>"
        "<p>Wir erzählen niemandem von Ihren Fragen.</p>",
    ),
    ("heading", {"text": "Wie finden Sie Hilfe?", "level": "h2"}),
    (
        "paragraph",
        '<p>Auf dieser Internet·seite gibt es die <a href="/angebote/">Angebots·suche</a>.</p>'
        "<p>Dort schreiben Sie Ihre Post·leit·zahl. Die Post·leit·zahl steht in Ihrer "
        "Adresse vor dem Namen von Ihrem Ort.</p>"
        "<p>Dann sehen Sie Hilfen in Ihrer Nähe.</p>"
        "<p>Sie können auch eine Sprache aussuchen. Dann finden Sie Hilfen in Ihrer "
        "Sprache.</p>",
    ),
    ("heading", {"text": "Kontakt", "level": "h2"}),
    (
        "paragraph",
        "<p>Sie haben Fragen? Dann rufen Sie uns an.</p>"
        "<p>Telefon: 04171 693-000</p>"
        "<p>Oder schreiben Sie uns eine E-Mail:</p>"
        '<p><a href="mailto:fruehehilfen@lkharburg.example">'
        "fruehehilfen@lkharburg.example</a></p>",
    ),
]


STATEMENT_TITLE = "Erklärung zur Barrierefreiheit"
# The statement's title in the other UI languages (its text stays German, as the law has it).
# The Leichte Sprache page is German by definition and keeps its German title everywhere.
STATEMENT_TRANSLATIONS = {
    "en": {"title": "Accessibility statement"},
    "tr": {"title": "Erişilebilirlik beyanı"},
    "ar": {"title": "بيان إمكانية الوصول"},
    "uk": {"title": "Заява про доступність"},
}


def ensure_accessibility_pages(home: Page) -> tuple[StandardPage, StandardPage]:
    """The accessibility statement and the Leichte Sprache page below the home page, linked in
    the footer settings unless other pages are linked already. An older short statement (one
    paragraph) is replaced."""
    statement = _child(home, "barrierefreiheit") or _create(
        home,
        slug="barrierefreiheit",
        title=STATEMENT_TITLE,
        intro=ACCESSIBILITY_STATEMENT_INTRO,
        body=ACCESSIBILITY_STATEMENT,
        ui_translations=translation_rows(STATEMENT_TRANSLATIONS),
    )
    add_missing_translations(statement, STATEMENT_TRANSLATIONS, STATEMENT_TITLE)
    if len(statement.body) < 2:
        statement.intro = ACCESSIBILITY_STATEMENT_INTRO
        statement.body = ACCESSIBILITY_STATEMENT
        statement.save_revision().publish()
    easy = _child(home, "leichte-sprache") or _create(
        home,
        slug="leichte-sprache",
        title="Leichte Sprache",
        intro=EASY_LANGUAGE_INTRO,
        body=EASY_LANGUAGE_PAGE,
    )
    site = Site.objects.filter(root_page=home).first()
    if site is not None:
        footer = SiteFooterSettings.for_site(site)
        footer.accessibility_page = footer.accessibility_page or statement
        footer.easy_language_page = footer.easy_language_page or easy
        footer.save()
    return statement, easy


def _create(home: Page, **fields: Any) -> StandardPage:
    page = StandardPage(**fields)
    create_page(home, page)
    return page


def _child(parent: Page, slug: str) -> StandardPage | None:
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page else None
