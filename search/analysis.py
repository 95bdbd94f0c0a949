"""German text analysis for the offer search, done in Python.

Why not Elasticsearch's own analysers: the distribution the tests run against (the
integ-test zip from Maven Central) ships without the analysis-common module, so it has no
German stemmer, no ASCII folding, no decompounder and no synonym filter. Doing the analysis
here gives the same behaviour on that server, on a full cluster and in the database fallback,
which is what lets one table of test cases run against both engines.

The pipeline, applied alike to documents and queries:
1. fold: lower case, ä/ö/ü and the spellings ae/oe/ue → a/o/u, ß → ss, other accents removed
   (so "Füße", "Fuesse" and "fuesse" meet);
2. split into words at anything that is not a letter or digit (so hyphenated compounds split
   into their parts, and a document keeps the joined word too: "Eltern-Kind-Gruppe" →
   eltern, kind, gruppe, elternkindgruppe);
   German coordination is completed: "Erziehungs- und Familienberatung" stands for
   Erziehungsberatung and Familienberatung, "Familienberatung und -bildung" for
   Familienberatung and Familienbildung (a document gets the completed word as a term, a
   query searches for it instead of the truncated word);
3. decompound long words into known parts with the German linking elements (Fugen-s etc.):
   "familienhebammen" → familie + hebamme, "schwangerschaftsberatung" → schwangerschaft +
   beratung; the whole word is kept as well;
4. light stemming (after Savoy's light German stemmer, as used by Lucene) of every word and part;
5. queries only: each word is expanded with its synonyms from synonyms_de.txt, so editing that
   list needs no reindex.

Offers' translated titles and summaries (English, Turkish, Arabic, Ukrainian) are analysed
simply (`analyze_translation`): folded (which also removes Arabic diacritics, unifies the
alef and hamza forms and the article "ال", and treats the Turkish dotted and dotless i
alike), split and stemmed, not decompounded. A query word in those languages finds them by
its own stem, and finds the German offers through the synonym lists per language
(synonyms_en.txt, _tr, _ar, _uk), which name the German words of the directory's categories
each word stands for.
"""

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
# A word with the hyphen of a truncated coordination: before it ("-bildung" after a space) or
# after it ("Erziehungs-" before a space or comma); a hyphen between letters joins a compound.
_COORDINATION_RE = re.compile(r"(?<![^\W_])(-)?([^\W_]+)(?:(-)(?![^\W_]))?", re.UNICODE)
# Starts only where a word starts: without the look-behind a long run of letters with no
# hyphen is retried from each of its positions (quadratic; 100,000 letters took minutes).
_HYPHENATED_RE = re.compile(r"(?<![^\W_])[^\W_]+(?:-[^\W_]+)+", re.UNICODE)
# Words that may stand between the truncated words of a coordination and the word that
# completes them ("Erziehungs-, Ehe- und Familienberatung").
_CONJUNCTIONS = frozenset({"und", "oder", "sowie", "bzw", "beziehungsweise"})
# Linking elements between the parts of a German compound, longest first.
_LINKS = ("ens", "es", "en", "er", "s", "n", "e", "")
_MIN_PART = 3
_MIN_COMPOUND = 7
_MAX_WORD = 60

STOPWORDS = frozenset(
    """aber als am an auf aus bei bin bis das dass dem den der des die du ein eine einem einen
    einer eines er es fur ich ihr im in ist mit nach nicht noch oder sie sind so um und uns
    unter vom von vor wie wir zu zum zur uber""".split()
)


