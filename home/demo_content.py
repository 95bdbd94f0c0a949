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
    (
        "barrierefreiheit",
        "Erklärung zur Barrierefreiheit",
        "Wir sind bemüht, diese Website im Einklang mit der Barrierefreie-Informationstechnik-"
        "Verordnung (BITV 2.0) barrierefrei zugänglich zu machen.",
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
    footer = SiteFooterSettings.for_site(Site.objects.get(root_page=home))
    footer.imprint_page = footer.imprint_page or legal["impressum"]
    footer.privacy_page = footer.privacy_page or legal["datenschutz"]
    footer.accessibility_page = footer.accessibility_page or legal["barrierefreiheit"]
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
    say(
        f"Demo content ready: {RegionPage.objects.count()} regions, "
        f"{NewsPage.objects.count()} news items, news index at {news_index.url_path}."
    )
    return home
