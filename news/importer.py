"""Import of an existing press archive: plain-text, Markdown and HTML files, and RSS/Atom
feed files. Each item becomes a published NewsPage. A stable source key per item (a hash of
the file's text, or of a feed entry's GUID) makes a second run add nothing; one bad file is
reported and skipped, never the end of the run."""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

from publishing.page_creation import create_page

from .blocks import RICH_TEXT_FEATURES
from .models import NewsIndexPage, NewsPage

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = {".rss", ".atom", ".xml", ".feed"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES

MAX_FILE_BYTES = 20 * 1024 * 1024
TITLE_MAX_LENGTH = 255
TEASER_MAX_LENGTH = 500
HEADING_TAGS = ("h2", "h3", "h4")

MONTHS_DE = {
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "märz": 3,
    "maerz": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "dezember": 12,
}
_DAY_MONTH_YEAR = re.compile(r"(?<!\d)(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)")
_DAY_MONTHNAME_YEAR = re.compile(
    r"(?<!\d)(\d{1,2})\.\s*(" + "|".join(MONTHS_DE) + r")\s+(\d{4})(?!\d)", re.IGNORECASE
)
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?![\d-])")
DATE_PATTERNS = (_DAY_MONTH_YEAR, _DAY_MONTHNAME_YEAR, _ISO_DATE)
MIN_YEAR, MAX_YEAR = 1950, 2100

# Characters a German press text in Windows-1252 consists of. A file that decodes as
# Windows-1252 but is mostly something else is binary or in an unknown encoding.
_PLAUSIBLE_TEXT = re.compile(r"[\w\s.,;:!?\"'()\[\]/&%€§+*=#@<>„“”‚‘’–—…·°|-]")


