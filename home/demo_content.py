"""Demo content for the quick start: the five networks of our first users, the site's
navigation and legal pages, and a few news items per region. Running it again changes
nothing that exists already (pages are looked up by slug)."""

import datetime
from dataclasses import dataclass

from django.db import transaction

from wagtail.models import Page, Site

from news.demo_content import load_editorial_demo
from news.models import NewsIndexPage, NewsPage

from .models import HomePage, RegionIndexPage, RegionPage, SiteFooterSettings, StandardPage
from .permissions import ensure_network_editor_group, ensure_region_group


@dataclass(frozen=True)
class DemoRegion:
    slug: str
    title: str
    official_name: str
    state: str
    intro: str
    email: str
    phone: str


REGIONS = [
    DemoRegion(
        "landkreis-harburg",
        "Landkreis Harburg",
        "Landkreis Harburg",
        "Niedersachsen",
        "Das Netzwerk Frühe Hilfen im Landkreis Harburg verbindet Hebammen, Kinderärztinnen, "
        "Beratungsstellen, Kitas und das Jugendamt von Winsen (Luhe) bis Buchholz in der "
        "Nordheide.",
        "fruehehilfen@lkharburg.example",
        "04171 693-000",
    ),
    DemoRegion(
        "landkreis-boerde",
        "Landkreis Börde",
        "Landkreis Börde",
        "Sachsen-Anhalt",
        "Im Landkreis Börde arbeiten Jugendamt, Gesundheitsamt, Familienhebammen und freie "
        "Träger im Netzwerk Frühe Hilfen und Kinderschutz zusammen – von Haldensleben bis "
        "Oschersleben.",
        "netzwerk@boerdekreis.example",
        "03904 7240-000",
    ),
    DemoRegion(
        "landkreis-saarlouis",
        "Landkreis Saarlouis",
        "Landkreis Saarlouis",
        "Saarland",
        "Das Netzwerk im Landkreis Saarlouis begleitet Familien von der Schwangerschaft bis "
        "zum dritten Lebensjahr, mit Babylotsinnen in der Geburtsklinik und offenen "
        "Elterncafés.",
        "fruehehilfen@kreis-saarlouis.example",
        "06831 444-000",
    ),
    DemoRegion(
        "wittenberg-dessau-rosslau",
        "Wittenberg und Dessau-Roßlau",
        "Landkreis Wittenberg und Stadt Dessau-Roßlau",
        "Sachsen-Anhalt",
        "Der Landkreis Wittenberg und die Stadt Dessau-Roßlau arbeiten in den Frühen Hilfen "
        "eng zusammen: gemeinsame Fachtage, abgestimmte Angebote und kurze Wege für Familien.",
        "fruehehilfen@wittenberg-dessau.example",
        "03491 479-000",
    ),
    DemoRegion(
        "heidekreis",
        "Heidekreis",
        "Landkreis Heidekreis",
        "Niedersachsen",
        "Im Heidekreis sind die Frühen Hilfen in drei Arbeitsgemeinschaften organisiert: "
        "AG Nord, AG Mitte und AG Süd treffen sich regelmäßig zum fachlichen Austausch.",
        "fruehehilfen@heidekreis.example",
        "05191 970-000",
    ),
]

