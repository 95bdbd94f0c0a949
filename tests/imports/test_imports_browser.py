"""Imports in the real admin (Chromium): a coordinator uploads the offers template, reads the
dry run's report (one bad row), starts the import, watches its progress until the report
appears and finds the offers in the finder; another region's coordinator cannot import into
this region even with a doctored form; a press archive (zip) becomes drafts."""

from __future__ import annotations

from django.test import override_settings

import pytest
from playwright.sync_api import expect

from home.factories import UserFactory
from imports.models import ImportJob
from imports.tasks import run_import_job
from news.models import NewsPage
from offers_directory.models import OfferPage
from tests.browser.fixtures import ARTIFACTS, describe_violations, log_in

from .conftest import BAD_ROW, GOOD_ROWS, offers_csv
from .test_admin_imports import press_zip

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

LONG = 30_000


@pytest.fixture
def admin_page(traced_page):
    """The page, with long waits: requests are served one at a time, and the machine is
    shared, so an expectation waits as long as an action."""
    traced_page.set_default_timeout(LONG)
    expect.set_options(timeout=LONG)
    try:
        yield traced_page
    finally:
        expect.set_options(timeout=5_000)


def choose_file(page, name: str, data: bytes, mime: str) -> None:
    page.get_by_label("Datei").set_input_files({"name": name, "mimeType": mime, "buffer": data})


# The job waits for a worker, so the page shows its progress until the test runs it.
@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_coordinator_imports_offers_and_finds_them_in_the_finder(
    admin_page, network, live_site, axe_source, django_capture_on_commit_callbacks
):
    page, base = admin_page, live_site.url
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    log_in(page, base, network.coordinator)

    page.get_by_role("link", name="Importe").first.click()
    page.get_by_role("link", name="Angebote importieren").click()
    choose_file(page, "angebote.csv", offers_csv(GOOD_ROWS[0], BAD_ROW, GOOD_ROWS[1]), "text/csv")
    expect(page.get_by_label("Region")).to_have_value(str(network.harburg.pk))
    expect(page.get_by_label("Sofort veröffentlichen")).to_be_checked()
    page.get_by_role("button", name="Datei prüfen (Probelauf)").click()

    # The dry run's report: every row, the bad one with its reason; nothing saved.
    table = page.get_by_role("table", name="Vorschau: was der Import tun wird")
    expect(table.get_by_role("row")).to_have_count(4)
    bad = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Zeile 3"))
    expect(bad).to_contain_text("übersprungen: Fehler")
    expect(bad).to_contain_text("Titel fehlt.")
    good = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Zeile 2"))
    expect(good).to_contain_text("Elterncafé Buchholz")
    expect(good).to_contain_text("wird angelegt")
    expect(page.get_by_text("Neu: 2, aktualisiert: 0")).to_be_visible()
    assert not OfferPage.objects.filter(source_id__startswith="HAR-ADM").exists()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "import-preview.png"), full_page=True)
    violations = run_axe_on(page, axe_source, "main")
    assert violations == [], describe_violations(violations)

    # Confirm: the job waits for the worker, the page shows its progress ...
    page.get_by_role("button", name="Import starten").click()
    progress = page.get_by_role("region", name="Import läuft").get_by_role("status")
    expect(progress).to_contain_text("Wartet auf den Start: 0 von 3 erledigt.")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.QUEUED

    # ... until the worker has run it; then the page shows the command's report by itself.
    with django_capture_on_commit_callbacks(execute=True):
        run_import_job.call(job.pk)
    report = page.get_by_role("table", name="Bericht")
    expect(report).to_be_visible()
    expect(report.get_by_role("row").filter(has_text="Babymassage Winsen")).to_contain_text(
        "angelegt"
    )
    # The command's report, word for word, behind "Bericht, wie ihn der Befehl ausgibt".
    summary = page.locator("details > summary")
    expect(summary).to_have_text("Bericht, wie ihn der Befehl ausgibt")
    # It shows its disclosure triangle (Wagtail's admin hides it), and opens.
    assert summary.evaluate("(e) => getComputedStyle(e).display") == "list-item"
    expect(page.locator("details pre")).not_to_be_visible()
    summary.click()
    expect(page.locator("details pre")).to_be_visible()
    expect(page.locator("details pre")).to_contain_text(
        "Summary: imported: 2, updated: 0, unchanged: 0, rejected: 1"
    )

    # The progress script ran under the admin's Content-Security-Policy without a complaint.
    assert errors == []

    # The families' finder finds the new offers.
    page.goto(f"{base}/angebote/?q=Elterncaf%C3%A9+Buchholz")
    expect(page.get_by_role("link", name="Elterncafé Buchholz").first).to_be_visible()
    page.goto(f"{base}/angebote/?q=Babymassage")
    expect(page.get_by_role("link", name="Babymassage Winsen").first).to_be_visible()


