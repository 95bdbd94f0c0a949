"""The professionals' network in the demo: which fields of work each kind of provider covers,
institutions that run no family offer but belong in a referral network, the working groups,
the document library and the demo professional's login (printed by the quick start)."""

from __future__ import annotations

import datetime

# Provider kind (demo.data.offers.PROVIDERS) → fields of work (PartnerField codes).
PROVIDER_FIELDS = {
    "jugendamt": ["jugendhilfe"],
    "gesundheitsamt": ["gesundheitswesen"],
    "diakonie": ["beratung", "jugendhilfe"],
    "awo": ["beratung", "migration"],
    "drk": ["beratung", "kita"],
    "beratungsstelle": ["beratung"],
    "hebammen": ["hebammenwesen", "gesundheitswesen"],
}
# (name pattern, fields of work, description) per region.
EXTRA_PARTNERS = [
    ("Familiengericht am Amtsgericht {town}", ["justiz"], "Familiensachen und Kindschaftssachen."),
    ("Grundschule am Park {town}", ["schule"], "Grundschule mit Schulsozialarbeit."),
    ("Migrationsberatung für Erwachsene {short}", ["migration", "beratung"], ""),
    ("Sozialpsychiatrischer Dienst {short}", ["sozialpsychiatrie", "gesundheitswesen"], ""),
    ("Kita Regenbogen {town}", ["kita"], "Kindertagesstätte mit Krippe."),
]
INTERNAL_NOTES = "Rückrufe am besten vormittags; Fallübergaben nur mit Einwilligung der Familie."

# (slug, name, description); each demo region names its group (demo.data.regions).
WORKING_GROUPS = [
    ("ag-nord", "AG Nord", "Arbeitsgemeinschaft der Netzwerkpartner im Norden."),
    ("ag-sued", "AG Süd", "Arbeitsgemeinschaft der Netzwerkpartner im Süden."),
]
# Each group's meetings: days from today (one past, two ahead), shifted a week per group.
MEETING_DAYS = (-40, 21, 110)

AGREEMENT = {
    "slug": "kooperationsvereinbarung",
    "title": "Kooperationsvereinbarung",
    "description": "Die Vereinbarung der Partner im Netzwerk Frühe Hilfen.",
}
# (version, valid from, change note)
AGREEMENT_VERSIONS = [
    ("1.0", datetime.date(2023, 3, 1), "Erste Fassung"),
    ("2.0", datetime.date(2025, 9, 1), "Datenschutz und Fallübergaben ergänzt"),
]
RULES_OF_PROCEDURE = {
    "slug": "geschaeftsordnung-ag-nord",
    "title": "Geschäftsordnung AG Nord",
    "working_group": "ag-nord",
    "valid_from": datetime.date(2024, 1, 15),
}

# (username, e-mail, password): the demo professional, who sees protected contact data.
DEMO_PROFESSIONAL = ("fachkraft", "fachkraft@example.org", "Fruehe-Hilfen-2026")