NEWS = {
    "landkreis-harburg": [
        (
            "Netzwerktag Frühe Hilfen in Winsen (Luhe)",
            datetime.date(2026, 9, 17),
            "Rund 80 Fachkräfte aus Gesundheitswesen, Jugendhilfe und Beratung trafen sich "
            "zum 10. Netzwerktag Frühe Hilfen im Kreishaus.",
            "Im Mittelpunkt standen die Zusammenarbeit zwischen Geburtskliniken und "
            "Jugendhilfe sowie die neuen Babylotsinnen. In Workshops tauschten sich die "
            "Teilnehmenden über Übergänge von der Klinik in die Angebote vor Ort aus.",
        ),
        (
            "Neue Sprechzeiten der Familienhebammen",
            datetime.date(2026, 10, 6),
            "Die Familienhebammen des Landkreises bieten ab sofort auch samstags offene "
            "Sprechstunden in Buchholz in der Nordheide an.",
            "Die Sprechstunde ist kostenfrei und ohne Anmeldung möglich. Beratung gibt es auf "
            "Deutsch, Englisch und Arabisch.",
        ),
    ],
    "landkreis-boerde": [
        (
            "Arbeitskreis Frühe Hilfen tagte in Haldensleben",
            datetime.date(2026, 8, 27),
            "Der Arbeitskreis Frühe Hilfen hat die Ergebnisse der Elternbefragung vorgestellt "
            "und die Schwerpunkte für 2027 festgelegt.",
            "Mehr als 300 Eltern haben sich an der Befragung beteiligt. Besonders gefragt sind "
            "wohnortnahe Elterncafés und Beratung in einfacher Sprache.",
        ),
    ],
    "landkreis-saarlouis": [
        (
            "Fachtag „Gut ankommen im Leben“ mit World Café",
            datetime.date(2026, 11, 4),
            "Beim Fachtag des Netzwerks diskutierten Fachkräfte in Vorträgen und einem World "
            "Café über den Kinderschutz in den ersten Lebensjahren.",
            "Die Ergebnisse des World Cafés fließen in die Fortschreibung der "
            "Kooperationsvereinbarung ein.",
        ),
    ],
    "wittenberg-dessau-rosslau": [
        (
            "Gemeinsame Klausurtagung der Netzwerkkoordinatorinnen",
            datetime.date(2026, 6, 12),
            "Die Koordinatorinnen der Frühen Hilfen aus Wittenberg und Dessau-Roßlau haben "
            "sich zu ihrer jährlichen Klausurtagung getroffen.",
            "Auf der Tagesordnung standen die gemeinsame Angebotsdatenbank und die Planung "
            "eines grenzübergreifenden Fachtags.",
        ),
    ],
    "heidekreis": [
        (
            "AG Süd stellt Willkommensbesuche vor",
            datetime.date(2026, 10, 22),
            "Die AG Süd hat bei ihrem Treffen in Schwarmstedt das Konzept der "
            "Willkommensbesuche für Neugeborene vorgestellt.",
            "Alle Familien mit einem neugeborenen Kind erhalten künftig ein Angebot für einen "
            "Willkommensbesuch zu Hause.",
        ),
    ],
}

LEGAL_PAGES = [
    (
        "impressum",
        "Impressum",
        "Angaben gemäß § 5 DDG. Verantwortlich für die Inhalte sind die Koordinierungsstellen "
        "der beteiligten Netzwerke Frühe Hilfen.",
    ),
    (
        "datenschutz",
        "Datenschutzerklärung",
        "Diese Website setzt für Besucherinnen und Besucher, die nur lesen, keine Cookies und "
        "lädt keine Inhalte von fremden Servern.",
    ),
]


def _child_by_slug(parent: Page, slug: str) -> Page | None:
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page else None


