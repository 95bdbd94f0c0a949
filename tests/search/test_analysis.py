"""The German analysis both search engines share: compounds, umlauts, stemming, synonyms."""

import pytest

from search.analysis import (
    analyze,
    analyze_query,
    decompound,
    fold,
    matches,
    prefixes,
    query_prefix,
    stem,
    words,
)

# (query, document text, expected match): the cases families actually type.
CASES = [
    ("Hebamme", "Unsere Familienhebammen besuchen Sie zu Hause", True),
    ("Hebammen", "Familienhebamme im Landkreis", True),
    ("Beratung", "Schwangerschaftsberatung der Diakonie", True),
    ("Beratung", "Erziehungsberatungsstelle Winsen", True),
    ("Fuesse", "Gesunde Füße für Ihr Kind", True),
    ("Füße", "Fuesse", True),
    ("Strasse", "Hauptstraße 5", True),
    ("Ärztin", "Kinderärztinnen im Landkreis", True),
    ("Kita", "Plätze in der Kindertagesstätte", True),
    ("Kindertagesstätte", "Eingewöhnung in der Kita", True),
    ("Babylotse", "Die Babylotsin in der Geburtsklinik", True),
    ("Lotsin", "Babylotsinnen beraten Eltern", True),
    ("Hebamme", "Sprechstunde mit Entbindungspfleger", True),
    ("Elterncafe", "Elterncafé am Markt", True),
    ("Krabbelgruppe", "Spielgruppe für Kinder ab 1", True),
    ("Frühförderung", "Interdisziplinäre Frühförderstelle", False),
    ("Förderung", "Frühförderung für Kinder", True),
    ("Kinder", "Kindertagesstätte", True),
    ("Hebamme Beratung", "Hebammensprechstunde", False),
    ("Hebamme Sprechstunde", "Hebammensprechstunde", True),
    ("Schwangerschaft", "Beratung für Schwangere", False),
    ("Stillen", "Stillberatung", True),
    ("Beratung", "Hebammensprechstunde", False),
]


@pytest.mark.parametrize(("query", "document", "expected"), CASES)
def test_query_matches_document(query, document, expected):
    assert matches(analyze_query(query), analyze(document)) is expected


def test_folding_joins_umlaut_spellings():
    assert fold("Füße") == fold("Fuesse") == "fusse"
    assert fold("ÄRZTIN") == fold("Aerztin")
    assert fold("Café") == "cafe"


def test_words_split_hyphenated_compounds_and_drop_punctuation():
    assert words("Mutter-Kind-Gruppe, 3 x wöchentlich!") == [
        "mutter",
        "kind",
        "gruppe",
        "3",
        "x",
        "wochentlich",
    ]


def test_stemmer_strips_inflection_only():
    assert stem("hebammen") == stem("hebamme")
    assert stem("lotsinnen") == stem("lotsin")
    assert stem("beratung") == "beratung"  # derivation is kept
    assert stem("2025") == "2025"


def test_decompound_prefers_fewest_known_parts():
    assert decompound("familienhebammen") == ("familien", "hebammen")
    assert decompound("hebamme") == ()  # a plain word is no compound
    assert decompound("xyzqwertzuiop") == ()


def test_stopwords_do_not_block_a_match():
    assert matches(analyze_query("Hebamme in der Nähe"), analyze("Hebamme in Winsen Nähe"))
    assert analyze_query("und oder der") == []


def test_prefixes_for_suggestions_are_folded():
    assert "heb" in prefixes("Hebammensprechstunde")
    assert "fu" in prefixes("Füße")
    assert query_prefix("Beratung für Schwang") == "schwang"
    assert query_prefix("") == ""


def test_analysis_of_hostile_input_is_bounded():
    text = "a" * 100_000 + " " + "<script>" * 100
    assert analyze(text) == ["script"] * 100


@pytest.mark.parametrize(
    ("text", "completed"),
    [
        ("Erziehungs- und Familienberatung", {"erziehungsberatung", "familienberatung"}),
        ("Eltern- und Familienbildung", {"elternbildung", "familienbildung"}),
        ("Erziehungs-, Ehe- und Familienberatung", {"erziehungsberatung", "eheberatung"}),
        ("Familienberatung und -bildung", {"familienberatung", "familienbildung"}),
    ],
)
def test_coordination_is_completed_in_documents_and_queries(text, completed):
    terms = set(analyze(text))
    assert {stem(word) for word in completed} <= terms
    for word in completed:
        assert matches(analyze_query(word), terms)
    # A query in the coordinated form searches for the completed words.
    assert {stem(word) for word in completed} <= set().union(*analyze_query(text))


def test_hyphenated_compounds_match_their_parts_and_the_joined_word():
    document = analyze("Eltern-Kind-Gruppe am Montag")
    for query in ("Eltern-Kind-Gruppe", "Elternkindgruppe", "Gruppe Kind", "Krabbelgruppe"):
        assert matches(analyze_query(query), document), query
    assert matches(analyze_query("Beratungsstelle"), analyze("Beratungs-stelle"))
    assert not matches(analyze_query("Familienberatung"), analyze("Familien- und Rechtsfragen"))
