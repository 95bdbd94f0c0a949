"""Reading a press release out of an archived text or web page.

County press archives are saved web pages, copied texts and feed entries. What makes them
press releases is in the words, not in the markup: a headline (or none, then the first
sentence has to do), a dateline ("von Landkreis Harburg am 14.05.2025", often glued to the
first sentence), a photo credit ("Foto: Landkreis Harburg - Erika Muster"), quotations with
the speaker ("„…“, sagt Landrat Rainer Rempe."), and around it what the web page added:
comment forms, share buttons, cookie notices, image file names.

Every format is turned into HTML first and flattened into `Unit`s (one paragraph, heading or
list each), so text, Markdown, HTML and feed entries get the same treatment. The result is a
`PressRelease` that says, for each field, where it came from (`*_source`), so the import
report can tell an editor what was found and what was guessed.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction

from .blocks import RICH_TEXT_FEATURES

TITLE_MAX_LENGTH = 255
SHORT_TITLE_LENGTH = 120
TEASER_MAX_LENGTH = 500
CREDIT_MAX_LENGTH = 200
# A headline line is short; a longer first line is the first paragraph.
HEADLINE_MAX_LENGTH = 150
# Dates in these first paragraphs (after the headline) are the item's date; dates further
# down are usually the dates of what the text announces.
DATE_PARAGRAPHS = 3

# --- Dates ----------------------------------------------------------------------------------

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
_MONTH = "(?i:" + "|".join(sorted(MONTHS_DE, key=len, reverse=True)) + ")"
_DAY_MONTH_YEAR = re.compile(r"(?<!\d)(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)")
_DAY_MONTHNAME_YEAR = re.compile(rf"(?<!\d)(\d{{1,2}})\.\s*({_MONTH})\s+(\d{{4}})(?!\d)", re.I)
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?![\d-])")
# "vom 3. bis 5. März 2025", "03.03. – 05.03.2025": the start lacks month or year.
_DATE_RANGE = re.compile(
    rf"(?<![\d.])(\d{{1,2}})\.(?:\s?(\d{{1,2}})\.)?\s*(?:bis|–|-)\s*\d{{1,2}}\.\s?"
    rf"(?:(\d{{1,2}})\.\s?|({_MONTH})\s+)(\d{{4}})(?!\d)",
    re.I,
)
DATE_PATTERNS = (_DAY_MONTH_YEAR, _DAY_MONTHNAME_YEAR, _ISO_DATE, _DATE_RANGE)
MIN_YEAR, MAX_YEAR = 1950, 2100
# A date as datelines and date markers write it (no range, no bare month).
_DATE = rf"(?:\d{{1,2}}\.\s?\d{{1,2}}\.\s?\d{{4}}|\d{{1,2}}\.\s*{_MONTH}\s+\d{{4}})(?!\d)"
_ISO = r"\d{4}-\d{1,2}(?:-\d{1,2})?(?![\d-])"


def _date_of(pattern: re.Pattern, match: re.Match) -> datetime.date:
    if pattern is _DAY_MONTH_YEAR:
        day, month, year = (int(g) for g in match.groups())
    elif pattern is _DAY_MONTHNAME_YEAR:
        day, year = int(match.group(1)), int(match.group(3))
        month = MONTHS_DE[match.group(2).lower()]
    elif pattern is _ISO_DATE:
        year, month = int(match.group(1)), int(match.group(2))
        day = int(match.group(3) or 1)
    else:
        end_month = int(match.group(3)) if match.group(3) else MONTHS_DE[match.group(4).lower()]
        day, year = int(match.group(1)), int(match.group(5))
        month = int(match.group(2)) if match.group(2) else end_month
        if month > end_month:  # "30.12. bis 02.01.2026" starts in the year before
            year -= 1
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(year)
    return datetime.date(year, month, day)


def find_date(text: str) -> datetime.date | None:
    """The first valid date written in the text: "am 09.12.2025", "9. Dezember 2025",
    "2025-12-09", "date 2016-11" (a month alone means its first day), or the start of a
    range ("vom 03.03.2025 bis 05.03.2025", "3. bis 5. März 2025")."""
    candidates: list[tuple[int, datetime.date]] = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            try:
                candidates.append((match.start(), _date_of(pattern, match)))
            except (ValueError, KeyError):
                continue
            break  # the first valid match of this pattern is enough
    return min(candidates)[1] if candidates else None


# --- Sentences and titles -------------------------------------------------------------------

# Words after which a period does not end a sentence.
_ABBREVIATIONS = set(
    (
        "a abs b bspw bzw ca d dr evtl geb ggf h hr hrn inkl jh nr o prof s sog st str "
        "tel u usw v vgl z"
    ).split()
)
_SENTENCE_END = re.compile(r"[.!?…][“”\"«»‘’)]*(?=\s+[„\"»(]?[A-ZÄÖÜ0-9])")


def sentence_end(text: str, start: int = 0) -> int:
    """Where the sentence beginning at `start` ends (the whole text when it does not)."""
    for match in _SENTENCE_END.finditer(text, start):
        before = text[start : match.start()]
        if before.count("„") > before.count("“") or before.count('"') % 2:
            continue  # inside a quotation
        if text[match.start()] == ".":
            word = re.search(r"(\S*)$", before).group(1).lower()
            if word.isdigit() or word.split(".")[-1] in _ABBREVIATIONS or len(word) == 1:
                continue  # "14. Mai", "Dr. Muster", "z. B."
        return match.end()
    return len(text)


def first_sentence(text: str) -> str:
    text = _squeeze(text)
    return text[: sentence_end(text)].strip()


_TRAILING_JUNK = " \t,;:–—-/(„“”\"'‚‘’»«·|"


def short_title(sentence: str, limit: int = SHORT_TITLE_LENGTH) -> str:
    """A title from a sentence: at most `limit` characters, cut at a word boundary (marked
    with " …"), without a final period or dangling punctuation."""
    text = _squeeze(sentence).rstrip(_TRAILING_JUNK + ".")
    if _balanced(text) and len(text) <= limit:
        return text
    cut = text[: limit - 2]
    if len(text) > limit - 2 and not text[limit - 2].isspace():
        cut = cut.rsplit(" ", 1)[0]
    cut = cut.rstrip(_TRAILING_JUNK + ".")
    # A quotation or parenthesis opened in the cut-off part is dropped from there on.
    while not _balanced(cut):
        opened = max(cut.rfind("„"), cut.rfind("("))
        cut = cut[:opened].rstrip(_TRAILING_JUNK + ".") if opened > 0 else cut.strip("„(")
    return f"{cut} …" if cut != text else cut


def _balanced(text: str) -> bool:
    return text.count("„") <= text.count("“") and text.count("(") <= text.count(")")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def teaser(text: str) -> str:
    text = _squeeze(text)
    if len(text) <= TEASER_MAX_LENGTH:
        return text
    cut = text.rfind(" ", 0, TEASER_MAX_LENGTH - 2)
    return text[: cut if cut > 0 else TEASER_MAX_LENGTH - 2] + " …"


# --- Units: the flattened document ------------------------------------------------------------


@dataclass
class Unit:
    """One paragraph ("p", its lines as sanitised inline HTML), heading, list (sanitised
    HTML) or quotation of the document."""

    kind: str
    lines: list[str]
    level: str = "h2"
    speaker: str = ""
    role: str = ""

    @property
    def text(self) -> str:
        if self.kind in ("heading", "quote"):
            return self.lines[0]
        if self.kind == "list":
            return _squeeze(BeautifulSoup(self.lines[0], "html.parser").get_text(" "))
        return " ".join(_plain(line) for line in self.lines).strip()


HEADING_LEVELS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
_BLOCK_TAGS = {
    *HEADING_LEVELS,
    *(
        "address article aside blockquote body caption center dd details dialog div dl dt "
        "fieldset figcaption figure footer form header hgroup html li main nav ol p pre "
        "section summary table tbody td tfoot th thead tr ul"
    ).split(),
}
# Elements that never hold the press text.
_JUNK_TAGS = (
    "script style noscript template nav form button iframe svg select textarea input object embed"
).split()
# Page parts named by their class or id: consent banners, share bars, comment sections.
_JUNK_NAME_PARTS = re.compile(
    r"^(?:cookies?|cookiebanner|consent|share|sharing|shariff|social|comments?|kommentare?|"
    r"breadcrumbs?|pagination)$",
    re.I,
)
# "has-comments" describes the element, it is not the comment box.
_MODIFIER_PREFIXES = {"has", "with", "no", "is", "show", "enable", "enabled"}
_SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
_converter = EditorHTMLConverter(features=[*RICH_TEXT_FEATURES, "h2", "h3", "h4"])


def remove_page_furniture(root: Tag) -> None:
    """Drop scripts, navigation, forms and the page's header and footer (not an article's
    own), and the parts whose class or id says they are cookie, share or comment boxes."""
    for tag in root.find_all(_JUNK_TAGS):
        tag.decompose()
    for tag in root.find_all(["header", "footer"]):
        if tag.find_parent(["article", "main"]) is None:
            tag.decompose()
    for tag in root.find_all(True):
        if tag.decomposed or tag.name in ("html", "body", "main", "article"):
            continue
        if any(_is_junk_name(name) for name in [*tag.get("class", []), tag.get("id", "")]):
            tag.decompose()


def _is_junk_name(name: str) -> bool:
    parts = [part for part in re.split(r"[-_]+", name.lower()) if part]
    if not parts or parts[0] in _MODIFIER_PREFIXES:
        return False
    return any(_JUNK_NAME_PARTS.match(part) for part in parts)


def _has_block(tag: Tag) -> bool:
    return tag.find(list(_BLOCK_TAGS)) is not None


def flatten(root: Tag) -> list[Unit]:
    """The document as a flat list of units. Text between block elements becomes its own
    paragraph, so a date in a <span> is not glued to the next paragraph."""
    units: list[Unit] = []
    pending: list[str] = []

    def flush() -> None:
        lines = _sanitised_lines("".join(pending))
        if lines:
            units.append(Unit("p", lines))
        pending.clear()

    def walk(node: Tag) -> None:
        for child in list(node.children):
            if isinstance(child, _SKIPPED_STRINGS):
                continue
            if isinstance(child, NavigableString):
                pending.append(escape(re.sub(r"\s+", " ", str(child)), quote=False))
            elif child.name in HEADING_LEVELS:
                flush()
                text = _squeeze(child.get_text(" "))
                if text:
                    units.append(Unit("heading", [text], level=HEADING_LEVELS[child.name]))
            elif child.name in ("ul", "ol"):
                flush()
                cleaned = _converter.to_database_format(str(child)).strip()
                if _plain(cleaned).strip():
                    units.append(Unit("list", [cleaned]))
            elif child.name in _BLOCK_TAGS or _has_block(child):
                flush()
                walk(child)
                flush()
            elif child.name == "br":
                pending.append("<br/>")
            else:
                pending.append(str(child))

    walk(root)
    flush()
    return units


def _sanitised_lines(inline_html: str) -> list[str]:
    cleaned = _converter.to_database_format(f"<p>{inline_html}</p>")
    soup = BeautifulSoup(cleaned, "html.parser")
    lines: list[str] = []
    for paragraph in soup.find_all("p") or [soup]:
        current: list[str] = []
        for node in paragraph.children:
            if isinstance(node, Tag) and node.name == "br":
                lines.append("".join(current))
                current = []
            else:
                current.append(
                    escape(str(node), quote=False) if isinstance(node, str) else str(node)
                )
        lines.append("".join(current))
    return [_strip_html(line) for line in lines if _plain(line).strip()]


def _plain(html: str) -> str:
    if "<" not in html and "&" not in html:
        return html
    return BeautifulSoup(html, "html.parser").get_text()


def _strip_html(html: str) -> str:
    return re.sub(r"^(?:\s|&nbsp;)+|(?:\s|&nbsp;)+$", "", html)


def cut_text(html: str, spans: Iterable[tuple[int, int]]) -> str:
    """Remove the characters at `spans` (positions in the plain text of `html`) and the
    inline elements left empty by that."""
    spans = list(spans)
    soup = BeautifulSoup(html, "html.parser")
    position = 0
    for string in list(soup.find_all(string=True)):
        text = str(string)
        start = position
        position += len(text)
        kept = "".join(
            char
            for offset, char in enumerate(text, start)
            if not any(a <= offset < b for a, b in spans)
        )
        if kept != text:
            string.replace_with(kept)
    for tag in reversed(soup.find_all(True)):
        if tag.name != "br" and not tag.get_text().strip():
            tag.decompose()
    return _strip_html(re.sub(r"\s{2,}", " ", str(soup)))


# --- Web-page leftovers -------------------------------------------------------------------------

_COMMENT_SECTION = re.compile(
    r"^(?:\d+\s+)?(?:leser)?kommentare?(?:\s*\(\d+\))?\s*:?$"
    r"|^(?:schreiben\s+sie|hinterlassen\s+sie|hinterlasse|schreibe|verfassen\s+sie)\s+"
    r"(?:einen|ihren|deinen)\s+kommentar\b"
    r"|^kommentar\s+(?:schreiben|verfassen|hinterlassen|abgeben|abschicken|absenden)\b"
    r"|^(?:ihre|deine)\s+e-?mail-?adresse\s+wird\s+nicht\s+veröffentlicht"
    r"|^(?:es\s+gibt\s+)?(?:noch\s+)?keine\s+kommentare\b"
    r"|^erforderliche\s+felder\s+sind\s+mit\s+\*\s+markiert",
    re.I,
)
_LEFTOVER_LINE = re.compile(
    r"^(?:zurück(?:\s+zu[mr]?\s+(?:der\s+|den\s+)?(?:übersicht|liste|startseite|suche|archiv|"
    r"aktuelles|anfang|(?:vorherigen|letzten)\s+seite|news\w*|presse\w*|meldungen|"
    r"nachrichten\w*|pressemitteilungen))?"
    r"|nach\s+oben|zum\s+seitenanfang|seitenanfang"
    r"|druck(?:ansicht|version)|pdf\s+erstellen|seite\s+als\s+pdf"
    r"|antworten|gefällt\s+mir|weiterlesen|mehr\s+lesen|bild\s+vergrößern|vergrößern"
    r"|alle\s+akzeptieren|akzeptieren|ablehnen|einstellungen(?:\s+speichern)?|auswahl\s+speichern"
    r"|nur\s+(?:notwendige|essenzielle|erforderliche)(?:\s+cookies)?(?:\s+\w+)?"
    r"|cookie-?einstellungen|diese\s+seite\s+vorlesen|vorlesen|schriftgröße.*"
    r"|(?:startseite|home)\s*(?:[>»/|›]\s*[^>»/|›]+)+"
    r"|name\s*\*?|e-?mail\s*\*|website|webseite"
    r")[.:!]?$",
    re.I,
)
_SHARE_WORDS = set(
    (
        "teilen facebook twitter whatsapp drucken e-mail email linkedin xing instagram "
        "mastodon threads telegram pinterest bluesky tweet tweeten versenden empfehlen"
    ).split()
)
_SHARE_FILLERS = {"x", "per", "auf", "bei", "via", "mail", "seite", "artikel", "beitrag"}
_SHARE_FILLERS |= {"diesen", "diese", "link", "kopieren", "senden", "und", "oder", "meldung"}
# "Cookies" alone may be baked at a parents' café; a notice also names the website or consent.
_COOKIE_NOTICE = re.compile(
    r"(?=.*cookie)(?=.*(?:website|webseite|internetseite|browser|akzeptier|zustimm|einwillig|"
    r"datenschutz|einstellung))",
    re.I,
)
# "© 2025 Landkreis Harburg | Impressum | Datenschutz": the site's footer, not a credit.
_FOOTER_LINE = re.compile(
    r"alle\s+rechte\s+vorbehalten|(?:impressum|datenschutz\w*|barrierefreiheit|sitemap)"
    r"\s*[|·•/]|[|·•/]\s*(?:impressum|datenschutz\w*|barrierefreiheit|sitemap|kontakt)\s*$",
    re.I,
)
_IMAGE_EXTENSIONS = r"(?:jpeg|jpg|png|gif|webp|tiff|tif|bmp|avif|heic|svg)"
_IMAGE_FILE = re.compile(rf"(?<![\w/.%-])[\w%()-]+(?:\.[\w%()-]+)*\.{_IMAGE_EXTENSIONS}", re.I)
_IMAGE_FILE_LINE = re.compile(
    rf"^(?:\S*/)?[\w%().-]+\.{_IMAGE_EXTENSIONS}(?:\s*\(?[\d.,]+\s*[kKmM]i?B\)?)?$", re.I
)


def is_comment_section(text: str) -> bool:
    return bool(_COMMENT_SECTION.match(text.strip()))


def is_leftover(text: str) -> bool:
    """A line that only a web page has: navigation, share buttons, cookie notices, image
    file names."""
    text = text.strip()
    if not text:
        return True
    if _LEFTOVER_LINE.match(text) or _IMAGE_FILE_LINE.match(text):
        return True
    words = [w for w in re.split(r"[\s|·•,/:]+", text.lower()) if w]
    if words and len(text) <= 120 and all(w in _SHARE_WORDS | _SHARE_FILLERS for w in words):
        return any(w in _SHARE_WORDS for w in words)
    if len(text) <= 200 and _FOOTER_LINE.search(text):
        return True
    return len(text) <= 600 and bool(_COOKIE_NOTICE.search(text))


# --- Photo credits ---------------------------------------------------------------------------

_CREDIT_WORD = r"(?:Fotos?|Bild(?:er)?|Foto/Grafik|Grafik|Bildnachweis|Fotonachweis|Bildquelle)"
_CREDIT_LINE = re.compile(
    rf"^\(?(?P<credit>(?:{_CREDIT_WORD}\s*(?::|©)|©|\(c\)\s|Copyright\s)\s*\S.*?)\)?\.?$",
    re.I,
)
_CREDIT_IN_PARENTHESES = re.compile(rf"\s*\((?P<credit>(?:{_CREDIT_WORD}\s*:|©)\s*[^()]+)\)", re.I)
_CREDIT_AT_END = re.compile(
    rf"(?<=[.!?“])\s+(?P<credit>(?:{_CREDIT_WORD}\s*:|©)\s*\S.{{1,150}}?)\.?$", re.I
)


def credit_in(text: str) -> tuple[str, tuple[int, int]] | None:
    """A photo credit in the line, and the span it takes: a line of its own ("Foto:
    Landkreis Harburg - Erika Muster", "© Landkreis Harburg"), in parentheses, or after the
    caption's last sentence."""
    stripped = text.strip()
    match = _CREDIT_LINE.match(stripped)
    if match and len(stripped) <= CREDIT_MAX_LENGTH + 2:
        return _squeeze(match.group("credit")), (0, len(text))
    for pattern in (_CREDIT_IN_PARENTHESES, _CREDIT_AT_END):
        match = pattern.search(text)
        if match and len(match.group("credit")) <= CREDIT_MAX_LENGTH:
            return _squeeze(match.group("credit")), match.span()
    return None


# --- Datelines, date markers, headlines ------------------------------------------------------

_DATELINE = re.compile(
    rf"^\s*(?:(?:Pressemitteilung|Pressemeldung|Presseinformation|Meldung)\s+)?[Vv]on\s+"
    rf"(?P<author>[A-ZÄÖÜ][^\n]{{1,118}}?)(?:\s+am|\s*,)\s+(?P<date>{_DATE})\s*[:,.–-]?\s*"
)
_DATE_MARKER = re.compile(
    rf"^\s*(?:date|datum|stand|veröffentlicht(?:\s+am)?|erstellt(?:\s+am)?|"
    rf"(?:pressemitteilung|pressemeldung|presseinformation)(?:\s+nr\.?\s*[\w/.-]+)?\s+vom)"
    rf"\s*:?\s*(?P<date>{_DATE}|{_ISO})\s*[:,.–-]?\s*",
    re.I,
)
_PRESS_LABEL = re.compile(
    r"^(?:pressemitteilung|pressemeldung|presseinformation|pressenotiz)(?:\s+nr\.?\s*[\w/.-]+)?:?$",
    re.I,
)
# A line that ends with one of these words continues on the next line.
_CONTINUING_WORDS = set(
    (
        "der die das den dem des ein eine einen einem einer und oder mit im in am an zum "
        "zur für von vom bei auf aus nach über unter zu sich ist sind hat haben wird "
        "werden dass als wie"
    ).split()
)


def is_headline(line: str, next_line: str = "") -> bool:
    """Whether a first line is a headline and not the start of the first paragraph."""
    text = _squeeze(line)
    if not 2 <= len(text) <= HEADLINE_MAX_LENGTH or text[-1] in ".,;:":
        return False
    if sentence_end(text) < len(text):
        return False  # two sentences
    if next_line:
        following = next_line.lstrip(' „"»(')
        if following[:1].islower() or text.rsplit(" ", 1)[-1].lower() in _CONTINUING_WORDS:
            return False  # a hard-wrapped paragraph
    return True


# --- Quotations -----------------------------------------------------------------------------

_SPEECH = (
    r"(?:sagt|sagte|so|betont|betonte|erklärt|erklärte|ergänzt|ergänzte|berichtet|berichtete|"
    r"unterstreicht|unterstrich|freut\s+sich|freute\s+sich|meint|meinte|weiß|resümiert|"
    r"resümierte|bekräftigt|bekräftigte|appelliert|appellierte|bilanziert|bilanzierte|"
    r"versichert|versicherte|wünscht\s+sich|hofft|hoffte|fordert|forderte|erläutert|"
    r"erläuterte|zeigt\s+sich\s+\w+|zeigte\s+sich\s+\w+)"
)
_QUOTE_THEN_SPEAKER = re.compile(
    rf"^\s*[„\"“»](?P<text>.+?)[“\"”«]\s*,?\s*{_SPEECH}\s+(?P<rest>\S.*)$", re.S
)
_SPEAKER_THEN_QUOTE = re.compile(
    rf"^\s*(?P<who>[A-ZÄÖÜ][^„“\"»:]{{1,120}}?)(?:\s+{_SPEECH})?\s*:\s*[„\"“»](?P<text>.+)"
    r"[“\"”«]\s*\.?\s*$",
    re.S,
)
# Offices named before the name ("Landrat Rainer Rempe"), and word endings of such offices.
_OFFICES = set(
    (
        "landrat landrätin bürgermeister bürgermeisterin oberbürgermeister "
        "oberbürgermeisterin kreisrat kreisrätin dezernent dezernentin sozialdezernent "
        "sozialdezernentin koordinator koordinatorin minister ministerin staatssekretär "
        "staatssekretärin hebamme familienhebamme"
    ).split()
)
_OFFICE_ADJECTIVES = {"erste", "erster", "stellvertretende", "stellvertretender"}
_OFFICE_ENDINGS = re.compile(
    r"(?:rat|rätin|meister|meisterin|leiter|leiterin|ent|entin|orin|arzt|ärztin|hebamme|"
    r"minister|ministerin|sekretär|sekretärin|vorsitzende|vorsitzender|beauftragte|"
    r"beauftragter|pädagogin|arbeiterin|beraterin|präsidentin|direktorin|sprecherin|pflegerin)$"
)
_NAME_TOKEN = re.compile(r"^(?:[A-ZÄÖÜ][\w'’.-]*|von|van|de|zu|der|den|vom|zum|zur|di|da)$")
_NOT_NAMES = {"Das", "Der", "Die", "Ein", "Eine", "Es", "Er", "Sie", "Wir", "Ich", "Man", "Unser"}


def speaker_and_role(who: str) -> tuple[str, str] | None:
    """ "Landrat Rainer Rempe" → ("Rainer Rempe", "Landrat"); "Erika Muster, Koordinatorin
    der Frühen Hilfen" → ("Erika Muster", "Koordinatorin der Frühen Hilfen"); "die
    Koordinatorin der Frühen Hilfen, Erika Muster" → the same. None when no name is there."""
    who = _squeeze(who).rstrip(".")
    head, _comma, tail = who.partition(", ")
    article, _space, office = head.partition(" ")
    if article in ("die", "der") and office and tail and _name(tail):
        return tail, office
    tokens = head.split(" ")
    role: list[str] = []
    while len(tokens) > 1:
        word = tokens[0].lower()
        office = word in _OFFICES or word in _OFFICE_ADJECTIVES
        if not office and not (_OFFICE_ENDINGS.search(word) and len(tokens) > 2):
            break
        role.append(tokens.pop(0))
    name = " ".join(tokens)
    if not _name(name):
        return None
    return name, ", ".join(part for part in (" ".join(role), tail) if part)


def _name(text: str) -> bool:
    tokens = text.split(" ")
    return (
        1 <= len(tokens) <= 5
        and tokens[0] not in _NOT_NAMES
        and tokens[0][:1].isupper()
        and all(_NAME_TOKEN.match(t) for t in tokens)
    )


def split_quotes(text: str) -> list[Unit] | None:
    """A paragraph that is a quotation with its speaker, as quote units (and a paragraph for
    what follows the attribution); None when it is not one."""
    match = _SPEAKER_THEN_QUOTE.match(text)
    if match:
        person = speaker_and_role(match.group("who"))
        if person is None or " " not in person[0]:
            return None  # "Anmeldung: „…“" names no one
        return [_quote(match.group("text"), *person)]
    match = _QUOTE_THEN_SPEAKER.match(text)
    if match is None:
        return None
    rest = match.group("rest")
    end = sentence_end(rest)
    person = speaker_and_role(rest[:end])
    if person is None:
        return None
    units = [_quote(match.group("text"), *person)]
    remainder = rest[end:].strip()
    if remainder:
        units += split_quotes(remainder) or [Unit("p", [escape(remainder, quote=False)])]
    return units


def _quote(text: str, speaker: str, role: str) -> Unit:
    return Unit("quote", [_squeeze(text)], speaker=speaker, role=role)


# --- The press release ------------------------------------------------------------------------


@dataclass
class PressRelease:
    """What the text says. The `*_source` fields name where a value came from (the import
    report's vocabulary); an empty source means the text has no such value."""

    title: str = ""
    title_source: str = ""
    teaser: str = ""
    teaser_source: str = ""
    date: datetime.date | None = None
    date_source: str = ""
    author: str = ""
    credits: list[str] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def credit(self) -> str:
        joined = "; ".join(self.credits)
        return joined if len(joined) <= CREDIT_MAX_LENGTH else self.credits[0][:CREDIT_MAX_LENGTH]

    @property
    def quotes(self) -> int:
        return sum(1 for unit in self.units if unit.kind == "quote")

    @property
    def text(self) -> str:
        """The plain text an item is searched in for regions and dates."""
        return "\n".join([self.title, self.author, *(unit.text for unit in self.units)])

    def first_paragraph(self) -> str:
        return next((u.text for u in self.units if u.kind in ("p", "list") and u.text), "")

    def body(self) -> list[tuple[str, object]]:
        """StreamField blocks: consecutive paragraphs and lists share one rich-text block."""
        blocks: list[tuple[str, object]] = []
        rich: list[str] = []

        def flush() -> None:
            if rich:
                blocks.append(("paragraph", "".join(rich)))
            rich.clear()

        for unit in self.units:
            if unit.kind == "p":
                rich.append("<p>" + "<br/>".join(unit.lines) + "</p>")
            elif unit.kind == "list":
                rich.append(unit.lines[0])
            elif unit.kind == "heading":
                flush()
                blocks.append(("heading", {"text": unit.text[:255], "level": unit.level}))
            else:
                flush()
                blocks.append(
                    ("quote", {"text": unit.text, "speaker": unit.speaker, "role": unit.role})
                )
        flush()
        return blocks


def read_press_release(html: str, *, title: str = "", title_source: str = "") -> PressRelease:
    """The press release in an HTML document or fragment. A `title` known from elsewhere
    (a feed entry's title, a page's <h1>) is taken as the headline."""
    soup = BeautifulSoup(html, "html.parser")
    remove_page_furniture(soup)
    return analyse(flatten(soup), title=title, title_source=title_source)


def analyse(units: list[Unit], *, title: str = "", title_source: str = "") -> PressRelease:
    release = PressRelease()
    units = _without_leftovers(units, release)
    if title:
        rest = _leading_metadata(_squeeze(title), release)
        if rest:
            release.title, release.title_source = rest[:TITLE_MAX_LENGTH], title_source
    units = _take_leading(units, release)
    units = _without_date_markers(units)
    release.units = _with_quotes(units)
    if not release.title:
        sentence = first_sentence(release.first_paragraph() or _first_text(release.units))
        release.title, release.title_source = short_title(sentence), "first_sentence"
        release.teaser, release.teaser_source = teaser(sentence), "first_sentence"
    elif release.first_paragraph():
        release.teaser = teaser(release.first_paragraph())
        release.teaser_source = "first_paragraph"
    if release.date is None:
        start = [release.title, *(u.text for u in release.units[:DATE_PARAGRAPHS])]
        release.date = find_date("\n".join(start))
        release.date_source = "text_start" if release.date else ""
    return release


def _first_text(units: list[Unit]) -> str:
    return next((u.text for u in units if u.text), "")


def _without_leftovers(units: list[Unit], release: PressRelease) -> list[Unit]:
    """Drop leftover lines, move photo credits to the release, and end at a comment
    section: readers' comments are no part of the press release. A comment marker above the
    text (a "Kommentare" link in the page head) is only dropped."""
    kept: list[Unit] = []
    for number, unit in enumerate(units):
        if unit.kind == "list":
            cleaned = _list_without_leftovers(unit.lines[0], release)
            if cleaned:
                kept.append(Unit("list", [cleaned]))
            continue
        lines = [unit.text] if unit.kind == "heading" else unit.lines
        cleaned_lines: list[str] = []
        for position, line in enumerate(lines):
            text = _plain(line).strip()
            if is_comment_section(text) and (kept or cleaned_lines):
                rest = [_plain(rest) for rest in lines[position:]]
                rest += [later.text for later in units[number + 1 :]]
                release.removed += [text for text in rest if text.strip()]
                if cleaned_lines:
                    kept.append(Unit("p", cleaned_lines))
                return kept
            if unit.kind == "heading":
                if is_leftover(text) or is_comment_section(text):
                    release.removed.append(text)
                else:
                    kept.append(unit)
                continue
            line = _clean_line(line, release)
            if line:
                cleaned_lines.append(line)
        if cleaned_lines:
            kept.append(Unit("p", cleaned_lines))
    return kept


def _clean_line(line: str, release: PressRelease) -> str:
    """The line without image file names and a photo credit (moved to the release); empty
    when nothing else is left or the line is a leftover."""
    text = _plain(line)
    if is_comment_section(text):
        release.removed.append(text.strip())
        return ""
    line, text = _without_image_files(line, text, release)
    if is_leftover(text):
        if text.strip():
            release.removed.append(text.strip())
        return ""
    found = credit_in(text)
    if found is not None:
        credit, span = found
        if _IMAGE_FILE.fullmatch(credit.split(":", 1)[-1].strip()):
            release.removed.append(credit)
        elif credit not in release.credits:
            release.credits.append(credit)
        line = cut_text(line, [span])
    return line if _plain(line).strip() else ""


def _without_image_files(line: str, text: str, release: PressRelease) -> tuple[str, str]:
    spans = [match.span() for match in _IMAGE_FILE.finditer(text)]
    if not spans:
        return line, text
    release.removed += [text[a:b] for a, b in spans]
    line = cut_text(line, spans)
    return line, _plain(line)


def _list_without_leftovers(html: str, release: PressRelease) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for item in soup.find_all("li"):
        text = item.get_text(" ", strip=True)
        if is_leftover(text):
            release.removed.append(text)
            item.decompose()
    return str(soup) if soup.find("li") else ""


def _leading_metadata(text: str, release: PressRelease) -> str:
    """Take a date marker ("date 2016-11"), a press-release label and a dateline ("von
    Landkreis Harburg am 14.05.2025") off the start of a line; the rest of the line."""
    while True:
        marker = _DATE_MARKER.match(text)
        dateline = _DATELINE.match(text)
        if marker:
            _set_date(release, marker.group("date"), "date_marker")
            text = text[marker.end() :]
        elif dateline:
            _set_date(release, dateline.group("date"), "dateline")
            release.author = release.author or _squeeze(dateline.group("author"))
            text = text[dateline.end() :]
        elif _PRESS_LABEL.match(text.strip()):
            text = ""
        else:
            return text.strip()


def _set_date(release: PressRelease, written: str, source: str) -> None:
    found = find_date(written)
    if found is not None and release.date is None:
        release.date, release.date_source = found, source


def _take_leading(units: list[Unit], release: PressRelease) -> list[Unit]:
    """Consume the units before the text proper: date markers, the dateline, the headline
    (and its repetition below a known title)."""
    units = list(units)
    while units:
        unit = units[0]
        if unit.kind == "heading":
            if _PRESS_LABEL.match(unit.text):
                pass
            elif not release.title:
                release.title, release.title_source = unit.text[:TITLE_MAX_LENGTH], "headline"
            elif _squeeze(unit.text) != release.title:
                break
            units.pop(0)
            continue
        if unit.kind != "p":
            break
        line = unit.lines[0]
        text = _plain(line)
        rest = _leading_metadata(text, release)
        if rest != text.strip():
            line = cut_text(line, [(0, len(text.rstrip()) - len(rest))]) if rest else ""
        following = _plain(unit.lines[1]) if len(unit.lines) > 1 else ""
        if rest and rest == release.title:
            line = ""
        elif rest and not release.title and is_headline(rest, following):
            release.title, release.title_source = rest[:TITLE_MAX_LENGTH], "headline"
            line = ""
        if line:
            unit.lines[0] = line
            if rest == text.strip():
                break  # nothing taken off: the text proper begins here
            continue  # a dateline glued to the first sentence: the sentence stays
        unit.lines.pop(0)
        if not unit.lines:
            units.pop(0)
    return units


def _without_date_markers(units: list[Unit]) -> list[Unit]:
    """Metadata lines further down ("Stand: 2023-04-05") are not body text either."""
    kept = []
    for unit in units:
        if unit.kind == "p":
            unit.lines = [
                line
                for line in unit.lines
                if not (match := _DATE_MARKER.match(_plain(line))) or _plain(line)[match.end() :]
            ]
            if not unit.lines:
                continue
        kept.append(unit)
    return kept


def _with_quotes(units: list[Unit]) -> list[Unit]:
    result: list[Unit] = []
    for unit in units:
        quotes = split_quotes(unit.text) if unit.kind == "p" else None
        result += quotes or [unit]
    return result