def _add(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _ensure(parent: Page, page: Page) -> Page:
    return _child_by_slug(parent, page.slug) or _add(parent, page)


def _paragraph(text: str) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>")]


@transaction.atomic
def ensure_wagtail_base_data() -> Page:
    """The rows Wagtail's own migrations create (default locale, root page, root collection).
    A flushed database (transactional tests) lacks them; the demo needs them."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.utils.translation import get_supported_language_variant

    from wagtail.models import Collection, Locale

    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node()
    if root is None:
        root = Page.objects.create(
            title="Root",
            slug="root",
            content_type=ContentType.objects.get_for_model(Page),
            path="0001",
            depth=1,
            numchild=0,
            url_path="/",
            locale=locale,
        )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return root


@transaction.atomic
def load_demo_content(stdout=None) -> HomePage:
    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message)

    root = ensure_wagtail_base_data()
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's initial migration creates a placeholder page at the site root; our home
        # page replaces it (the slug must be free first).
        placeholder = root.get_children().filter(slug="home").first()
        if placeholder is not None:
            placeholder.slug = "home-placeholder"
            placeholder.save()
        home = HomePage(
            title="Netzwerk Frühe Hilfen",
            slug="home",
            hero_title="Frühe Hilfen und Kinderschutz in Ihrer Region",
            hero_text="Unterstützung für Schwangere und Familien mit Kindern bis sechs Jahre – "
            "kostenfrei, vertraulich und in Ihrer Nähe.",
            finder_title="Hilfe in Ihrer Nähe finden",
            finder_text="Hebammen, Beratung, Elterncafés und mehr: Geben Sie Ihre Postleitzahl "
            "oder Ihren Ort ein.",
        )
        _add(root, home)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
        else:
            site.root_page = home
            site.site_name = "Netzwerk Frühe Hilfen"
            site.save()
        if placeholder is not None:
            placeholder.delete()
        say("Created the home page.")

    news_index = _ensure(
        home,
        NewsIndexPage(
            title="Aktuelles",
            slug="aktuelles",
            intro="Berichte und Pressemitteilungen aus den Netzwerken.",
            include_all_regions=True,
            show_in_menus=True,
        ),
    )
    finder = _ensure(
        home,
        StandardPage(
            title="Angebote finden",
            slug="angebote",
            intro="Hier finden Familien Unterstützungsangebote in ihrer Nähe.",
            show_in_menus=True,
        ),
    )
    _ensure(
        home,
        StandardPage(
            title="Für Fachkräfte",
            slug="fachkraefte",
            intro="Informationen für Fachkräfte aus Gesundheitswesen, Jugendhilfe und Beratung.",
            show_in_menus=True,
        ),
    )
    region_index = _ensure(
        home,
        RegionIndexPage(
            title="Über das Netzwerk",
            slug="netzwerk",
            intro="<p>Frühe Hilfen sind lokale und regionale Unterstützungssysteme für Eltern "
            "ab der Schwangerschaft und Familien mit Kindern bis drei Jahre.</p>",
            show_in_menus=True,
        ),
    )
    if home.finder_page_id is None:
        home.finder_page = finder
        home.save_revision().publish()

    legal = {}
    for slug, title, text in LEGAL_PAGES:
        legal[slug] = _ensure(home, StandardPage(title=title, slug=slug, body=_paragraph(text)))
    legal["barrierefreiheit"], easy_language = ensure_accessibility_pages(home)
    footer = SiteFooterSettings.for_site(Site.objects.get(root_page=home))
    footer.imprint_page = footer.imprint_page or legal["impressum"]
    footer.privacy_page = footer.privacy_page or legal["datenschutz"]
    footer.accessibility_page = footer.accessibility_page or legal["barrierefreiheit"]
    footer.easy_language_page = footer.easy_language_page or easy_language
    footer.contact_text = footer.contact_text or "Netzwerk Frühe Hilfen – Koordinierungsstellen"
    footer.save()

    for demo in REGIONS:
        region = _child_by_slug(region_index, demo.slug)
        if region is None:
            region = _add(
                region_index,
                RegionPage(
                    title=demo.title,
                    slug=demo.slug,
                    official_name=demo.official_name,
                    state=demo.state,
                    intro=demo.intro,
                    contact_email=demo.email,
                    contact_phone=demo.phone,
                ),
            )
            say(f"Created region {demo.title}.")
        ensure_region_group(region)
        region_news = _ensure(
            region,
            NewsIndexPage(title=f"Aktuelles aus {demo.title}", slug="aktuelles"),
        )
        for title, date, teaser, text in NEWS.get(demo.slug, []):
            if not NewsPage.objects.filter(title=title).exists():
                _add(
                    region_news,
                    NewsPage(title=title, date=date, teaser=teaser, body=_paragraph(text)),
                )
    ensure_network_editor_group(home)
    load_editorial_demo(home, region_index, say)
    news_url = news_index.get_url() or news_index.url_path
    say(
        f"Demo content ready: {RegionPage.objects.count()} regions, "
        f"{NewsPage.objects.count()} news items, news index at {news_url}."
    )
    return home


# --- Accessibility (BITV 2.0): the statement and the Leichte Sprache page -----------------

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


def ensure_accessibility_pages(home: Page) -> tuple[StandardPage, StandardPage]:
    """The accessibility statement and the Leichte Sprache page, linked from the footer and
    the top of every page. An older short statement (one paragraph) is replaced."""
    statement = _child_by_slug(home, "barrierefreiheit")
    if statement is None:
        statement = _add(
            home,
            StandardPage(
                title="Erklärung zur Barrierefreiheit",
                slug="barrierefreiheit",
                intro=ACCESSIBILITY_STATEMENT_INTRO,
                body=ACCESSIBILITY_STATEMENT,
            ),
        )
    elif len(statement.body) < 2:
        statement.intro = ACCESSIBILITY_STATEMENT_INTRO
        statement.body = ACCESSIBILITY_STATEMENT
        statement.save_revision().publish()
    easy = _ensure(
        home,
        StandardPage(
            title="Leichte Sprache",
            slug="leichte-sprache",
            intro=EASY_LANGUAGE_INTRO,
            body=EASY_LANGUAGE_PAGE,
        ),
    )
    return statement, easy
