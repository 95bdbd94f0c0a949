"""import_offers with the CSV/XLSX template: grouping rows into offers with several
locations, bad rows reported and skipped, unusable files refused with a clear message."""

from __future__ import annotations

import csv
import io

from django.core.management import CommandError

import pytest
from openpyxl import Workbook

from offers_directory.geocoding import municipality_centre
from offers_directory.importers.tabular import HEADERS, template_csv, template_xlsx
from offers_directory.models import GeocodeStatus, OfferPage

from .exchange import run_import, summary

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def row(**values: str) -> list[str]:
    keys = {
        "id": "Angebots-ID",
        "title": "Titel",
        "provider": "Träger",
        "categories": "Kategorien",
        "languages": "Sprachen",
        "email": "E-Mail",
        "fee": "Gebühr (EUR)",
        "free": "Kostenlos",
        "hours": "Öffnungszeiten",
        "name": "Standortname",
        "street": "Straße und Hausnummer",
        "plz": "PLZ",
        "city": "Ort",
        "lat": "Breitengrad",
        "lon": "Längengrad",
        "status": "Status",
        "min": "Alter von (Monate)",
        "max": "Alter bis (Monate)",
    }
    by_header = {keys[k]: v for k, v in values.items()}
    return [by_header.get(header, "") for header in HEADERS]


ROWS = [
    row(
        id="HAR-1",
        title="Elterncafé Winsen",
        provider="Familienzentrum Winsen",
        categories="elterncafe",
        languages="de, tr",
        hours="Mi 09:30-11:30; Fr 15-17",
        name="Familienzentrum",
        street="Rathausstraße 1",
        plz="21423",
        city="Winsen (Luhe)",
        lat="53,3577",
        lon="10,2113",
        min="0",
        max="36",
    ),
    row(
        id="HAR-1",
        title="Elterncafé Winsen",
        name="Außenstelle Stelle",
        street="Am Markt 2",
        plz="21435",
        city="Stelle",
    ),
    row(
        id="HAR-2",
        title="Babymassage",
        free="nein",
        fee="30,00",
        plz="21244",
        city="Buchholz",
        lat="100",
        lon="10",
    ),
    row(
        id="HAR-3",
        title="Sprechstunde",
        email="keine-mail",
        languages="de, klingonisch",
        plz="21220",
        city="Seevetal",
    ),
    row(id="HAR-4", title="", plz="21423", city="Winsen (Luhe)"),
    row(id="", title="", plz="21423", city="Winsen (Luhe)"),
    row(
        id="HAR-5",
        title="Unbekannte Kategorie",
        categories="gibtsnicht",
        plz="21423",
        city="Winsen (Luhe)",
    ),
]


def write_csv(tmp_path, rows, *, encoding="utf-8", delimiter=";", headers=HEADERS):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    path = tmp_path / "angebote.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(tmp_path, rows, headers=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for r in rows:
        sheet.append(r)
    path = tmp_path / "angebote.xlsx"
    workbook.save(path)
    return path


def check_result(output: str) -> None:
    counts = summary(output)
    assert counts["imported"] == 4, output
    assert counts["rejected"] == 2, output
    assert counts["geocoded"] == 4  # Stelle, Buchholz (bad latitude), Seevetal, HAR-5
    assert "Breitengrad 100" in output
    assert "keine gültige E-Mail-Adresse" in output
    assert "Unbekannter Sprachcode 'klingonisch'" in output
    assert "Zeile 6: FEHLER: Titel fehlt." in output
    assert "Zeile 7: FEHLER: Titel fehlt." in output
    assert "Unbekannter Begriffscode 'gibtsnicht'" in output
    cafe = OfferPage.objects.get(source_id="HAR-1")
    assert [loc.city for loc in cafe.locations.all()] == ["Winsen (Luhe)", "Stelle"]
    first = cafe.locations.all()[0]
    assert (first.latitude, first.longitude, first.geocode_status) == (
        53.3577,
        10.2113,
        GeocodeStatus.EXACT,
    )
    assert [t.code for t in cafe.categories.all()] == ["elterncafe"]
    assert sorted(lang.code for lang in cafe.languages.all()) == ["de", "tr"]
    assert [(s.weekday, str(s.opens_at)) for s in cafe.sorted_schedules()] == [
        ("WE", "09:30:00"),
        ("FR", "15:00:00"),
    ]
    assert (cafe.min_age_months, cafe.max_age_months) == (0, 36)
    assert cafe.provider.title == "Familienzentrum Winsen"
    massage = OfferPage.objects.get(source_id="HAR-2")
    assert not massage.is_free and str(massage.fee_amount) == "30.00"
    # No coordinates in the file: the offline gazetteer's answer for the address.
    spot = massage.locations.get()
    assert spot.geocode_status == GeocodeStatus.APPROXIMATE
    assert (spot.latitude, spot.longitude) == pytest.approx(
        municipality_centre(spot.postal_code, spot.city), abs=0.05
    )
    assert OfferPage.objects.get(source_id="HAR-3").email == ""


