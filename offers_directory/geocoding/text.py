"""Normalisation of German place names, shared by the gazetteer build and the runtime lookups
so both sides produce the same keys.

A key is lower case ASCII without punctuation and without the linking words of German place
names, so "Winsen (Luhe)", "Winsen Luhe", "winsen an der luhe" and "WINSEN/LUHE" are one key,
and the official abbreviations ("Limburg a. d. Lahn", "St. Blasien", "Halle (Westf.)") meet the
spelled-out names GeoNames uses."""

import functools
import re
import unicodedata

# Umlauts are spelled out ("ae") in the primary key because that is how Germans type them
# without the letter; the secondary key drops the dots ("a") as GeoNames' ASCII names do.
_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})

# Linking words between a place and its river, landscape or neighbour ("Frankfurt am Main",
# "Rosbach v. d. Höhe", "Tessin b. Boizenburg"): left out of keys, they are where a name's
# qualifier starts.
LINKING_WORDS = frozenset(
    {
        "a",
        "am",
        "an",
        "auf",
        "b",
        "bei",
        "d",
        "der",
        "dem",
        "den",
        "i",
        "im",
        "in",
        "ob",
        "v",
        "vor",
    }
)
# Abbreviations of official place names, expanded so both spellings share a key.
_ABBREVIATIONS = {
    "st": "sankt",
    "westf": "westfalen",
    "hann": "hannoversch",
    "bay": "bayern",
    "opf": "oberpfalz",
    "ofr": "oberfranken",
    "mfr": "mittelfranken",
    "ufr": "unterfranken",
    "ndb": "niederbayern",
    "obb": "oberbayern",
    "thuer": "thueringen",
    "thur": "thuringen",
    "holst": "holstein",
    "meckl": "mecklenburg",
    "vorpom": "vorpommern",
    "sa": "sachsen",
    "hess": "hessen",
    "wttbg": "wuerttemberg",
    "wuertt": "wuerttemberg",
    "oldb": "oldenburg",
    "ostfr": "ostfriesland",
    "pr": "preussisch",
}


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _fold(text: str, *, spell_out_umlauts: bool) -> list[str]:
    text = unicodedata.normalize("NFC", text).casefold()
    if spell_out_umlauts:
        text = text.translate(_SPELLED_OUT)
    if not text.isascii():
        # Other accents (é, ł …) are dropped; letters outside Latin script vanish entirely,
        # which is fine: the gazetteer only indexes Latin-script names.
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub(" ", text).split()


def _key_from_tokens(tokens: list[str]) -> str:
    return " ".join(
        _ABBREVIATIONS.get(token, token) for token in tokens if token not in LINKING_WORDS
    )


def name_key(text: str) -> str:
    """The primary lookup key of a place name (umlauts spelled out)."""
    keys = _name_keys(text)
    return keys[0] if keys else ""


@functools.lru_cache(maxsize=65536)
def _name_keys(text: str) -> tuple[str, ...]:
    keys: list[str] = []
    for spell_out in (True, False):
        key = _key_from_tokens(_fold(text, spell_out_umlauts=spell_out))
        if key and key not in keys:
            keys.append(key)
    return tuple(keys)


def name_keys(text: str) -> list[str]:
    """All keys a name is indexed and looked up under: the primary key first, then the one
    with umlauts reduced to their base letter when it differs. Empty keys are left out."""
    return list(_name_keys(text))


_QUALIFIER_START = re.compile(r"\s*[(/,]")


def base_name(text: str) -> str:
    """The name without its qualifier: "Winsen (Luhe)" → "Winsen", "Schwedt/Oder" → "Schwedt",
    "Buchholz in der Nordheide" → "Buchholz", "Rade b. Hohenwestedt" → "Rade". Returns the
    name itself when it has no qualifier."""
    head = _QUALIFIER_START.split(text, maxsplit=1)[0].strip()
    words = head.split()
    for index, word in enumerate(words):
        if index > 0 and re.sub(r"[^a-zäöüß]", "", word.casefold()) in LINKING_WORDS:
            return " ".join(words[:index])
    return head


def base_keys(text: str) -> list[str]:
    """Keys of :func:`base_name`, or an empty list when the name has no qualifier."""
    base = base_name(text)
    if not base or name_key(base) == name_key(text):
        return []
    return name_keys(base)


def prefix_keys(text: str) -> list[str]:
    """Keys for completing what someone is typing: like name_keys, but an unfinished last
    word is kept as typed, so "St" completes to "Stade" (not only "Sankt …") and "Sankt B"
    to "Sankt Blasien" (not every "Sankt …", as "b" would be dropped as "bei")."""
    if not text or not text.strip() or not text[-1].isalnum():
        return name_keys(text)
    keys: list[str] = []
    for spell_out in (True, False):
        tokens = _fold(text, spell_out_umlauts=spell_out)
        if not tokens:
            continue
        key = f"{_key_from_tokens(tokens[:-1])} {tokens[-1]}".strip()
        if key not in keys:
            keys.append(key)
    return keys