# Foreign languages: Turkish dotless ı is folded like i (the dotted İ lower-cases to i plus a
# combining dot, which folding drops), Arabic alef maqsura, teh marbuta, alef wasla and the
# tatweel (a stretching stroke) to their plain forms; the other alef and hamza forms
# (أ إ آ ؤ ئ) and the diacritics decompose and lose their combining marks below.
_FOREIGN_FOLDING = str.maketrans({"ı": "i", "ى": "ي", "ة": "ه", "ٱ": "ا", "\u0640": None})
# The Arabic article (and "لل", "for the") before a word of at least two letters.
_ARABIC_ARTICLE_RE = re.compile(r"(?<![^\W_])(?:ال|لل)(?=[^\W_\d]{2})", re.UNICODE)
# The Ukrainian apostrophe belongs to the word ("сім'я"), whichever of its forms is typed.
_CYRILLIC_APOSTROPHE_RE = re.compile(r"(?<=[\u0400-\u04ff])['’ʼ](?=[\u0400-\u04ff])")


class _WithoutCombining(dict[int, int | None]):
    """A str.translate table that drops combining characters (accents after NFKD), filled
    per character as met: one lookup per character instead of a call."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_WITHOUT_COMBINING = _WithoutCombining()


# Analysing a document folds the same text several times in a row (words, coordinations,
# hyphenated compounds).
@functools.lru_cache(maxsize=16)
def fold(text: str) -> str:
    """Lower-case and fold German spellings so variants compare equal."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_FOREIGN_FOLDING)
    text = text.replace("ß", "ss").replace("ẞ", "ss")
    text = text.replace("ä", "a").replace("ö", "o").replace("ü", "u")
    text = unicodedata.normalize("NFKD", text)
    if not text.isascii():
        text = text.translate(_WITHOUT_COMBINING)
        text = _ARABIC_ARTICLE_RE.sub("", _CYRILLIC_APOSTROPHE_RE.sub("", text))
    # The transcriptions ae/oe/ue stand for umlauts ("Fuesse"); fold them the same way. Not
    # after q ("quer") and not where "e" starts a new syllable is impossible to know, so the
    # rule is applied uniformly to documents and queries alike, which keeps them comparable.
    return re.sub(r"(?<!q)([aou])e", r"\1", text)


def words(text: str) -> list[str]:
    """Folded words of a text, in order."""
    return [w for w in _WORD_RE.findall(fold(text)) if len(w) <= _MAX_WORD]


_S_ENDING = set("bdfghklmnrt")
_ST_ENDING = _S_ENDING - {"r"}


# A directory's texts repeat their words thousands of times (Beratung, Familie, Hebamme), and
# a rebuild analyses every text again: stemming and splitting each word once is most of the
# analysis' cost saved.
@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """Savoy's light German stemmer (the algorithm of Lucene's GermanLightStemmer) on a
    folded word: it strips inflection, not derivation, so "beratung" stays itself."""
    if word.isdigit():
        return word
    # Feminine plurals ("Lotsinnen", "Ärztinnen") meet their singular; Savoy's rules alone
    # would leave "lotsinn".
    if len(word) > 6 and word.endswith("innen"):
        return word[:-3]
    n = len(word)
    if n > 5 and word.endswith("ern"):
        word = word[:-3]
    elif n > 4 and word[-2:] in ("em", "en", "er", "es"):
        word = word[:-2]
    elif n > 3 and word.endswith("e"):
        word = word[:-1]
    elif n > 3 and word.endswith("s") and word[-2] in _S_ENDING:
        word = word[:-1]
    n = len(word)
    if n > 5 and word.endswith("est"):
        word = word[:-3]
    elif n > 4 and word[-2:] in ("er", "en"):
        word = word[:-2]
    elif n > 5 and word.endswith("st") and word[-3] in _ST_ENDING:
        word = word[:-2]
    return word


def _read_lines(name: str) -> list[str]:
    path = DATA_DIR / name
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines


@functools.cache
def compound_parts() -> frozenset[str]:
    """Stems of the words compounds are split into (search/data/compound_parts_de.txt)."""
    return frozenset(stem(w) for line in _read_lines("compound_parts_de.txt") for w in words(line))


