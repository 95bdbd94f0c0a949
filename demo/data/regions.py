"""The five demo networks: real counties (and one county with an independent city) of the
kind the networks are, with their towns (postcode, name, centre), a rough outline of the
county ([longitude, latitude] positions), the postcode prefixes the importer routes by, and
the contact data of a fictional coordination office. Phone numbers are from the
Bundesnetzagentur's ranges reserved for fiction; e-mail addresses use the reserved
``.example`` domain."""

from __future__ import annotations

from dataclasses import dataclass

from offers_directory.factories import Town


@dataclass(frozen=True)
class DemoRegion:
    slug: str
    title: str
    official_name: str
    state: str
    intro: str
    email: str
    phone: str
    county: str  # "im Landkreis Harburg"
    short: str  # "Harburg"
    phone_prefix: str  # a range reserved for fiction
    clinic: str
    postcodes: tuple[str, ...]
    working_group: str  # the slug of the demo working group its partners meet in
    towns: tuple[Town, ...]
    outline: tuple[tuple[float, float], ...]

    @property
    def area(self) -> dict:
        """The outline as a GeoJSON Polygon."""
        return {"type": "Polygon", "coordinates": [[list(p) for p in self.outline]]}


REGIONS: tuple[DemoRegion, ...] = (
    DemoRegion(
        slug="landkreis-harburg",
        title="Landkreis Harburg",
        official_name="Landkreis Harburg",
        state="Niedersachsen",
        intro=(
            "Das Netzwerk Frühe Hilfen im Landkreis Harburg verbindet Hebammen, "
            "Kinderärztinnen, Beratungsstellen, Kitas und das Jugendamt von Winsen (Luhe) bis "
            "Buchholz in der Nordheide."
        ),
        email="fruehehilfen@lkharburg.example",
        phone="04171 693-000",
        county="im Landkreis Harburg",
        short="Harburg",
        phone_prefix="040 66969",
        clinic="Krankenhaus Buchholz",
        postcodes=("212", "2137", "2142", "2143", "21629"),
        working_group="ag-nord",
        towns=(
            Town("21423", "Winsen (Luhe)", 53.3575, 10.212),
            Town("21244", "Buchholz in der Nordheide", 53.3285, 9.873),
            Town("21218", "Seevetal", 53.396, 9.971),
            Town("21271", "Hanstedt", 53.259, 10.015),
            Town("21255", "Tostedt", 53.283, 9.713),
            Town("21629", "Neu Wulmstorf", 53.466, 9.794),
            Town("21435", "Stelle", 53.384, 10.112),
        ),
        outline=(
            (9.6, 53.3),
            (9.72, 53.5),
            (10.05, 53.48),
            (10.35, 53.43),
            (10.33, 53.27),
            (10.15, 53.14),
            (9.85, 53.15),
            (9.6, 53.3),
        ),
    ),
    DemoRegion(
        slug="landkreis-boerde",
        title="Landkreis Börde",
        official_name="Landkreis Börde",
        state="Sachsen-Anhalt",
        intro=(
            "Im Landkreis Börde arbeiten Jugendamt, Gesundheitsamt, Familienhebammen und freie "
            "Träger im Netzwerk Frühe Hilfen und Kinderschutz zusammen – von Haldensleben bis "
            "Oschersleben."
        ),
        email="netzwerk@boerdekreis.example",
        phone="03904 7240-000",
        county="im Landkreis Börde",
        short="Börde",
        phone_prefix="030 23125",
        clinic="Klinikum Haldensleben",
        postcodes=("3916", "3917", "3932", "3933", "3934", "3935", "3936", "3938", "3939"),
        working_group="ag-sued",
        towns=(
            Town("39340", "Haldensleben", 52.289, 11.41),
            Town("39387", "Oschersleben (Bode)", 52.03, 11.227),
            Town("39326", "Wolmirstedt", 52.248, 11.629),
            Town("39365", "Eilsleben", 52.147, 11.21),
            Town("39179", "Barleben", 52.202, 11.618),
            Town("39164", "Wanzleben-Börde", 52.061, 11.441),
        ),
        outline=(
            (10.98, 52.05),
            (11.05, 52.35),
            (11.3, 52.45),
            (11.7, 52.38),
            (11.75, 52.15),
            (11.5, 51.97),
            (11.15, 51.95),
            (10.98, 52.05),
        ),
    ),
    DemoRegion(
        slug="landkreis-saarlouis",
        title="Landkreis Saarlouis",
        official_name="Landkreis Saarlouis",
        state="Saarland",
        intro=(
            "Das Netzwerk im Landkreis Saarlouis begleitet Familien von der Schwangerschaft bis "
            "zum dritten Lebensjahr, mit Babylotsinnen in der Geburtsklinik und offenen "
            "Elterncafés."
        ),
        email="fruehehilfen@kreis-saarlouis.example",
        phone="06831 444-000",
        county="im Landkreis Saarlouis",
        short="Saarlouis",
        phone_prefix="069 90009",
        clinic="Klinikum Saarlouis",
        postcodes=("667", "6680", "6682", "6683"),
        working_group="ag-sued",
        towns=(
            Town("66740", "Saarlouis", 49.314, 6.751),
            Town("66763", "Dillingen/Saar", 49.3555, 6.728),
            Town("66802", "Überherrn", 49.242, 6.699),
            Town("66787", "Wadgassen", 49.267, 6.783),
            Town("66793", "Saarwellingen", 49.354, 6.805),
            Town("66701", "Beckingen", 49.393, 6.701),
            Town("66780", "Rehlingen-Siersburg", 49.369, 6.683),
        ),
        outline=(
            (6.56, 49.3),
            (6.62, 49.45),
            (6.78, 49.48),
            (6.92, 49.4),
            (6.9, 49.25),
            (6.76, 49.2),
            (6.6, 49.22),
            (6.56, 49.3),
        ),
    ),
    DemoRegion(
        slug="wittenberg-dessau-rosslau",
        title="Wittenberg und Dessau-Roßlau",
        official_name="Landkreis Wittenberg und Stadt Dessau-Roßlau",
        state="Sachsen-Anhalt",
        intro=(
            "Der Landkreis Wittenberg und die Stadt Dessau-Roßlau arbeiten in den Frühen Hilfen "
            "eng zusammen: gemeinsame Fachtage, abgestimmte Angebote und kurze Wege für "
            "Familien."
        ),
        email="fruehehilfen@wittenberg-dessau.example",
        phone="03491 479-000",
        county="in Wittenberg und Dessau-Roßlau",
        short="Wittenberg/Dessau-Roßlau",
        phone_prefix="030 23125",
        clinic="Evangelisches Krankenhaus Wittenberg",
        postcodes=("0677", "0684", "0686", "0688", "0689", "0690", "0691", "0692"),
        working_group="ag-nord",
        towns=(
            Town("06886", "Lutherstadt Wittenberg", 51.867, 12.646),
            Town("06844", "Dessau-Roßlau", 51.835, 12.246),
            Town("06895", "Zahna-Elster", 51.915, 12.783),
            Town("06901", "Kemberg", 51.772, 12.632),
            Town("06917", "Jessen (Elster)", 51.7935, 12.958),
            Town("06905", "Bad Schmiedeberg", 51.685, 12.735),
            Town("06869", "Coswig (Anhalt)", 51.886, 12.45),
        ),
        outline=(
            (12.1, 51.8),
            (12.2, 51.95),
            (12.5, 52.03),
            (12.9, 52.0),
            (13.15, 51.85),
            (13.05, 51.68),
            (12.7, 51.62),
            (12.35, 51.72),
            (12.1, 51.8),
        ),
    ),
    DemoRegion(
        slug="heidekreis",
        title="Heidekreis",
        official_name="Landkreis Heidekreis",
        state="Niedersachsen",
        intro=(
            "Im Heidekreis sind die Frühen Hilfen in drei Arbeitsgemeinschaften organisiert: AG "
            "Nord, AG Mitte und AG Süd treffen sich regelmäßig zum fachlichen Austausch."
        ),
        email="fruehehilfen@heidekreis.example",
        phone="05191 970-000",
        county="im Heidekreis",
        short="Heidekreis",
        phone_prefix="040 66969",
        clinic="Heidekreis-Klinikum Walsrode",
        postcodes=("2961", "2963", "2964", "2966", "2968", "2969", "27336"),
        working_group="ag-nord",
        towns=(
            Town("29614", "Soltau", 52.986, 9.843),
            Town("29664", "Walsrode", 52.862, 9.592),
            Town("29683", "Bad Fallingbostel", 52.867, 9.696),
            Town("29690", "Schwarmstedt", 52.678, 9.617),
            Town("29640", "Schneverdingen", 53.117, 9.795),
            Town("29633", "Munster", 52.986, 10.088),
            Town("29693", "Hodenhagen", 52.765, 9.595),
        ),
        outline=(
            (9.35, 52.75),
            (9.45, 52.62),
            (9.7, 52.6),
            (9.95, 52.78),
            (10.2, 52.95),
            (10.1, 53.15),
            (9.75, 53.2),
            (9.5, 53.02),
            (9.35, 52.75),
        ),
    ),
)
