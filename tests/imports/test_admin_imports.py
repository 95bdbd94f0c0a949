"""Imports in the admin: who may import where (the page permissions decide), the dry run
writes nothing, the confirmed job runs as a task and keeps the same report the commands
print; a job survives until a worker runs it."""

from __future__ import annotations

import datetime
import io
import zipfile
from io import StringIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from wagtail.models import Page, PageLogEntry, Revision

import pytest

from imports import service
from imports.models import STALLED_AFTER, ImportJob
from imports.permissions import may_import
from imports.tasks import run_import_job
from news.models import NewsPage
from offers_directory.factories import OfferPageFactory
from offers_directory.models import OfferIndexPage, OfferPage, OrganizationPage

from .conftest import BAD_ROW, GOOD_ROWS, offers_csv

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

PRESS = Path(__file__).resolve().parents[1] / "news" / "data" / "press"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, kind: str, name: str, data: bytes, **fields) -> ImportJob | None:
    before = set(ImportJob.objects.values_list("pk", flat=True))
    response = client.post(
        f"/admin/importe/{kind}/neu/",
        {"file": SimpleUploadedFile(name, data), **fields},
    )
    created = ImportJob.objects.exclude(pk__in=before).first()
    if created is not None:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == f"/admin/importe/{created.pk}/"
    return created


def offers_job(network, **fields) -> ImportJob:
    """A job for the good rows, by Harburg's coordinator, as a confirmed upload leaves it."""
    defaults = {"region": network.harburg, "user": network.coordinator, "publish": False}
    return ImportJob.objects.create(
        kind=ImportJob.Kind.OFFERS,
        file_name="angebote.csv",
        file=offers_csv(*GOOD_ROWS),
        **{**defaults, **fields},
    )


def press_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("familienhebammen.txt", "netzwerktreffen-2016.txt", "babylotsinnen.html"):
            archive.writestr(f"presse/{name}", (PRESS / name).read_bytes())
        archive.writestr("__MACOSX/presse/._familienhebammen.txt", b"\x00\x05\x16\x07")
        archive.writestr("../ausserhalb.txt", "Nie außerhalb des Ordners entpacken.")
    return buffer.getvalue()


def written() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "log entries": PageLogEntry.objects.count(),
        "providers": OrganizationPage.objects.count(),
    }


def test_the_page_permissions_decide_who_imports_where(network):
    for kind in ImportJob.Kind.values:
        assert may_import(network.coordinator, kind, network.harburg)
        assert not may_import(network.coordinator, kind, network.heidekreis)
        # Without a region the importer may choose any region: not for a coordinator.
        assert not may_import(network.coordinator, kind, None)
        assert may_import(network.editor, kind, network.harburg)
        assert may_import(network.editor, kind, network.heidekreis)
        assert may_import(network.editor, kind, None)


def test_a_coordinator_is_offered_the_own_region_and_refused_another(network):
    client = client_for(network.other_coordinator)
    form = client.get("/admin/importe/offers/neu/").content.decode()
    assert 'name="region"' in form
    assert "Heidekreis" in form
    assert "Landkreis Harburg" not in form

    data = offers_csv(*GOOD_ROWS)
    job = upload(client, "offers", "angebote.csv", data, region=network.harburg.pk, publish="on")
    assert job is None
    response = client.post(
        "/admin/importe/offers/neu/",
        {"file": SimpleUploadedFile("angebote.csv", data), "region": network.harburg.pk},
    )
    assert "Sie dürfen nicht in diese Region importieren." in response.content.decode()
    # No region ("each by its address") is the network editors' choice only.
    response = client.post(
        "/admin/importe/offers/neu/", {"file": SimpleUploadedFile("angebote.csv", data)}
    )
    assert ImportJob.objects.count() == 0
    assert "Sie dürfen nicht in diese Region importieren." in response.content.decode()


