"""The Dutch catalogue covers every string in the code and templates, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "crm/translations/nl/LC_MESSAGES/messages.po"
METHODS = [("crm/**.py", "python"), ("templates/**.html", "jinja2")]
OPTIONS = {"templates/**.html": {"trimmed": "true"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def source_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, OPTIONS, KEYWORDS, directory_filter=lambda d: not Path(d).name.startswith((".", "venv"))
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_source_string_has_a_dutch_translation():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    translated = {}
    for entry in catalogue:
        if entry.id:
            key = entry.id[0] if isinstance(entry.id, tuple) else entry.id
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            translated[key] = strings if all(strings) and "fuzzy" not in entry.flags else None
    missing = sorted(m for m in source_messages() if not translated.get(m))
    assert missing == [], "run `make messages` and translate: " + "; ".join(missing[:10])


def test_translations_keep_their_placeholders():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    broken = []
    for entry in catalogue:
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if set(PLACEHOLDER.findall(string)) != expected:
                broken.append(ids[0])
    assert broken == []
