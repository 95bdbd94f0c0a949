"""manage.py import_news: text, Markdown, HTML and feed files; dates; regions; idempotency;
bad files reported without ending the run."""

import datetime
import os

from django.core.management import CommandError

import pytest

from news.models import NewsPage
from tests.commands import command_output
from tests.demo_pages import network_index, news_index

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def run(*args) -> str:
    return command_output("import_news", *args)


def write(path, content, mtime: datetime.datetime | None = None):
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    if mtime is not None:
        os.utime(path, (mtime.timestamp(), mtime.timestamp()))
    return path


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Pressestelle</title><link>https://lk.example/</link>
<description>Pressemitteilungen</description>
<item><title>Babylotsinnen im Landkreis Börde</title><link>https://lk.example/1</link>
<guid>https://lk.example/presse/1</guid><pubDate>Tue, 05 Mar 2024 10:00:00 +0100</pubDate>
<description>&lt;p&gt;Im &lt;b&gt;Landkreis Börde&lt;/b&gt; starten Babylotsinnen.&lt;/p&gt;
&lt;script&gt;alert(1)&lt;/script&gt;</description></item>
<item><title>Elterncafé öffnet</title><guid>urn:presse:2</guid>
<pubDate>Wed, 06 Mar 2024 10:00:00 +0100</pubDate><description>Ohne Region.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Heidekreis</title><id>urn:hk</id>
<updated>2025-01-10T09:00:00Z</updated>
<entry><title>AG Mitte trifft sich</title><id>urn:hk:1</id><updated>2025-01-10T09:00:00Z</updated>
<content type="html">&lt;p&gt;Im Heidekreis trifft sich die AG Mitte.&lt;/p&gt;</content></entry>
</feed>"""


@pytest.fixture
def archive(tmp_path, demo):
    folder = tmp_path / "archiv"
    folder.mkdir()
    write(
        folder / "netzwerktag.txt",
        "\n\n  Netzwerktag im Heidekreis  \n\nAm 09.12.2025 trafen sich 60 Fachkräfte in "
        "Soltau.\nZweite Zeile.\n\nZweiter Absatz mit <Zeichen> & mehr.\n",
    )
    write(
        folder / "fachtag.md",
        "# Fachtag in Buchholz\n\ndate 2016-11\n\nText mit **fett** und "
        "[Link](https://example.org) im Landkreis Harburg.\n\n## Ergebnisse\n\n- eins\n- zwei\n",
    )
    write(
        folder / "klausur.html",
        "<!doctype html><html><head><title>Klausurtagung in Dessau</title>"
        "<script>alert(1)</script></head><body><nav>Menü</nav><h1>Klausurtagung in Dessau</h1>"
        "<div>Die Koordinatorinnen aus <b>Dessau-Roßlau</b> trafen sich am 3. März 2024.</div>"
        '<p onclick="x()">Mehr <a href="javascript:alert(1)">böse</a> '
        '<a href="https://example.org/x">Bericht</a></p><h2>Ergebnisse</h2><ul><li>A</li></ul>'
        "</body></html>",
    )
    write(
        folder / "ohne-datum.txt",
        "Elternbrief erschienen\n\nDer neue Elternbrief ist da.\n",
        mtime=datetime.datetime(2019, 5, 17, 12, 0),
    )
    write(folder / "presse.rss", RSS)
    write(folder / "heide.atom", ATOM)
    return folder


def test_import_reads_every_format_and_reports_one_line_per_item(archive):
    output = run(archive)
    lines = [line for line in output.splitlines() if line.startswith("[")]
    assert len(lines) == 7, output
    assert all(" imported " in line for line in lines), output
    assert "7 imported, 0 skipped, 0 failed (6 files)." in output

    text = NewsPage.objects.get(title="Netzwerktag im Heidekreis")
    assert text.live and text.date == datetime.date(2025, 12, 9)
    assert text.get_region().slug == "heidekreis"
    assert text.get_parent().pk == news_index("heidekreis").pk
    assert text.teaser.startswith("Am 09.12.2025 trafen sich 60 Fachkräfte")
    body = text.body.raw_data
    assert body[0]["type"] == "paragraph"
    assert "&lt;Zeichen&gt; &amp; mehr" in body[0]["value"]

    markdown = NewsPage.objects.get(title="Fachtag in Buchholz")
    assert markdown.date == datetime.date(2016, 11, 1)
    assert markdown.get_region().slug == "landkreis-harburg"
    kinds = [block["type"] for block in markdown.body.raw_data]
    assert kinds == ["paragraph", "heading", "paragraph"]
    rendered = str(markdown.body.raw_data)
    assert "<b>fett</b>" in rendered and 'href="https://example.org"' in rendered
    assert "date 2016-11" not in rendered  # a metadata line, not body text

    html = NewsPage.objects.get(title="Klausurtagung in Dessau")
    assert html.date == datetime.date(2024, 3, 3)
    assert html.get_region().slug == "wittenberg-dessau-rosslau"
    raw = str(html.body.raw_data)
    for unsafe in ("<script", "alert(1)", "javascript:", "onclick", "Menü"):
        assert unsafe not in raw, unsafe
    assert 'href="https://example.org/x"' in raw and "<b>Dessau-Roßlau</b>" in raw
    assert raw.count("Klausurtagung in Dessau") == 0  # the title is not repeated in the body

    undated = NewsPage.objects.get(title="Elternbrief erschienen")
    assert undated.date == datetime.date(2019, 5, 17)  # the file's date
    assert undated.get_parent().pk == network_index().pk  # no region named: the default

    feed_item = NewsPage.objects.get(title="Babylotsinnen im Landkreis Börde")
    assert feed_item.date == datetime.date(2024, 3, 5)
    assert feed_item.get_region().slug == "landkreis-boerde"
    assert "alert(1)" not in str(feed_item.body.raw_data)
    assert NewsPage.objects.get(title="Elterncafé öffnet").get_parent().pk == network_index().pk
    atom_item = NewsPage.objects.get(title="AG Mitte trifft sich")
    assert atom_item.get_region().slug == "heidekreis"
    assert atom_item.date == datetime.date(2025, 1, 10)
    # Imported items appear in the listings right away.
    assert atom_item in news_index("heidekreis").news_items()


def test_running_twice_adds_nothing(archive):
    run(archive)
    count = NewsPage.objects.count()
    second = run(archive)
    assert NewsPage.objects.count() == count
    assert "0 imported, 7 skipped, 0 failed" in second
    assert second.count("skipped ") == 7
    # The same file under another name or path is still the same press release.
    copy = archive.parent / "kopie"
    copy.mkdir()
    (copy / "anders.txt").write_bytes((archive / "netzwerktag.txt").read_bytes())
    third = run(copy)
    assert NewsPage.objects.count() == count
    assert "already imported" in third


def test_bad_files_are_reported_and_the_run_goes_on(tmp_path, demo):
    good = write(tmp_path / "gut.txt", "Gute Meldung aus dem Heidekreis\n\nText.\n")
    binary = write(tmp_path / "bild.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR binary")
    undecodable = write(tmp_path / "kaputt.txt", b"Titel\n\x81\x8d\x90\x9d\xff\xfe\x81\x81 Text")
    empty = write(tmp_path / "leer.md", "   \n\n \t\n")
    zero = write(tmp_path / "null.html", b"")
    broken_feed = write(tmp_path / "kaputt.rss", '<?xml version="1.0"?><rss><channel><item>')
    unsupported = write(tmp_path / "scan.pdf", b"%PDF-1.4")
    missing = tmp_path / "fehlt.txt"
    output = run(binary, undecodable, empty, zero, broken_feed, unsupported, missing, good)
    assert NewsPage.objects.filter(title="Gute Meldung aus dem Heidekreis", live=True).exists()
    failed = [line for line in output.splitlines() if "FAILED" in line]
    assert len(failed) == 7, output
    for path, reason in [
        (binary, "binary"),
        (undecodable, "decode"),
        (empty, "empty"),
        (zero, "empty"),
        (broken_feed, "feed"),
        (unsupported, "unsupported file type"),
        (missing, "not found"),
    ]:
        line = next(line for line in failed if str(path) in line)
        assert reason in line, line
    assert "1 imported, 0 skipped, 7 failed (8 files)." in output


def test_exit_status_is_an_error_only_when_every_file_failed(tmp_path, demo):
    binary = write(tmp_path / "a.txt", b"\x00\x01\x02")
    empty = write(tmp_path / "b.txt", "")
    with pytest.raises(CommandError, match="Nothing could be imported"):
        run(binary, empty)
    assert NewsPage.objects.filter(source_key__gt="").count() == 0


def test_windows_1252_files_are_read(tmp_path, demo):
    path = write(
        tmp_path / "alt.txt",
        "Umlaute aus Saarlouis\n\nIm Landkreis Saarlouis: äöüß – „Zitat“.\n".encode("cp1252"),
    )
    run(path)
    page = NewsPage.objects.get(title="Umlaute aus Saarlouis")
    assert "äöüß – „Zitat“" in str(page.body.raw_data)
    assert page.get_region().slug == "landkreis-saarlouis"


def test_region_option_overrides_the_text(tmp_path, demo):
    path = write(tmp_path / "x.txt", "Bericht aus dem Heidekreis\n\nam 01.02.2026 im Heidekreis\n")
    output = run(path, "--region", "landkreis-saarlouis")
    page = NewsPage.objects.get(title="Bericht aus dem Heidekreis")
    assert page.get_region().slug == "landkreis-saarlouis"
    assert "Landkreis Saarlouis" in output
    with pytest.raises(CommandError, match="Unknown region 'atlantis'"):
        run(path, "--region", "atlantis")


def test_several_regions_named_in_the_text(tmp_path, demo):
    path = write(
        tmp_path / "gemeinsam.txt",
        "Gemeinsamer Fachtag\n\nDer Heidekreis und der Landkreis Harburg luden ein. "
        "Im Heidekreis fand der Fachtag statt.\n",
    )
    run(path)
    page = NewsPage.objects.get(title="Gemeinsamer Fachtag")
    assert page.get_region().slug == "heidekreis"  # named most often
    assert [r.slug for r in page.extra_regions.all()] == ["landkreis-harburg"]
    listing = news_index("landkreis-harburg").news_items()
    assert page in listing


def test_dry_run_changes_nothing(archive):
    count = NewsPage.objects.count()
    output = run(archive, "--dry-run")
    assert NewsPage.objects.count() == count
    assert "would import" in output


def test_dates_written_in_the_text():
    from news.importer import find_date

    assert find_date("Pressemitteilung vom 09.12.2025") == datetime.date(2025, 12, 9)
    assert find_date("am 9.1.2024 in Winsen") == datetime.date(2024, 1, 9)
    assert find_date("date 2016-11") == datetime.date(2016, 11, 1)
    assert find_date("Stand: 2023-04-05") == datetime.date(2023, 4, 5)
    assert find_date("am 3. März 2024") == datetime.date(2024, 3, 3)
    assert find_date("31.02.2024 ist kein Datum, aber 01.03.2024") == datetime.date(2024, 3, 1)
    assert find_date("Telefon 03904 7240-000, PLZ 21423") is None
    assert find_date("") is None