def test_csv_with_bad_rows(tree, tmp_path):
    path = write_csv(tmp_path, ROWS)
    check_result(run_import(path))
    again = summary(run_import(path))
    assert (again["unchanged"], again["imported"], again["updated"]) == (4, 0, 0)


def test_xlsx_with_bad_rows(tree, tmp_path):
    check_result(run_import(write_xlsx(tmp_path, ROWS)))


def test_comma_separated_csv_is_detected(tree, tmp_path):
    rows = ROWS[:2]
    path = write_csv(tmp_path, rows, delimiter=",")
    assert summary(run_import(path))["imported"] == 1
    assert OfferPage.objects.get().locations.count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leer.csv", b"", "Die Datei ist leer"),
        ("kaputt.xlsx", b"PK\x03\x04 not really a zip", "XLSX-Datei ist nicht lesbar"),
    ],
)
def test_unreadable_file(tree, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run_import(path)


def test_header_only(tree, tmp_path):
    with pytest.raises(CommandError, match="nur die Kopfzeile"):
        run_import(write_csv(tmp_path, []))


def test_wrong_headers(tree, tmp_path):
    path = write_csv(tmp_path, [["a", "b"]], headers=["Foo", "Bar"])
    with pytest.raises(CommandError, match="Spalte 'Titel' fehlt"):
        run_import(path)


def test_non_utf8_csv(tree, tmp_path):
    path = write_csv(tmp_path, ROWS[:1], encoding="cp1252")
    with pytest.raises(CommandError, match="nicht UTF-8-kodiert.*CSV UTF-8"):
        run_import(path)
    assert OfferPage.objects.count() == 0


def test_templates_import_cleanly(tree, tmp_path):
    csv_path = tmp_path / "vorlage.csv"
    csv_path.write_bytes(template_csv())
    assert summary(run_import(csv_path, "--dry-run"))["imported"] == 1
    xlsx_path = tmp_path / "vorlage.xlsx"
    xlsx_path.write_bytes(template_xlsx())
    output = run_import(xlsx_path)
    assert summary(output)["imported"] == 1 and summary(output)["rejected"] == 0
    offer = OfferPage.objects.get(source_id="HAR-0001")
    assert offer.get_parent().get_parent().slug == "landkreis-harburg"


def test_admin_template_download(tree, admin_client):
    page = admin_client.get("/admin/angebote/importvorlage/")
    assert page.status_code == 200
    assert "importvorlage/xlsx/" in page.content.decode()
    assert "Importvorlage für Angebote" in page.content.decode()
    xlsx = admin_client.get("/admin/angebote/importvorlage/xlsx/")
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADERS
    csv_response = admin_client.get("/admin/angebote/importvorlage/csv/")
    assert csv_response.content.decode("utf-8-sig").splitlines()[0] == ";".join(HEADERS)


def test_template_download_needs_admin_login(tree, client):
    response = client.get("/admin/angebote/importvorlage/csv/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_every_row_with_an_unknown_code_is_told_what_was_meant(tree, tmp_path):
    from offers_directory.models import TaxonomyTerm

    cafe = TaxonomyTerm.objects.get(code="elterncafe")
    rows = [
        row(id=f"TYPO-{n}", title=f"Treff {n}", categories="elterncafee", plz="21423")
        for n in (1, 2)
    ]
    output = run_import(write_csv(tmp_path, rows), "--dry-run")
    warnings = [line for line in output.splitlines() if "'elterncafee'" in line]
    assert len(warnings) == 2, output  # the second row is told too, not only the first
    assert all(f"Gemeint vielleicht: 'elterncafe' ({cafe.name})" in w for w in warnings)


def test_the_template_lists_the_accepted_codes(tree, admin_client):
    from openpyxl import load_workbook

    from offers_directory.models import TaxonomyTerm

    codes = set(TaxonomyTerm.objects.values_list("code", flat=True))
    assert codes
    page = admin_client.get("/admin/angebote/importvorlage/").content.decode()
    assert all(f"<code>{code}</code>" in page for code in codes)
    xlsx = admin_client.get("/admin/angebote/importvorlage/xlsx/")
    sheet = load_workbook(io.BytesIO(xlsx.content))["Begriffe"]
    listed = {r[0] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert listed == codes