def test_the_dry_run_writes_nothing_and_lists_every_row(network):
    client = client_for(network.coordinator)
    before = written()
    data = offers_csv(GOOD_ROWS[0], BAD_ROW, GOOD_ROWS[1])
    job = upload(client, "offers", "angebote.csv", data, region=network.harburg.pk, publish="on")

    assert written() == before
    assert not OfferPage.objects.filter(source_id__startswith="HAR-ADM").exists()
    assert job.status == ImportJob.Status.PREVIEW
    assert job.total == 3
    # In the file's order, although the reader rejects the untitled row before the others.
    assert [row["label"] for row in job.preview["rows"]] == ["Zeile 2", "Zeile 3", "Zeile 4"]
    rows = {row["label"]: row for row in job.preview["rows"]}
    assert rows["Zeile 2"]["outcome"] == "created"
    assert rows["Zeile 2"]["title"] == "Elterncafé Buchholz"
    assert rows["Zeile 3"]["outcome"] == "rejected"
    assert rows["Zeile 3"]["messages"] == [{"level": "error", "text": "Titel fehlt."}]
    assert rows["Zeile 4"]["outcome"] == "created"
    assert job.preview["counts"] == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "rejected": 1,
    }

    page = client.get(f"/admin/importe/{job.pk}/").content.decode()
    assert "Vorschau" in page
    assert "wird angelegt" in page
    assert "Titel fehlt." in page
    assert "Import starten" in page


def test_the_confirmed_import_runs_as_a_task_with_the_commands_report(
    network, tmp_path, django_capture_on_commit_callbacks
):
    data = offers_csv(GOOD_ROWS[0], BAD_ROW, GOOD_ROWS[1])
    path = tmp_path / "angebote.csv"
    path.write_bytes(data)

    class Rollback(Exception):
        pass

    # What the command prints for the same file on the same database.
    out = StringIO()
    try:
        with transaction.atomic():
            call_command(
                "import_offers",
                str(path),
                "--region",
                "landkreis-harburg",
                "--no-progress",
                stdout=out,
            )
            raise Rollback
    except Rollback:
        pass

    client = client_for(network.coordinator)
    job = upload(client, "offers", "angebote.csv", data, region=network.harburg.pk, publish="on")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/importe/{job.pk}/starten/")
    assert response.status_code == 302
    job.refresh_from_db()

    assert job.status == ImportJob.Status.DONE
    assert job.report_text == out.getvalue().replace(f"{tmp_path}/", "")
    assert "Summary: imported: 2, updated: 0, unchanged: 0, rejected: 1" in job.report_text
    assert job.counts["created"] == 2 and job.counts["rejected"] == 1
    assert (job.done, job.total) == (3, 3)
    assert job.finished_at is not None
    offers = OfferPage.objects.filter(source_id__startswith="HAR-ADM")
    index = OfferIndexPage.objects.descendant_of(network.harburg).get()
    assert {o.title for o in offers} == {"Elterncafé Buchholz", "Babymassage Winsen"}
    assert all(o.live and o.get_parent().pk == index.pk for o in offers)

    status = client.get(f"/admin/importe/{job.pk}/status/").json()
    assert status["status"] == "done" and status["finished"] is True
    assert (status["done"], status["total"], status["percent"]) == (3, 3, 100)
    page = client.get(f"/admin/importe/{job.pk}/").content.decode()
    assert "angelegt" in page and "Import starten" not in page


def test_a_coordinator_cannot_change_another_regions_offer_by_its_id(network):
    other_index = OfferIndexPage.objects.descendant_of(network.heidekreis).get()
    theirs = OfferPageFactory(parent=other_index, title="Hebammensprechstunde Soltau")
    theirs.source_id = "HAR-ADM-1"
    theirs.save()
    client = client_for(network.coordinator)
    job = upload(
        client,
        "offers",
        "angebote.csv",
        offers_csv(GOOD_ROWS[0]),
        region=network.harburg.pk,
        publish="on",
    )
    (row,) = job.preview["rows"]
    assert row["outcome"] == "rejected"
    assert "Sie dürfen es nicht ändern" in row["messages"][0]["text"]


def test_other_users_see_neither_the_job_nor_its_status(network):
    job = upload(
        client_for(network.coordinator),
        "offers",
        "angebote.csv",
        offers_csv(GOOD_ROWS[0]),
        region=network.harburg.pk,
    )
    other = client_for(network.other_coordinator)
    # Wagtail answers a refused admin view with a redirect to the dashboard.
    for response in (
        other.get(f"/admin/importe/{job.pk}/"),
        other.get(f"/admin/importe/{job.pk}/status/"),
        other.post(f"/admin/importe/{job.pk}/starten/"),
    ):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEW


def test_a_press_archive_becomes_drafts_after_its_preview(
    network, django_capture_on_commit_callbacks
):
    client = client_for(network.coordinator)
    form = client.get("/admin/importe/news/neu/").content.decode()
    assert 'name="publish"' in form and "checked" not in form.split('name="publish"')[1][:80]
    before = written()
    job = upload(client, "news", "presse.zip", press_zip(), region=network.harburg.pk)
    assert written() == before
    rows = job.preview["rows"]
    assert [row["label"] for row in rows] == [
        "presse/babylotsinnen.html",
        "presse/familienhebammen.txt",
        "presse/netzwerktreffen-2016.txt",
    ]
    assert {row["outcome"] for row in rows} == {"created"}
    titles = {row["title"] for row in rows}
    assert "Familienhebammen stellen ihre Arbeit im Kreishaus vor" in titles
    assert any("Titel: gefunden (Überschrift)" in m["text"] for m in rows[1]["messages"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/importe/{job.pk}/starten/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.report_text
    news = NewsPage.objects.descendant_of(network.harburg)
    assert news.count() == 3
    assert not any(page.live for page in news)
    assert "3 imported, 0 skipped, 0 failed (3 files, as drafts)." in job.report_text

    # The same archive again: every item is already there.
    again = upload(client, "news", "presse.zip", press_zip(), region=network.harburg.pk)
    assert {row["outcome"] for row in again.preview["rows"]} == {"skipped"}
    assert "Entwurf" in again.preview["rows"][0]["messages"][0]["text"]


def test_an_unreadable_file_fails_its_preview_with_the_reason(network):
    client = client_for(network.coordinator)
    job = upload(client, "offers", "angebote.json", b"{kein json", region=network.harburg.pk)
    assert job.status == ImportJob.Status.FAILED
    assert "kein gültiges JSON" in job.preview["error"]
    assert client.post(f"/admin/importe/{job.pk}/starten/").status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.started_at is None
    response = client.post(
        "/admin/importe/offers/neu/",
        {"file": SimpleUploadedFile("angebote.pdf", b"%PDF"), "region": network.harburg.pk},
    )
    assert "kann hier nicht importiert werden" in response.content.decode()


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_a_queued_job_waits_in_the_database_until_a_worker_runs_it(
    network, django_capture_on_commit_callbacks
):
    client = client_for(network.coordinator)
    job = upload(
        client,
        "offers",
        "angebote.csv",
        offers_csv(*GOOD_ROWS),
        region=network.harburg.pk,
        publish="on",
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/importe/{job.pk}/starten/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED
    page = client.get(f"/admin/importe/{job.pk}/").content.decode()
    assert 'id="import-progress"' in page and "imports/progress.js" in page
    assert client.get(f"/admin/importe/{job.pk}/status/").json()["finished"] is False

    # A worker (started again, say) finds everything it needs in the job.
    run_import_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert OfferPage.objects.filter(source_id__startswith="HAR-ADM").count() == 2
    # Run twice (a worker restarted after the import): nothing happens the second time.
    run_import_job.call(job.pk)
    assert OfferPage.objects.filter(source_id__startswith="HAR-ADM").count() == 2


def test_the_permissions_are_checked_again_when_the_job_runs(network):
    job = offers_job(network, region=network.heidekreis, status=ImportJob.Status.QUEUED)
    service.run(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert not OfferPage.objects.filter(source_id__startswith="HAR-ADM").exists()


def test_the_import_template_page_points_to_the_upload(network):
    page = client_for(network.coordinator).get("/admin/angebote/importvorlage/").content.decode()
    assert "/admin/importe/offers/neu/" in page
    assert "Administrator" not in page


def test_a_job_whose_worker_died_can_be_started_again(network, django_capture_on_commit_callbacks):
    client = client_for(network.coordinator)
    job = upload(
        client, "offers", "angebote.csv", offers_csv(*GOOD_ROWS), region=network.harburg.pk
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/importe/{job.pk}/starten/")
    # The worker took the job and died: "running" with a last sign of life long ago.
    long_ago = timezone.now() - STALLED_AFTER - datetime.timedelta(minutes=1)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, started_at=long_ago, heartbeat_at=long_ago
    )
    assert client.get(f"/admin/importe/{job.pk}/status/").json()["stalled"] is True
    page = client.get(f"/admin/importe/{job.pk}/").content.decode()
    assert "keinen Fortschritt" in page and "Import erneut starten" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/importe/{job.pk}/starten/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert OfferPage.objects.filter(source_id__startswith="HAR-ADM").count() == 2


def test_a_running_job_with_recent_progress_is_not_started_twice(network):
    now = timezone.now()
    job = offers_job(network, status=ImportJob.Status.RUNNING, started_at=now, heartbeat_at=now)
    client = client_for(network.coordinator)
    assert "keinen Fortschritt" not in client.get(f"/admin/importe/{job.pk}/").content.decode()
    client.post(f"/admin/importe/{job.pk}/starten/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING
    assert not OfferPage.objects.filter(source_id__startswith="HAR-ADM").exists()