def run_axe_on(page, axe_source: str, selector: str) -> list[dict]:
    """axe's WCAG 2.1 AA rules on what this work adds (Wagtail's own chrome is Wagtail's)."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        """async (selector) => await axe.run(selector, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })""",
        selector,
    )
    return result["violations"]


def test_another_regions_coordinator_cannot_import_here(admin_page, network, live_site):
    page, base = admin_page, live_site.url
    log_in(page, base, network.other_coordinator)
    page.goto(f"{base}/admin/importe/offers/neu/")
    region = page.get_by_label("Region")
    expect(region.locator("option")).to_have_text(["Heidekreis"])

    # A doctored form naming Harburg: the permissions refuse it, nothing is imported.
    region.evaluate(
        "(select, pk) => { select.add(new Option('Landkreis Harburg', pk)); select.value = pk; }",
        str(network.harburg.pk),
    )
    choose_file(page, "angebote.csv", offers_csv(*GOOD_ROWS), "text/csv")
    page.get_by_role("button", name="Datei prüfen (Probelauf)").click()
    expect(page.get_by_text("Sie dürfen nicht in diese Region importieren.")).to_be_visible()
    assert not ImportJob.objects.exists()

    # Nor does a job of Harburg's coordinator open for them.
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.OFFERS,
        file_name="angebote.csv",
        file=offers_csv(*GOOD_ROWS),
        region=network.harburg,
        user=network.coordinator,
    )
    page.goto(f"{base}/admin/importe/{job.pk}/")
    page.wait_for_url(f"{base}/admin/")
    assert not OfferPage.objects.filter(source_id__startswith="HAR-ADM").exists()


def test_coordinator_imports_a_press_archive_as_drafts(admin_page, network, live_site):
    page, base = admin_page, live_site.url
    coordinator = UserFactory(username="presse-harburg", groups=[network.harburg.coordinator_group])
    log_in(page, base, coordinator)
    page.goto(f"{base}/admin/importe/")
    page.get_by_role("link", name="Pressemitteilungen importieren").click()
    choose_file(page, "presse.zip", press_zip(), "application/zip")
    expect(page.get_by_label("Sofort veröffentlichen")).not_to_be_checked()
    page.get_by_role("button", name="Datei prüfen (Probelauf)").click()

    table = page.get_by_role("table", name="Vorschau: was der Import tun wird")
    row = table.get_by_role("row").filter(has_text="presse/familienhebammen.txt")
    expect(row).to_contain_text("Familienhebammen stellen ihre Arbeit im Kreishaus vor")
    expect(row).to_contain_text("wird angelegt")
    expect(row).to_contain_text("Titel: gefunden (Überschrift)")
    assert not NewsPage.objects.exists()

    # The immediate task backend runs the import right after the confirming request.
    page.get_by_role("button", name="Import starten").click()
    report = page.get_by_role("table", name="Bericht")
    expect(report.get_by_role("row").filter(has_text="angelegt")).to_have_count(3)
    expect(page.get_by_text("Gespeichert als")).to_be_visible()
    news = NewsPage.objects.descendant_of(network.harburg)
    assert news.count() == 3
    assert not any(item.live for item in news)
