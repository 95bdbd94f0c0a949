"""The demo offers' content: the providers (kinds of Träger every network has), about twenty
kinds of offer with realistic German texts, ages, fees, opening hours, languages and
outreach, three supra-regional offers, and the few offers that are inactive, expired or
temporarily closed. Streets and people are invented; "{town}", "{county}" and "{clinic}"
are filled in per region."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SEED = 20261123

STREETS = (
    "Bahnhofstraße 12",
    "Schulstraße 3",
    "Rathausplatz 1",
    "Kirchweg 8",
    "Lindenstraße 21",
    "Am Markt 4",
    "Hauptstraße 45",
    "Gartenstraße 7",
    "Mühlenweg 2",
    "Bergstraße 16",
    "Am Sportplatz 5",
    "Friedrich-Ebert-Straße 30",
)

PEOPLE = (
    "Anna Berger",
    "Svenja Koch",
    "Melanie Hoffmann",
    "Ayşe Yılmaz",
    "Katharina Neumann",
    "Olena Kovalenko",
    "Jana Schulze",
    "Miriam Weber",
    "Fatma Demir",
    "Sabine Krüger",
    "Julia Lange",
    "Nadine Fischer",
    "Christina Wolf",
    "Tanja Schäfer",
    "Laura Braun",
    "Leyla Haddad",
    "Petra Zimmermann",
    "Birgit Hartmann",
    "Thomas Richter",
    "Jonas Becker",
)

# Provider kinds: (key, name pattern, description)
PROVIDERS: tuple[tuple[str, str, str], ...] = (
    (
        "jugendamt",
        "Jugendamt {short} – Koordinierungsstelle Frühe Hilfen",
        "Die Koordinierungsstelle Frühe Hilfen im Jugendamt verknüpft die Angebote für "
        "Schwangere und Familien mit kleinen Kindern {county}.",
    ),
    (
        "gesundheitsamt",
        "Gesundheitsamt {short}",
        "Der Kinder- und Jugendgesundheitsdienst berät Familien zu Gesundheit und "
        "Entwicklung ihrer Kinder.",
    ),
    (
        "diakonie",
        "Diakonisches Werk {short}",
        "Beratung und Begleitung für Familien in allen Lebenslagen, unabhängig von Religion "
        "und Herkunft.",
    ),
    (
        "awo",
        "AWO Kreisverband {short}",
        "Die Arbeiterwohlfahrt betreibt Familienzentren, Elterncafés und Beratungsangebote.",
    ),
    (
        "drk",
        "DRK-Kreisverband {short}",
        "Das Deutsche Rote Kreuz bietet Kurse, Familienbildung und ehrenamtliche "
        "Familienbegleitung an.",
    ),
    (
        "beratungsstelle",
        "Beratungsstelle für Schwangerschaft und Familie {short}",
        "Staatlich anerkannte Beratungsstelle für Schwangerschafts- und "
        "Schwangerschaftskonfliktberatung.",
    ),
    (
        "hebammen",
        "Hebammennetzwerk {short}",
        "Zusammenschluss freiberuflicher Hebammen und Familienhebammen.",
    ),
    (
        "kinderschutzbund",
        "Kinderschutzbund {short}",
        "Der Kinderschutzbund setzt sich für Kinder und ihre Familien ein.",
    ),
    (
        "vhs",
        "Kreisvolkshochschule {short}",
        "Sprach- und Elternkurse, viele mit Kinderbetreuung.",
    ),
    (
        "fruehfoerderung",
        "Interdisziplinäre Frühförderstelle {short}",
        "Früherkennung und Frühförderung für Kinder mit Entwicklungsauffälligkeiten.",
    ),
    (
        "klinik",
        "{clinic}",
        "Geburtsklinik mit Lotsendienst für Familien in belastenden Lebenslagen.",
    ),
)


@dataclass(frozen=True)
class OfferType:
    key: str
    title: str  # "{town}" is replaced by the town's name
    count: int  # per region
    provider: str
    categories: tuple[str, ...]
    target_groups: tuple[str, ...]
    summary: str
    description: str
    min_age: int | None = None
    max_age: int | None = None
    pregnancy: bool = False
    fee: tuple[str, str] | None = None  # (amount or "", note)
    schedule: tuple[tuple[str, str, str, str], ...] = ()
    opening_note: str = ""
    outreach: str = ""  # "" | "county" (polygon) | "radius"
    locations: int = 1
    contacts: int = 0  # protected contact persons
    public_contact: bool = False
    languages: tuple[str, ...] = ()
    eligibility: str = ""
    application: str = ""
    wheelchair: bool = True
    valid_days: int | None = None  # a course: valid for this many days around today


OFFER_TYPES: tuple[OfferType, ...] = (
    OfferType(
        "hebammensprechstunde",
        "Hebammensprechstunde {town}",
        3,
        "hebammen",
        ("hebammensprechstunde",),
        ("schwangere", "eltern-saeuglinge"),
        "Offene Sprechstunde für Schwangere und Eltern mit Babys – auch ohne eigene Hebamme.",
        "Sie haben keine Hebamme gefunden oder eine Frage, die nicht warten kann? In der "
        "offenen Hebammensprechstunde in {town} beraten erfahrene Hebammen zu "
        "Schwangerschaft, Wochenbett, Stillen, Ernährung und Schlaf. Sie können Ihr Baby "
        "wiegen lassen und bekommen Adressen für weitere Hilfen.",
        max_age=12,
        pregnancy=True,
        schedule=(("TU", "09:00", "11:30", ""), ("TH", "14:00", "16:00", "")),
        languages=("en", "ar", "tr"),
        eligibility="Schwangere und Eltern mit Babys im ersten Lebensjahr.",
        application="Ohne Anmeldung. Bitte bringen Sie Ihren Mutterpass oder das gelbe Heft mit.",
    ),
    OfferType(
        "elterncafe",
        "Elterncafé {town}",
        4,
        "awo",
        ("elterncafe",),
        ("eltern-saeuglinge", "eltern-kleinkinder", "alleinerziehende"),
        "Treffpunkt für Eltern mit Babys und Kleinkindern: Austausch, Frühstück und Beratung.",
        "Im Elterncafé in {town} treffen sich Mütter und Väter mit Kindern bis drei Jahre. "
        "Bei Kaffee und einem kleinen Frühstück kommen Sie mit anderen Eltern ins Gespräch. "
        "Eine Fachkraft der Frühen Hilfen ist dabei und beantwortet Fragen – vertraulich und "
        "kostenlos. Regelmäßig kommen Gäste, zum Beispiel eine Hebamme oder eine "
        "Ernährungsberaterin.",
        max_age=36,
        schedule=(("WE", "09:30", "11:30", ""),),
        opening_note="Nicht in den Schulferien.",
        languages=("en", "uk", "ru", "ar"),
        application="Einfach vorbeikommen, eine Anmeldung ist nicht nötig.",
    ),
    OfferType(
        "krabbelgruppe",
        "Krabbelgruppe {town}",
        4,
        "drk",
        ("krabbelgruppe",),
        ("eltern-saeuglinge", "eltern-kleinkinder"),
        "Spielen, singen, andere Eltern kennenlernen: Eltern-Kind-Gruppe für die Kleinsten.",
        "In der Krabbelgruppe in {town} entdecken Babys und Kleinkinder gemeinsam mit ihren "
        "Eltern Spielmaterial, Finger- und Bewegungsspiele. Eltern tauschen sich über "
        "Entwicklung, Schlaf und Alltag aus. Die Gruppe wird von einer pädagogischen "
        "Fachkraft begleitet.",
        min_age=6,
        max_age=24,
        fee=("", "Kostenbeitrag 2 € pro Treffen, Ermäßigung möglich"),
        schedule=(("MO", "10:00", "11:30", ""), ("FR", "10:00", "11:30", "")),
        languages=("en", "tr"),
        application="Bitte melden Sie sich vorher telefonisch an.",
    ),
    OfferType(
        "willkommensbesuch",
        "Willkommensbesuch für Neugeborene {county}",
        1,
        "jugendamt",
        ("willkommensbesuch",),
        ("eltern-saeuglinge",),
        "Wir besuchen Sie nach der Geburt zu Hause – mit Informationen und einem kleinen Geschenk.",
        "Alle Familien {county} mit einem neugeborenen Kind erhalten ein Angebot für einen "
        "Willkommensbesuch. Eine Fachkraft der Frühen Hilfen kommt zu Ihnen nach Hause, "
        "bringt eine Elternmappe mit Adressen und Informationen mit und beantwortet Ihre "
        "Fragen. Der Besuch ist freiwillig und kostenlos.",
        max_age=3,
        outreach="county",
        locations=0,
        contacts=2,
        languages=("en", "ar", "uk", "tr", "ru"),
        application="Sie erhalten nach der Geburt einen Brief mit einem Terminvorschlag. "
        "Sie können auch selbst einen Termin vereinbaren.",
    ),
    OfferType(
        "familienhebamme",
        "Familienhebammen und FGKiKP {county}",
        1,
        "gesundheitsamt",
        ("familienhebamme",),
        ("schwangere", "eltern-saeuglinge", "belastete-familien", "junge-eltern"),
        "Längere Begleitung durch Familienhebammen im ersten Lebensjahr – zu Hause.",
        "Familienhebammen und Familien-Gesundheits- und Kinderkrankenpflegerinnen (FGKiKP) "
        "begleiten Schwangere und Familien mit Babys bis zum ersten Geburtstag, wenn die "
        "Situation belastend ist: bei Frühgeburt, Erkrankung, Unsicherheit, Sorgen um Geld "
        "oder wenn Unterstützung im Alltag fehlt. Die Besuche finden bei Ihnen zu Hause "
        "statt.",
        max_age=12,
        pregnancy=True,
        outreach="county",
        locations=1,
        contacts=2,
        languages=("en", "ru"),
        eligibility="Schwangere und Familien mit Babys bis zu einem Jahr mit besonderem "
        "Unterstützungsbedarf.",
        application="Rufen Sie die Koordinierungsstelle an. Auch Ärztinnen, Hebammen und "
        "Beratungsstellen können den Kontakt mit Ihrem Einverständnis vermitteln.",
    ),
    OfferType(
        "babylotsin",
        "Babylotsin im {clinic}",
        1,
        "klinik",
        ("babylotse",),
        ("schwangere", "eltern-saeuglinge", "belastete-familien"),
        "Die Babylotsin berät Familien rund um die Geburt in der Klinik und vermittelt Hilfen.",
        "Rund um die Geburt ist vieles neu. Die Babylotsin im {clinic} spricht mit Familien "
        "auf der Geburtsstation, klärt, welche Unterstützung sie brauchen, und stellt den "
        "Kontakt zu passenden Angeboten her – von der Hebamme bis zur Beratungsstelle.",
        max_age=3,
        pregnancy=True,
        schedule=(
            ("MO", "08:00", "14:00", ""),
            ("TU", "08:00", "14:00", ""),
            ("WE", "08:00", "14:00", ""),
            ("TH", "08:00", "14:00", ""),
        ),
        contacts=1,
        public_contact=True,
        languages=("en", "ar", "fa"),
        application="Sprechen Sie das Team der Geburtsstation an oder rufen Sie uns an.",
    ),
    OfferType(
        "schwangerschaftsberatung",
        "Schwangerschaftsberatung {town}",
        2,
        "beratungsstelle",
        ("schwangerschaftsberatung",),
        ("schwangere", "junge-eltern", "alleinerziehende"),
        "Vertrauliche Beratung in der Schwangerschaft, auch zu Geld, Rechten und Konflikten.",
        "Wir beraten Sie vertraulich und auf Wunsch anonym zu allen Fragen rund um "
        "Schwangerschaft und Geburt: finanzielle Hilfen wie die Bundesstiftung Mutter und "
        "Kind, Elterngeld, Mutterschutz und Elternzeit. Wir bieten auch "
        "Schwangerschaftskonfliktberatung nach § 219 StGB an.",
        pregnancy=True,
        max_age=36,
        schedule=(("MO", "09:00", "12:00", ""), ("WE", "13:00", "17:00", "")),
        opening_note="Weitere Termine nach Vereinbarung.",
        locations=2,
        contacts=1,
        languages=("en", "fr", "ar", "tr"),
        application="Bitte vereinbaren Sie einen Termin. Beratung ist auch per Video möglich.",
    ),
    OfferType(
        "erziehungsberatung",
        "Erziehungs- und Familienberatung {town}",
        2,
        "diakonie",
        ("erziehungsberatung",),
        ("eltern-kleinkinder", "alleinerziehende", "vaeter", "belastete-familien"),
        "Beratung bei Fragen zu Erziehung, Entwicklung, Trennung und Familienalltag.",
        "Wenn das Baby viel weint, das Kleinkind nicht schlafen will oder es in der Familie "
        "oft Streit gibt, hilft ein Gespräch von außen. Die Erziehungsberatungsstelle berät "
        "Eltern, Kinder und Familien kostenlos und vertraulich.",
        max_age=72,
        schedule=(
            ("MO", "08:30", "16:00", ""),
            ("TU", "08:30", "16:00", ""),
            ("TH", "08:30", "18:00", ""),
        ),
        locations=3,
        contacts=1,
        languages=("en", "pl"),
        application="Melden Sie sich telefonisch oder per E-Mail. Die Wartezeit beträgt "
        "derzeit etwa zwei Wochen.",
    ),
    OfferType(
        "stillberatung",
        "Stillberatung {town}",
        2,
        "hebammen",
        ("stillberatung",),
        ("schwangere", "eltern-saeuglinge"),
        "Hilfe beim Stillen – von der Vorbereitung bis zum Abstillen.",
        "Eine Still- und Laktationsberaterin hilft bei wunden Brustwarzen, Milchstau, zu "
        "wenig oder zu viel Milch und beim Zufüttern. Auch Schwangere, die sich auf das "
        "Stillen vorbereiten möchten, sind willkommen.",
        max_age=24,
        pregnancy=True,
        schedule=(("FR", "09:00", "11:00", ""),),
        languages=("en", "ar"),
    ),
    OfferType(
        "fruehfoerderung",
        "Frühförderung {town}",
        1,
        "fruehfoerderung",
        ("fruehfoerderung",),
        ("eltern-kleinkinder", "eltern-mit-behinderung"),
        "Förderung und Therapie für Kinder mit Entwicklungsverzögerung, auch zu Hause.",
        "Die Interdisziplinäre Frühförderstelle unterstützt Kinder von der Geburt bis zur "
        "Einschulung, deren Entwicklung verzögert ist oder die eine Behinderung haben. "
        "Heilpädagoginnen, Physio-, Ergo- und Sprachtherapeutinnen arbeiten mit den Eltern "
        "zusammen.",
        max_age=72,
        schedule=(
            ("MO", "08:00", "16:00", ""),
            ("TU", "08:00", "16:00", ""),
            ("WE", "08:00", "16:00", ""),
            ("TH", "08:00", "16:00", ""),
            ("FR", "08:00", "13:00", ""),
        ),
        locations=2,
        contacts=1,
        languages=("en",),
        eligibility="Kinder von 0 bis 6 Jahren mit Entwicklungsauffälligkeiten.",
        application="Die Kosten übernehmen Krankenkasse und Sozialhilfeträger. Ein "
        "Erstgespräch ist ohne Verordnung möglich.",
    ),
    OfferType(
        "familienzentrum",
        "Familienzentrum {town}",
        2,
        "awo",
        ("familienzentrum", "elterncafe"),
        ("eltern-saeuglinge", "eltern-kleinkinder", "migrationsgeschichte", "alleinerziehende"),
        "Viele Angebote unter einem Dach: Beratung, Kurse, Spielgruppen und offener Treff.",
        "Das Familienzentrum in {town} ist Anlaufstelle für alle Familien im Stadtteil. Hier "
        "finden Sie Beratung, Eltern-Kind-Gruppen, Elternkurse und einen offenen Treff mit "
        "Spielecke. Wir helfen auch bei Anträgen und vermitteln zu anderen Stellen.",
        max_age=72,
        pregnancy=True,
        schedule=(
            ("MO", "09:00", "15:00", ""),
            ("TU", "09:00", "15:00", ""),
            ("WE", "09:00", "17:00", ""),
            ("TH", "09:00", "15:00", ""),
        ),
        contacts=1,
        public_contact=True,
        languages=("en", "tr", "ar", "uk", "ku"),
    ),
    OfferType(
        "sprachkurs",
        "Deutschkurs mit Kinderbetreuung {town}",
        2,
        "vhs",
        ("sprachkurs-kinderbetreuung",),
        ("migrationsgeschichte", "eltern-kleinkinder"),
        "Deutsch lernen, während Ihr Kind nebenan betreut wird.",
        "Der Kurs richtet sich an Mütter und Väter, die Deutsch lernen möchten. Während des "
        "Unterrichts werden die Kinder im Nebenraum von Fachkräften betreut. Themen sind "
        "Alltag, Kita, Arztbesuch und Behörden.",
        min_age=6,
        max_age=72,
        fee=("45.00", "pro Kurs (10 Termine), Ermäßigung mit Bildungskarte"),
        schedule=(("TU", "09:00", "11:15", ""), ("TH", "09:00", "11:15", "")),
        languages=("ar", "uk", "fa", "ti", "so"),
        eligibility="Eltern mit geringen Deutschkenntnissen (Niveau A1–A2).",
        application="Anmeldung bei der Kreisvolkshochschule.",
        valid_days=150,
    ),
    OfferType(
        "elternkurs",
        "Elternkurs „Das erste Jahr“ {town}",
        2,
        "drk",
        ("elternkurs",),
        ("eltern-saeuglinge", "vaeter"),
        "Sechs Abende über Entwicklung, Schlaf, Weinen und Alltag mit Baby.",
        "Im Elternkurs geht es um die Bedürfnisse von Babys, um Schlafen und Weinen, um "
        "Beikost und darum, wie Eltern gut für sich selbst sorgen. Väter sind ausdrücklich "
        "eingeladen.",
        max_age=12,
        fee=("30.00", "für sechs Abende"),
        schedule=(("WE", "19:00", "20:30", ""),),
        languages=("en",),
        application="Anmeldung telefonisch oder per E-Mail.",
        valid_days=90,
    ),
    OfferType(
        "geburtsvorbereitung",
        "Geburtsvorbereitungskurs {town}",
        1,
        "hebammen",
        ("geburtsvorbereitung",),
        ("schwangere", "vaeter"),
        "Geburtsvorbereitung für Schwangere und Partner, die Kosten trägt die Krankenkasse.",
        "Im Kurs lernen Sie Atem- und Entspannungsübungen, erfahren, wie eine Geburt "
        "abläuft, und bereiten sich auf die erste Zeit mit Baby vor. Partnerinnen und "
        "Partner sind an zwei Abenden dabei.",
        pregnancy=True,
        fee=("", "Für Schwangere übernimmt die Krankenkasse die Kosten, Partnergebühr 60 €"),
        schedule=(("MO", "18:30", "20:30", ""),),
        languages=("en",),
        valid_days=120,
    ),
    OfferType(
        "schreibaby",
        "Schreibaby-Sprechstunde {town}",
        1,
        "diakonie",
        ("schreibaby-beratung",),
        ("eltern-saeuglinge", "belastete-familien"),
        "Hilfe, wenn Ihr Baby viel weint, schlecht schläft oder nicht trinken will.",
        "Wenn ein Baby viel schreit, sind Eltern oft erschöpft und verzweifelt. In der "
        "Schreibaby-Sprechstunde schauen wir gemeinsam, was Ihrem Kind und Ihnen helfen "
        "kann. Schütteln Sie Ihr Baby nie – rufen Sie uns lieber an.",
        max_age=24,
        schedule=(("TH", "14:00", "17:00", ""),),
        opening_note="Und nach Vereinbarung.",
        contacts=1,
        languages=("en", "ru"),
    ),
    OfferType(
        "familienpatenschaft",
        "Ehrenamtliche Familienpatenschaften {county}",
        1,
        "kinderschutzbund",
        ("familienpatenschaft",),
        ("eltern-saeuglinge", "alleinerziehende", "belastete-familien"),
        "Ehrenamtliche Familienpatinnen entlasten Familien im ersten Lebensjahr.",
        "Familienpatinnen und -paten besuchen Familien einmal pro Woche für zwei bis drei "
        "Stunden: Sie spielen mit den Geschwistern, begleiten zum Kinderarzt oder hören "
        "einfach zu. Sie werden von einer hauptamtlichen Koordinatorin begleitet.",
        max_age=12,
        pregnancy=True,
        outreach="radius",
        contacts=1,
        languages=("en",),
    ),
    OfferType(
        "sozialberatung",
        "Sozialberatung für Familien {town}",
        1,
        "diakonie",
        ("sozialberatung",),
        ("alleinerziehende", "belastete-familien", "migrationsgeschichte"),
        "Hilfe bei Anträgen, Geldsorgen, Wohnungssuche und Behördenpost.",
        "Wir helfen beim Ausfüllen von Anträgen auf Kindergeld, Elterngeld, Kinderzuschlag "
        "oder Bürgergeld, bei Schulden und bei der Wohnungssuche.",
        schedule=(("TU", "09:00", "12:00", ""), ("TH", "13:00", "16:00", "")),
        languages=("en", "ar", "ru", "tr"),
    ),
)

SUPRA_REGIONAL: tuple[dict[str, Any], ...] = (
    {
        "key": "online-elternberatung",
        "title": "Online-Beratung für Eltern",
        "summary": "Anonyme Beratung per Chat und E-Mail für Eltern von Babys und Kleinkindern.",
        "description": "Erfahrene Beraterinnen beantworten Fragen zu Erziehung, Entwicklung "
        "und Familienalltag – schriftlich, anonym und kostenlos.",
        "categories": ("erziehungsberatung",),
        "target_groups": ("eltern-saeuglinge", "eltern-kleinkinder"),
        "languages": ("de", "en", "tr", "ar"),
        "max_age": 72,
    },
    {
        "key": "telefon-schwangere",
        "title": "Telefonberatung für Schwangere",
        "summary": "Rund um die Uhr erreichbar: vertrauliche Beratung für Schwangere in Not.",
        "description": "Schwangere in schwierigen Situationen erreichen rund um die Uhr eine "
        "Beraterin, auf Wunsch anonym und mit Dolmetscherin.",
        "categories": ("schwangerschaftsberatung",),
        "target_groups": ("schwangere",),
        "languages": ("de", "en", "ar", "uk", "ru", "fa", "tr"),
        "pregnancy": True,
    },
    {
        "key": "video-stillberatung",
        "title": "Video-Stillberatung",
        "summary": "Stillberatung per Videosprechstunde, auch am Wochenende.",
        "description": "Zertifizierte Stillberaterinnen helfen per Video bei Fragen zum "
        "Stillen und zur Ernährung des Babys.",
        "categories": ("stillberatung",),
        "target_groups": ("eltern-saeuglinge",),
        "languages": ("de", "en"),
        "max_age": 24,
        "fee": ("25.00", "pro Beratung, manche Krankenkassen erstatten die Kosten"),
    },
)


# (region slug, offer kind, number) → what is special about that offer
SPECIAL = {
    ("landkreis-harburg", "krabbelgruppe", 3): "inactive",
    ("landkreis-boerde", "stillberatung", 1): "inactive",
    ("heidekreis", "elterncafe", 2): "inactive",
    ("landkreis-saarlouis", "elternkurs", 0): "expired",
    ("wittenberg-dessau-rosslau", "sprachkurs", 1): "expired",
    ("heidekreis", "geburtsvorbereitung", 0): "expired",
    ("landkreis-boerde", "elterncafe", 3): "temporarily closed",
    ("landkreis-saarlouis", "krabbelgruppe", 2): "temporarily closed",
}

# Titles and summaries editors translated, per (offer kind, number in the region): a handful of
# each region's offers, those families who read little German look for first; the others
# stay German only. "{town}" and "{short}" are filled in as in the German titles.
TRANSLATIONS: dict[tuple[str, int], dict[str, tuple[str, str]]] = {
    ("hebammensprechstunde", 0): {
        "en": (
            "Midwife drop-in consultation {town}",
            "Open consultation for pregnant women and parents with babies – even without a "
            "midwife of your own.",
        ),
        "tr": (
            "Ebe danışma saati {town}",
            "Hamileler ve bebekli ebeveynler için açık danışma saati – kendi ebeniz olmasa da.",
        ),
        "ar": (
            "استشارة القابلة المفتوحة في {town}",
            "استشارة مفتوحة للحوامل وللأهل مع الرضع – حتى لو لم تكن لديكم قابلة خاصة بكم.",
        ),
        "uk": (
            "Консультація акушерки {town}",
            "Відкрита консультація для вагітних і батьків з немовлятами – навіть без власної "
            "акушерки.",
        ),
    },
    ("elterncafe", 0): {
        "en": (
            "Parent café {town}",
            "A meeting place for parents with babies and toddlers: conversation, breakfast "
            "and advice.",
        ),
        "tr": (
            "Ebeveyn kafesi {town}",
            "Bebekli ve küçük çocuklu ebeveynler için buluşma yeri: sohbet, kahvaltı ve "
            "danışmanlık.",
        ),
        "ar": (
            "مقهى الأهل في {town}",
            "ملتقى للأهل مع الرضع والأطفال الصغار: تبادل الخبرات وفطور واستشارة.",
        ),
        "uk": (
            "Батьківське кафе {town}",
            "Місце зустрічі для батьків з немовлятами та малюками: спілкування, сніданок і "
            "консультація.",
        ),
    },
    ("elterncafe", 1): {
        "uk": (
            "Батьківське кафе {town}",
            "Місце зустрічі для батьків з немовлятами та малюками: спілкування, сніданок і "
            "консультація.",
        ),
        "ar": (
            "مقهى الأهل في {town}",
            "ملتقى للأهل مع الرضع والأطفال الصغار: تبادل الخبرات وفطور واستشارة.",
        ),
    },
    ("schwangerschaftsberatung", 0): {
        "en": (
            "Pregnancy counselling {town}",
            "Confidential counselling during pregnancy, also on money, rights and conflicts.",
        ),
        "tr": (
            "Gebelik danışmanlığı {town}",
            "Gebelikte gizli danışmanlık; para, haklar ve çatışmalar konusunda da.",
        ),
        "ar": (
            "استشارات الحمل في {town}",
            "استشارة سرية أثناء الحمل، وأيضًا حول المال والحقوق والنزاعات.",
        ),
    },
    ("willkommensbesuch", 0): {
        "en": (
            "Welcome visit for newborns – {short}",
            "We visit you at home after the birth – with information and a small gift.",
        ),
        "tr": (
            "Yenidoğanlar için hoş geldin ziyareti – {short}",
            "Doğumdan sonra sizi evinizde ziyaret ediyoruz – bilgilerle ve küçük bir hediyeyle.",
        ),
        "ar": (
            "زيارة ترحيب بالمواليد الجدد – {short}",
            "نزوركم في البيت بعد الولادة – مع معلومات وهدية صغيرة.",
        ),
        "uk": (
            "Вітальний візит до новонароджених – {short}",
            "Ми відвідуємо вас удома після пологів – з інформацією та невеликим подарунком.",
        ),
    },
    ("sprachkurs", 0): {
        "en": (
            "German course with childcare {town}",
            "Learn German while your child is looked after next door.",
        ),
        "tr": (
            "Çocuk bakımlı Almanca kursu {town}",
            "Çocuğunuz yan odada bakılırken Almanca öğrenin.",
        ),
        "ar": (
            "دورة لغة ألمانية مع رعاية الأطفال في {town}",
            "تعلّموا الألمانية بينما يُعتنى بطفلكم في الغرفة المجاورة.",
        ),
        "uk": (
            "Курс німецької мови з доглядом за дітьми {town}",
            "Вивчайте німецьку, поки про вашу дитину піклуються в сусідній кімнаті.",
        ),
    },
}