@functools.cache
def synonym_groups() -> dict[str, frozenset[str]]:
    """Stem → the stems of every word in its synonym group (search/data/synonyms_de.txt)."""
    groups: dict[str, set[str]] = {}
    for line in _read_lines("synonyms_de.txt"):
        # A hyphenated synonym ("Eltern-Kind-Gruppe") is the joined word documents carry.
        members = {
            stem(w) for term in line.split(",") for w in [fold(term.strip()).replace("-", "")] if w
        }
        members = {m for m in members if " " not in m}
        for member in members:
            groups.setdefault(member, set()).update(members)
    return {key: frozenset(value) for key, value in groups.items()}


FOREIGN_LANGUAGES = ("en", "tr", "ar", "uk")


@functools.cache
def foreign_stopwords() -> frozenset[str]:
    """Function words of the other languages (search/data/stopwords_<lang>.txt), dropped from
    translated texts and from queries."""
    return frozenset(
        w for code in FOREIGN_LANGUAGES for line in _read_lines(f"stopwords_{code}.txt")
        for w in words(line)
    )  # fmt: skip


@functools.cache
def foreign_synonyms() -> dict[str, frozenset[str]]:
    """Stem of a word in another language → the German stems it searches (the German words
    of its line in search/data/synonyms_<lang>.txt and their synonym groups)."""
    german_groups = synonym_groups()
    found: dict[str, set[str]] = {}
    for code in FOREIGN_LANGUAGES:
        for line in _read_lines(f"synonyms_{code}.txt"):
            german, _sep, foreign = line.partition(":")
            targets: set[str] = set()
            for word in german.split(","):
                term = stem(fold(word.strip()).replace("-", ""))
                targets |= {term} | german_groups.get(term, frozenset())
            for word in foreign.split(","):
                for part in words(word):
                    found.setdefault(stem(part), set()).update(targets)
    return {key: frozenset(value) for key, value in found.items()}


def _part_ok(part: str, parts: frozenset[str]) -> bool:
    return len(part) >= _MIN_PART and (part in parts or stem(part) in parts)


@functools.lru_cache(maxsize=50_000)
def decompound(word: str) -> tuple[str, ...]:
    """Split a folded word into known parts, fewest parts first; () if it is no compound
    of known parts. The last part may carry inflection ("hebammen")."""
    if len(word) < _MIN_COMPOUND:
        return ()
    parts = compound_parts()
    best: dict[int, tuple[str, ...] | None] = {len(word): ()}

    def split_from(start: int) -> tuple[str, ...] | None:
        if start in best:
            return best[start]
        result: tuple[str, ...] | None = None
        # The whole word is no split of itself, even when it is in the parts list.
        last_end = len(word) - _MIN_PART if start == 0 else len(word)
        for end in range(last_end, start + _MIN_PART - 1, -1):
            head = word[start:end]
            if not _part_ok(head, parts):
                continue
            for link in _LINKS:
                if not word.startswith(link, end):
                    continue
                rest = split_from(end + len(link)) if end + len(link) < len(word) else ()
                if rest is None or (end + len(link) == len(word) and link):
                    continue
                candidate = (head, *rest)
                if result is None or len(candidate) < len(result):
                    result = candidate
        best[start] = result
        return result

    split = split_from(0)
    return split if split and len(split) > 1 else ()


def _head_and_modifier(word: str) -> tuple[str, str] | None:
    """A compound's last part and what comes before it (with its linking element):
    "familienberatung" → ("familien", "beratung"); None for a word of no known parts."""
    parts = decompound(word)
    if not parts:
        return None
    head = word[-len(parts[-1]) :]
    return word[: -len(head)], head


@dataclass(frozen=True)
class WordForm:
    """A word of a text, and the completed word it stands for in a coordination
    ("erziehungs" of "Erziehungs- und Familienberatung" stands for "erziehungsberatung")."""

    word: str
    completed: str | None = None


