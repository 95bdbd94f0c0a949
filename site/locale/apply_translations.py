"""Fill the catalogues from the translators' source files in site/locale/sources/*.txt.

Run after `manage.py makemessages` (see site/locale/README.md). A source entry:

    = English msgid (\\n for a line break)
    de: German
    tr: Türkçe
    ar: العربية          (plural forms separated by " || ")
    uk: Українська

English catalogues copy the msgid: Django falls back to the German catalogue for any string
the active language lacks, so an empty English entry would show German.
"""

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent
LANGUAGES = ["de", "en", "tr", "ar", "uk"]


def load_sources() -> dict[str, dict[str, list[str]]]:
    entries: dict[str, dict[str, list[str]]] = {}
    current = None
    for path in sorted((LOCALE / "sources").glob("*.txt")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("= "):
                current = line[2:].replace("\\n", "\n")
                entries.setdefault(current, {})
                continue
            code, sep, text = line.partition(": ")
            if current is None or not sep or code not in LANGUAGES:
                sys.exit(f"{path.name}:{number}: cannot read {line!r}")
            entries[current][code] = [form.replace("\\n", "\n") for form in text.split(" || ")]
    return entries


def main() -> None:
    sources = load_sources()
    missing: dict[str, list[str]] = {}
    for code in LANGUAGES:
        po_path = LOCALE / code / "LC_MESSAGES" / "django.po"
        po = polib.pofile(str(po_path), wrapwidth=79)
        nplurals = int(po.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
        for entry in po:
            if entry.obsolete:
                continue
            forms = sources.get(entry.msgid, {}).get(code)
            if code == "en" and forms is None:
                forms = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
            if forms is None:
                # Keep what the catalogue has unless it is only a fuzzy guess of msgmerge.
                if "fuzzy" in entry.flags or not entry.translated():
                    entry.flags = [f for f in entry.flags if f != "fuzzy"]
                    entry.previous_msgid = entry.previous_msgid_plural = None
                    entry.previous_msgctxt = None
                    if entry.msgid_plural:
                        entry.msgstr_plural = dict.fromkeys(range(nplurals), "")
                    else:
                        entry.msgstr = ""
                    missing.setdefault(code, []).append(entry.msgid)
                continue
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            entry.previous_msgid = entry.previous_msgid_plural = None
            entry.previous_msgctxt = None
            if entry.msgid_plural:
                if len(forms) != nplurals:
                    sys.exit(f"{code}: {entry.msgid!r} needs {nplurals} plural forms")
                entry.msgstr_plural = dict(enumerate(forms))
            else:
                entry.msgstr = forms[0]
        po.save(str(po_path))
    for code, ids in missing.items():
        print(f"{code}: {len(ids)} untranslated", *ids[:200], sep="\n  ")


if __name__ == "__main__":
    main()