class ImportFileError(Exception):
    """A file (or a feed entry) that cannot be imported; the message says why."""

    def __init__(self, message: str, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source


@dataclass
class ImportItem:
    title: str
    date: datetime.date
    body: list[tuple[str, object]]
    teaser: str
    source_key: str
    source: str
    text: str = ""
    date_from_text: bool = True


@dataclass
class ItemResult:
    status: str  # "imported" | "skipped" | "failed"
    source: str
    message: str
    page: NewsPage | None = None


@dataclass
class ImportReport:
    results: list[ItemResult] = field(default_factory=list)
    failed_files: list[str] = field(default_factory=list)
    files: int = 0

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

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


def find_date(text: str) -> datetime.date | None:
    """The first valid date written in the text: "am 09.12.2025", "9. Dezember 2025",
    "2025-12-09" or "date 2016-11" (a month alone means its first day)."""
    candidates: list[tuple[int, datetime.date]] = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            try:
                if pattern is _DAY_MONTH_YEAR:
                    day, month, year = (int(g) for g in match.groups())
                elif pattern is _DAY_MONTHNAME_YEAR:
                    day, year = int(match.group(1)), int(match.group(3))
                    month = MONTHS_DE[match.group(2).lower()]
                else:
                    year, month = int(match.group(1)), int(match.group(2))
                    day = int(match.group(3) or 1)
                if not MIN_YEAR <= year <= MAX_YEAR:
                    continue
                candidates.append((match.start(), datetime.date(year, month, day)))
                break  # the first valid match of this pattern is enough
            except ValueError:
                continue
    if not candidates:
        return None
    return min(candidates)[1]


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def _split_title(lines: list[str], strip: Callable[[str], str] = str.strip) -> tuple[str, str]:
    for number, line in enumerate(lines):
        title = strip(line)
        if title:
            return title[:TITLE_MAX_LENGTH], "\n".join(lines[number + 1 :])
    raise ImportFileError("empty file (no text)")


_converter = EditorHTMLConverter(features=[*RICH_TEXT_FEATURES, *HEADING_TAGS])


BLOCK_TAGS = {"p", "ul", "ol", *HEADING_TAGS, "h1"}


def html_to_blocks(html: str) -> list[tuple[str, object]]:
    """Sanitise HTML to the body's rich text and split it into paragraph and heading blocks."""
    from bs4 import BeautifulSoup

    cleaned = _converter.to_database_format(html)
    soup = BeautifulSoup(cleaned, "html.parser")
    blocks: list[tuple[str, object]] = []
    pending: list[str] = []
    inline: list[str] = []

    def end_inline() -> None:
        # Text and inline markup outside any paragraph (left over from <div>s) get one.
        content = "".join(inline).strip()
        if content:
            pending.append(f"<p>{content}</p>")
        inline.clear()

    def flush() -> None:
        end_inline()
        rich = "".join(pending).strip()
        if rich:
            blocks.append(("paragraph", rich))
        pending.clear()

    for node in soup.contents:
        name = getattr(node, "name", None)
        if name in HEADING_TAGS or name == "h1":
            flush()
            text = node.get_text(" ", strip=True)
            if text:
                level = name if name in HEADING_TAGS else "h2"
                blocks.append(("heading", {"text": text[:255], "level": level}))
        elif name in BLOCK_TAGS:
            end_inline()
            if node.get_text(strip=True):
                pending.append(str(node))
        elif name is None:
            inline.append(escape(str(node)))
        else:
            inline.append(str(node))
    flush()
    return blocks


def first_paragraph_text(blocks: list[tuple[str, object]]) -> str:
    from bs4 import BeautifulSoup

    for kind, value in blocks:
        if kind == "paragraph":
            first = BeautifulSoup(str(value), "html.parser").find(["p", "li"])
            text = first.get_text(" ", strip=True) if first else _plain(str(value))
            if text:
                return text
    return ""


# A metadata line of an archive file ("date 2016-11", "Datum: 09.12.2025") is not body text.
_META_DATE_LINE = re.compile(r"^\s*(?:date|datum|stand)\s*:?\s*[\d.\-/ ]+\s*$", re.IGNORECASE)


def without_metadata_lines(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if not _META_DATE_LINE.match(line))


def text_to_html(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(
        "<p>" + "<br/>".join(escape(line.strip()) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )


def markdown_to_html(text: str) -> str:
    from wagtail.admin.rich_text.converters.markdown_db import MarkdownConverter

    try:
        return MarkdownConverter([*RICH_TEXT_FEATURES, *HEADING_TAGS]).to_database_format(text)
    except Exception:  # noqa: BLE001 - malformed Markdown still imports as plain text
        return text_to_html(text)


def _plain(html_or_text: str) -> str:
    from bs4 import BeautifulSoup

    text = BeautifulSoup(html_or_text, "html.parser").get_text(" ")
    return re.sub(r"\s+", " ", text).strip()


def _teaser(text: str) -> str:
    text = _plain(text)
    if len(text) <= TEASER_MAX_LENGTH:
        return text
    cut = text.rfind(" ", 0, TEASER_MAX_LENGTH - 2)
    return text[: cut if cut > 0 else TEASER_MAX_LENGTH - 2] + " …"


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _file_date(path: Path) -> datetime.date:
    stamp = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
    return timezone.localtime(stamp).date()


def read_document(path: Path, data: bytes) -> ImportItem:
    """A text, Markdown or HTML file as one news item."""
    text = decode(data)
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(text, "html.parser")
        for tag in soup(["script", "style", "noscript", "template", "nav", "header", "footer"]):
            tag.decompose()
        plain = soup.get_text("\n")
        title, _rest = _split_title(_lines(plain))
        for tag in soup(["head", "title", "meta", "link"]):
            tag.decompose()
        root = soup.body or soup
        # The element holding the title is not repeated in the body.
        for element in root.find_all(["h1", "h2", "p", "div"], limit=20):
            if element.get_text(" ", strip=True) == title and not element.find(["p", "div"]):
                element.decompose()
                break
        body_html = root.decode_contents()
        searchable = plain
    else:
        strip = (lambda s: s.strip().lstrip("#").strip()) if suffix in MARKDOWN_SUFFIXES else None
        title, rest = _split_title(_lines(text), strip or str.strip)
        rest = without_metadata_lines(rest)
        body_html = markdown_to_html(rest) if suffix in MARKDOWN_SUFFIXES else text_to_html(rest)
        searchable = text
    if not title.strip():
        raise ImportFileError("empty file (no title)")
    found = find_date(searchable)
    body = html_to_blocks(body_html)
    normalized = re.sub(r"\s+", " ", text).strip()
    return ImportItem(
        title=title,
        date=found or _file_date(path),
        date_from_text=found is not None,
        body=body,
        teaser=_teaser(first_paragraph_text(body) or body_html),
        source_key=_key("file", normalized),
        source=str(path),
        text=searchable,
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
        title = _plain(entry.get("title", ""))[:TITLE_MAX_LENGTH]
        if not title:
            yield ImportFileError("entry without a title", source=source)
            continue
        content = entry.get("content") or []
        html = content[0].get("value", "") if content else ""
        summary = entry.get("summary", "")
        html = html or summary
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        date = datetime.date(*stamp[:3]) if stamp else None
        date_from_text = date is not None
        if date is None:
            date = find_date(_plain(html)) or _file_date(path)
        guid = entry.get("id") or entry.get("link") or _key(title, html)
        yield ImportItem(
            title=title,
            date=date,
            date_from_text=date_from_text,
            body=html_to_blocks(html),
            teaser=_teaser(summary or html),
            source_key=_key("feed", guid),
            source=source,
            text=f"{title}\n{_plain(html)}",
        )


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
    def __init__(
        self,
        region=None,
        dry_run: bool = False,
        report: Callable[[ItemResult], None] | None = None,
    ) -> None:
        from home.models import RegionPage

        self.fixed_region = region
        self.dry_run = dry_run
        self.report_line = report or (lambda result: None)
        self.regions = list(RegionPage.objects.live().specific())
        self.default_index = default_news_index()
        self.report = ImportReport()

    def place(self, item: ImportItem) -> tuple[NewsIndexPage | None, list]:
        if self.fixed_region is not None:
            return news_index_for(self.fixed_region), []
        named = regions_named_in(item.text or item.title, self.regions)
        for position, region in enumerate(named):
            index = news_index_for(region)
            if index is not None:
                return index, named[:position] + named[position + 1 :]
        return self.default_index, []

    def import_item(self, item: ImportItem) -> ItemResult:
        existing = NewsPage.objects.filter(source_key=item.source_key).first()
        if existing is not None:
            return ItemResult("skipped", item.source, f"already imported: {existing.title!r}")
        index, further = self.place(item)
        if index is None:
            return ItemResult("failed", item.source, "no news listing to import into")
        same = NewsPage.objects.child_of(index).filter(title=item.title, date=item.date).first()
        if same is not None:
            return ItemResult("skipped", item.source, f"already present: {same.title!r}")
        region = index.get_region()
        where = region.title if region else index.title
        dated = item.date.isoformat() + ("" if item.date_from_text else " (file date)")
        if self.dry_run:
            return ItemResult(
                "imported", item.source, f"would import {item.title!r} ({dated}, {where})"
            )
        page = NewsPage(
            title=item.title,
            slug=unique_slug(index, item.title),
            date=item.date,
            teaser=item.teaser,
            body=item.body,
            source_key=item.source_key,
            extra_regions=further,
            # The archive's date, not the import's, is when the item first appeared.
            first_published_at=timezone.make_aware(
                datetime.datetime.combine(item.date, datetime.time(9))
            ),
        )
        create_page(index, page, publish=True)
        return ItemResult("imported", item.source, f"{item.title!r} ({dated}, {where})", page)

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