def word_forms(text: str) -> list[WordForm]:
    """The folded words of a text (as `words`), each truncated word of a coordination with
    its completion."""
    found = [
        (match.group(2), bool(match.group(1)), bool(match.group(3)))
        for match in _COORDINATION_RE.finditer(fold(text))
        if len(match.group(2)) <= _MAX_WORD
    ]
    forms = [WordForm(word) for word, _lead, _trail in found]
    pending: list[int] = []  # truncated words waiting for the word that completes them
    previous: int | None = None  # the last complete word, for a following "-bildung"
    for index, (word, lead, trail) in enumerate(found):
        if trail:
            pending.append(index)
            continue
        if word in _CONJUNCTIONS:
            continue
        if lead and previous is not None:
            split = _head_and_modifier(found[previous][0])
            if split:
                forms[index] = WordForm(word, split[0] + word)
        if pending:
            split = _head_and_modifier(word)
            for truncated in pending:
                if split:
                    forms[truncated] = WordForm(found[truncated][0], found[truncated][0] + split[1])
            pending = []
        previous = index
    return forms


def hyphenated(text: str) -> list[str]:
    """Hyphenated compounds of a text, joined ("Eltern-Kind-Gruppe" → "elternkindgruppe"),
    so a document is found by the closed spelling too."""
    return [
        joined
        for match in _HYPHENATED_RE.finditer(fold(text))
        if len(joined := match.group(0).replace("-", "")) <= _MAX_WORD
    ]


@dataclass(frozen=True)
class Token:
    """An index term and the word of the original text it came from (for highlighting)."""

    term: str
    word: str


@functools.lru_cache(maxsize=100_000)
def _word_tokens(word: str, source: str) -> tuple[Token, ...]:
    return (Token(stem(word), source), *(Token(stem(part), source) for part in decompound(word)))


def analyze_tokens(text: str) -> list[Token]:
    tokens: list[Token] = []
    for form in word_forms(text):
        if form.word in STOPWORDS:
            continue
        tokens += _word_tokens(form.word, form.word)
        if form.completed:
            tokens += _word_tokens(form.completed, form.word)
    for joined in hyphenated(text):
        tokens.append(Token(stem(joined), joined))
    return tokens


def analyze(text: str) -> list[str]:
    """Index terms of a document text: stems of words and of their compound parts."""
    return [token.term for token in analyze_tokens(text)]


def analyze_translation(text: str) -> list[str]:
    """Index terms of an offer's text in another language: stems of its words (no German
    decompounding or coordination), without function words."""
    skip = STOPWORDS | foreign_stopwords()
    terms = [stem(word) for word in words(text) if word not in skip]
    return terms + [stem(joined) for joined in hyphenated(text)]


def analyze_query(text: str) -> list[frozenset[str]]:
    """One set of alternative terms per query word (the word's stem, its compound parts'
    stems, its synonyms, and the German words a word of another language stands for). A
    document matches a word when it has any of its terms."""
    groups: list[frozenset[str]] = []
    skip = STOPWORDS | foreign_stopwords()
    for form in word_forms(text):
        word = form.completed or form.word
        if word in skip:
            continue
        alternatives = {stem(word)}
        alternatives |= synonym_groups().get(stem(word), frozenset())
        alternatives |= foreign_synonyms().get(stem(word), frozenset())
        groups.append(frozenset(alternatives))
    return groups


def prefixes(text: str, min_length: int = 2, max_length: int = 20) -> list[str]:
    """Folded word prefixes for search-as-you-type suggestions."""
    result: list[str] = []
    for word in words(text):
        for end in range(min_length, min(len(word), max_length) + 1):
            result.append(word[:end])
    return result


def query_prefix(text: str) -> str:
    """The folded last word of what the visitor has typed so far."""
    found = words(text)
    return found[-1] if found else ""


def fuzziness(term: str) -> int:
    """Edits a query term may differ by and still match (a typo): the rule of
    Elasticsearch's AUTO:4,7, used by its fuzzy queries and by the database engine alike."""
    if len(term) < 4:
        return 0
    return 1 if len(term) < 7 else 2


def unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def matches(query_groups: list[frozenset[str]], terms: Iterable[str]) -> bool:
    """True when every query word has one of its alternatives among the document's terms."""
    term_set = terms if isinstance(terms, set | frozenset) else set(terms)
    return all(group & term_set for group in query_groups)
