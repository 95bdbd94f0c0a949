"""Import of an existing press archive: plain-text, Markdown and HTML files, and RSS/Atom
feed files. Each item becomes a NewsPage, published or (for review) a draft. A stable source
key per item (a hash of the file's text, or of a feed entry's GUID) makes a second run add
nothing; one bad file is reported and skipped, never the end of the run.

What a press text says (headline, dateline, date, photo credit, quotations) is read by
`press_text`; this module reads the files, places the items and writes the pages. The report
(`ItemResult` per item, with a `FieldReport` per field saying whether it was found or
guessed) is what the command prints and what an admin preview can show as it is."""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone
from django.utils.html import escape
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext, gettext_lazy

from publishing.page_creation import create_page

from .blocks import RICH_TEXT_FEATURES
from .models import NewsIndexPage, NewsPage
from .press_text import (
    TITLE_MAX_LENGTH,
    PressRelease,
    find_date,
    read_press_release,
    remove_page_furniture,
    teaser,
)

__all__ = ["FieldReport", "ImportReport", "ItemResult", "NewsImporter", "find_date"]

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = {".rss", ".atom", ".xml", ".feed"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES

MAX_FILE_BYTES = 20 * 1024 * 1024
HEADING_TAGS = ("h2", "h3", "h4")

# Characters a German press text in Windows-1252 consists of. A file that decodes as
# Windows-1252 but is mostly something else is binary or in an unknown encoding.
_PLAUSIBLE_TEXT = re.compile(r"[\w\s.,;:!?\"'()\[\]/&%€§+*=#@<>„“”‚‘’–—…·°|-]")


class ImportFileError(Exception):
    """A file (or a feed entry) that cannot be imported; the message says why."""

    def __init__(self, message: str, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source


# --- The report ------------------------------------------------------------------------------

# Where a value came from. A value read from the item itself is "found"; one derived from
# something else (the first sentence, the file's date, the default listing) is "guessed",
# and an editor should check it.
SOURCES = {
    "headline": (True, gettext_lazy("headline")),
    "page_title": (True, gettext_lazy("page title")),
    "feed": (True, gettext_lazy("feed")),
    "feed_summary": (True, gettext_lazy("feed summary")),
    "page_metadata": (True, gettext_lazy("page metadata")),
    "dateline": (True, gettext_lazy("sender line")),
    "date_marker": (True, gettext_lazy("date line")),
    "text_start": (True, gettext_lazy("start of the text")),
    "credit_line": (True, ""),
    "region_option": (True, "--region"),
    "sender": (True, gettext_lazy("sender")),
    "first_sentence": (False, gettext_lazy("first sentence")),
    "first_paragraph": (False, gettext_lazy("first paragraph")),
    "text": (False, gettext_lazy("later in the text")),
    "file_date": (False, gettext_lazy("file date")),
    "named_in_text": (False, gettext_lazy("named in the text")),
    "default_listing": (False, gettext_lazy("none named: network-wide news")),
}


@dataclass(frozen=True)
class FieldReport:
    """How the importer came by one field of an item. `field` is a NewsPage field name, or
    "author" (the dateline's sender) or "region"; `value` is what it holds."""

    field: str
    source: str
    value: str = ""

    @property
    def found(self) -> bool:
        return SOURCES[self.source][0]

    @property
    def label(self) -> str:
        if self.field == "author":
            return gettext("Sender")
        if self.field == "region":
            return gettext("Region")
        return capfirst(NewsPage._meta.get_field(self.field).verbose_name)

    def __str__(self) -> str:
        origin = gettext("found") if self.found else gettext("guessed")
        where = SOURCES[self.source][1]
        return f"{self.label}: {origin}" + (f" ({where})" if where else "")


@dataclass
class ImportItem:
    title: str
    date: datetime.date
    body: list[tuple[str, object]]
    teaser: str
    source_key: str
    source: str
    text: str = ""
    author: str = ""
    credit: str = ""
    fields: list[FieldReport] = field(default_factory=list)
    quotes: int = 0
    removed: list[str] = field(default_factory=list)


STATUS_LABEL = {"imported": "imported", "skipped": "skipped ", "failed": "FAILED  "}


@dataclass
class ItemResult:
    """One item of the run, as the command prints it and an admin preview lists it."""

    status: str  # "imported" | "skipped" | "failed"
    source: str
    message: str
    page: NewsPage | None = None
    title: str = ""
    date: datetime.date | None = None
    region: str = ""
    draft: bool = False
    fields: list[FieldReport] = field(default_factory=list)
    quotes: int = 0
    # Web-page leftovers taken out of the text (comment forms, share buttons, file names).
    removed: list[str] = field(default_factory=list)

    def line(self, number: int) -> str:
        """The command's report line: "[3] imported  archiv/a.txt: 'Titel' (…) – Titel: …"."""
        line = f"[{number}] {STATUS_LABEL[self.status]} {self.source}: {self.message}"
        details = self.details()
        return f"{line} – {details}" if details else line

    def details(self) -> str:
        """ "Titel: gefunden (Überschrift); Datum: geraten (Dateidatum); …" """
        parts = [str(report) for report in self.fields]
        if self.quotes:
            parts.append(gettext("Quotes: %(count)d") % {"count": self.quotes})
        if self.removed:
            parts.append(
                gettext("Web-page leftovers removed: %(count)d") % {"count": len(self.removed)}
            )
        return "; ".join(parts)


@dataclass
class ImportReport:
    results: list[ItemResult] = field(default_factory=list)
    failed_files: list[str] = field(default_factory=list)
    files: int = 0

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    def summary(self, *, dry_run: bool = False, publish: bool = True) -> str:
        return (
            f"{self.count('imported')} imported, {self.count('skipped')} skipped, "
            f"{self.count('failed')} failed ({self.files} files"
            f"{', dry run' if dry_run else ''}{'' if publish else ', as drafts'})."
        )

    @property
    def all_failed(self) -> bool:
        return self.files > 0 and len(self.failed_files) == self.files


# --- Reading -------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 when that yields plausible text."""
    if b"\x00" in data[:8192]:
        raise ImportFileError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"cannot decode the file: neither UTF-8 nor Windows-1252 ({error.reason})"
        ) from None
    sample = text[:20000]
    plausible = len(_PLAUSIBLE_TEXT.findall(sample))
    if not sample or plausible / len(sample) < 0.95:
        raise ImportFileError("cannot decode the file: neither UTF-8 nor plausible Windows-1252")
    return text


def text_to_html(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(
        "<p>" + "<br/>".join(escape(line.strip()) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )


def markdown_to_html(text: str) -> str:
    from wagtail.admin.rich_text.converters.markdown_db import MarkdownConverter

    try:
        converter = MarkdownConverter([*RICH_TEXT_FEATURES, *HEADING_TAGS])
        return converter.to_database_format(text)
    except Exception:  # noqa: BLE001 - malformed Markdown still imports as plain text
        return text_to_html(text)


def _plain(html_or_text: str) -> str:
    from bs4 import BeautifulSoup

    text = BeautifulSoup(html_or_text, "html.parser").get_text(" ")
    return re.sub(r"\s+", " ", text).strip()


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _file_date(path: Path) -> datetime.date:
    stamp = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
    return timezone.localtime(stamp).date()


_PUBLISHED_META = [
    {"property": "article:published_time"},
    {"name": "date"},
    {"name": "DC.date"},
    {"name": "dcterms.created"},
]


def read_html_page(text: str) -> tuple[PressRelease, datetime.date | None]:
    """A saved web page: the headline is its <h1>, else its <title>; a publication date in
    its metadata counts as found."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    published = None
    for attributes in _PUBLISHED_META:
        meta = soup.find("meta", attrs=attributes)
        if meta and meta.get("content"):
            published = find_date(meta["content"])
            if published:
                break
    remove_page_furniture(soup)
    title, source = "", ""
    heading = soup.find("h1")
    if heading is not None and heading.get_text(strip=True):
        title, source = heading.get_text(" ", strip=True), "headline"
        heading.decompose()
    elif soup.title is not None and soup.title.get_text(strip=True):
        # "Familienhebammen stellen sich vor | Landkreis Harburg": the site's name goes.
        title, source = soup.title.get_text(" ", strip=True).split(" | ")[0], "page_title"
    for tag in soup(["head", "title", "meta", "link"]):
        tag.decompose()
    root = soup.body or soup
    return read_press_release(root.decode_contents(), title=title, title_source=source), published


def _item_from(
    release: PressRelease,
    *,
    source_key: str,
    source: str,
    fallback_date: Callable[[], datetime.date],
    date: datetime.date | None = None,
    date_source: str = "",
    summary: str = "",
) -> ImportItem:
    """An ImportItem from what the text says; `date` (with `date_source`) and `summary` are
    what the container (a feed entry, a page's metadata) says, which wins."""
    if not release.title:
        raise ImportFileError("empty file (no text)", source=source)
    if date is None and release.date is not None:
        date, date_source = release.date, release.date_source
    if date is None:
        date = find_date(release.text)
        date_source = "text"
    if date is None:
        date, date_source = fallback_date(), "file_date"
    fields = [FieldReport("title", release.title_source, release.title)]
    fields.append(FieldReport("date", date_source, date.isoformat()))
    text_teaser, teaser_source = release.teaser, release.teaser_source
    if summary:
        text_teaser, teaser_source = teaser(summary), "feed_summary"
    if text_teaser:
        fields.append(FieldReport("teaser", teaser_source, text_teaser))
    if release.credit:
        fields.append(FieldReport("image_credit", "credit_line", release.credit))
    if release.author:
        fields.append(FieldReport("author", "dateline", release.author))
    return ImportItem(
        title=release.title[:TITLE_MAX_LENGTH],
        date=date,
        body=release.body(),
        teaser=text_teaser,
        source_key=source_key,
        source=source,
        text=release.text,
        author=release.author,
        credit=release.credit,
        fields=fields,
        quotes=release.quotes,
        removed=release.removed,
    )


def read_document(path: Path, data: bytes) -> ImportItem:
    """A text, Markdown or HTML file as one news item."""
    text = decode(data)
    suffix = path.suffix.lower()
    published = None
    if suffix in HTML_SUFFIXES:
        release, published = read_html_page(text)
    elif suffix in MARKDOWN_SUFFIXES:
        release = read_press_release(markdown_to_html(text))
    else:
        release = read_press_release(text_to_html(text))
    normalized = re.sub(r"\s+", " ", text).strip()
    return _item_from(
        release,
        source_key=_key("file", normalized),
        source=str(path),
        fallback_date=lambda: _file_date(path),
        date=published,
        date_source="page_metadata" if published else "",
    )


def looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)


def read_feed(path: Path, data: bytes) -> Iterator[ImportItem | ImportFileError]:
    """Each entry of an RSS or Atom file as a news item; a broken entry yields its error."""
    import feedparser

    if b"\x00" in data[:8192]:
        raise ImportFileError("binary file (contains NUL bytes)")
    parsed = feedparser.parse(data)
    reason = getattr(parsed, "bozo_exception", None) if parsed.bozo else None
    detail = f" ({reason})" if reason else ""
    if not any(entry.get("title") for entry in parsed.entries):
        # feedparser reads broken XML leniently; without one titled entry it is no feed.
        what = "not a readable RSS/Atom feed" if parsed.bozo else "RSS/Atom feed without entries"
        raise ImportFileError(what + detail)
    for number, entry in enumerate(parsed.entries, start=1):
        source = f"{path} #{number}"
        title = _plain(entry.get("title", ""))
        if not title:
            yield ImportFileError("entry without a title", source=source)
            continue
        content = entry.get("content") or []
        html = content[0].get("value", "") if content else ""
        summary = entry.get("summary", "")
        # A summary beside the content is the teaser; alone it is the text.
        separate_summary = (
            _plain(summary) if html and summary and _plain(summary) != _plain(html) else ""
        )
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        guid = entry.get("id") or entry.get("link") or _key(title, html or summary)
        try:
            yield _item_from(
                read_press_release(html or summary, title=title, title_source="feed"),
                source_key=_key("feed", guid),
                source=source,
                fallback_date=lambda: _file_date(path),
                date=datetime.date(*stamp[:3]) if stamp else None,
                date_source="feed",
                summary=separate_summary,
            )
        except ImportFileError as error:
            yield error


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The given files, and the supported files inside given folders (sorted)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield child
        else:
            yield path


# --- Regions and placement -------------------------------------------------------------------


def region_names(region) -> list[str]:
    """The names a text may use for a region: its title, its official name, and the parts of
    a joint official name ("Landkreis Wittenberg und Stadt Dessau-Roßlau")."""
    names = {region.title.strip(), (region.official_name or "").strip()}
    for name in list(names):
        names.update(part.strip() for part in re.split(r"\s+und\s+", name))
    return sorted((n for n in names if len(n) >= 4), key=len, reverse=True)


def regions_named_in(text: str, regions: Iterable) -> list:
    """Regions named in the text, the most often (then the earliest) named first."""
    found = []
    for region in regions:
        positions = []
        for name in region_names(region):
            pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", re.IGNORECASE)
            positions += [m.start() for m in pattern.finditer(text)]
        if positions:
            found.append((-len(positions), min(positions), region))
    return [region for *_ignored, region in sorted(found, key=lambda f: (f[0], f[1]))]


def news_index_for(region) -> NewsIndexPage | None:
    return NewsIndexPage.objects.descendant_of(region).order_by("depth", "path").specific().first()


def default_news_index() -> NewsIndexPage | None:
    """The network-wide listing (/aktuelles/), else the topmost news listing."""
    return (
        NewsIndexPage.objects.order_by("-include_all_regions", "depth", "path").specific().first()
    )


GERMAN_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def unique_slug(parent: NewsIndexPage, title: str) -> str:
    base = slugify(title.lower().translate(GERMAN_TRANSLITERATION))[:70].strip("-") or "meldung"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


# --- The run -----------------------------------------------------------------------------------


class NewsImporter:
    """One import run. `publish=False` (the default, as in the admin) saves every item as a
    draft for an editor to review; the command publishes unless told `--draft`."""

    def __init__(
        self,
        region=None,
        dry_run: bool = False,
        report: Callable[[ItemResult], None] | None = None,
        *,
        publish: bool = False,
    ) -> None:
        from home.models import RegionPage

        self.fixed_region = region
        self.dry_run = dry_run
        self.publish = publish
        self.report_line = report or (lambda result: None)
        self.regions = list(RegionPage.objects.live().specific())
        self.default_index = default_news_index()
        self.report = ImportReport()

    def place(self, item: ImportItem) -> tuple[NewsIndexPage | None, list, str]:
        """The listing an item goes to, the further regions it names, and why (a source of
        the report): the given region, the region that sent it (its dateline), the region
        its text names most often, else the network-wide listing."""
        if self.fixed_region is not None:
            return news_index_for(self.fixed_region), [], "region_option"
        named = regions_named_in(item.text or item.title, self.regions)
        senders = regions_named_in(item.author, self.regions) if item.author else []
        for region in senders:
            index = news_index_for(region)
            if index is not None:
                return index, [r for r in named if r.pk != region.pk], "sender"
        for position, region in enumerate(named):
            index = news_index_for(region)
            if index is not None:
                return index, named[:position] + named[position + 1 :], "named_in_text"
        return self.default_index, [], "default_listing"

    def import_item(self, item: ImportItem) -> ItemResult:
        def result(status: str, message: str, **facts) -> ItemResult:
            return ItemResult(
                status,
                item.source,
                message,
                title=item.title,
                date=item.date,
                draft=not self.publish,
                fields=item.fields,
                quotes=item.quotes,
                removed=item.removed,
                **facts,
            )

        existing = NewsPage.objects.filter(source_key=item.source_key).first()
        if existing is not None:
            draft = "" if existing.live else " (draft)"
            return result("skipped", f"already imported: {existing.title!r}{draft}", page=existing)
        index, further, placed_by = self.place(item)
        if index is None:
            return result("failed", "no news listing to import into")
        same = NewsPage.objects.child_of(index).filter(title=item.title, date=item.date).first()
        if same is not None:
            return result("skipped", f"already present: {same.title!r}", page=same)
        region = index.get_region()
        where = region.title if region else index.title
        item.fields = [*item.fields, FieldReport("region", placed_by, where)]
        dated = item.date.isoformat() + (" (file date)" if self._guessed_date(item) else "")
        state = "" if self.publish else ", draft"
        if self.dry_run:
            return result(
                "imported", f"would import {item.title!r} ({dated}, {where}{state})", region=where
            )
        page = NewsPage(
            title=item.title,
            slug=unique_slug(index, item.title),
            date=item.date,
            teaser=item.teaser,
            body=item.body,
            image_credit=item.credit,
            source_key=item.source_key,
            extra_regions=further,
        )
        if self.publish:
            # The archive's date, not the import's, is when the item first appeared.
            page.first_published_at = timezone.make_aware(
                datetime.datetime.combine(item.date, datetime.time(9))
            )
        create_page(index, page, publish=self.publish)
        return result(
            "imported", f"{item.title!r} ({dated}, {where}{state})", page=page, region=where
        )

    @staticmethod
    def _guessed_date(item: ImportItem) -> bool:
        return any(f.field == "date" and f.source == "file_date" for f in item.fields)

    def _record(self, result: ItemResult) -> None:
        self.report.results.append(result)
        self.report_line(result)

    def import_path(self, path: Path) -> None:
        self.report.files += 1
        try:
            if not path.exists():
                raise ImportFileError("file not found")
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ImportFileError(f"file larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            data = path.read_bytes()
            if not data.strip():
                raise ImportFileError("empty file")
            suffix = path.suffix.lower()
            if suffix in FEED_SUFFIXES or (
                suffix not in SUPPORTED_SUFFIXES and looks_like_feed(data)
            ):
                items: Iterable[ImportItem | ImportFileError] = list(read_feed(path, data))
            elif suffix in SUPPORTED_SUFFIXES:
                items = [read_document(path, data)]
            else:
                raise ImportFileError(
                    f"unsupported file type {path.suffix or '(none)'}: use .txt, .md, .html "
                    "or an RSS/Atom feed"
                )
        except (ImportFileError, OSError) as error:
            self.report.failed_files.append(str(path))
            self._record(ItemResult("failed", str(path), str(error)))
            return
        ok = 0
        for item in items:
            if isinstance(item, ImportFileError):
                self._record(ItemResult("failed", item.source or str(path), str(item)))
                continue
            try:
                result = self.import_item(item)
            except Exception as error:  # noqa: BLE001 - one broken item must not end the run
                result = ItemResult("failed", item.source, f"{type(error).__name__}: {error}")
            ok += result.status != "failed"
            self._record(result)
        if ok == 0:
            self.report.failed_files.append(str(path))

    def run(self, paths: Iterable[Path]) -> ImportReport:
        for path in iter_files(paths):
            self.import_path(path)
        return self.report
