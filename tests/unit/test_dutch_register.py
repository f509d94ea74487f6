"""The Dutch interface speaks to its user in one register: informal "je", never the formal "u" (issue 13, item 17).

The formal register belongs to the letters an organisation sends to a minister or a municipality (user data and the
built-in documents' sample text); every string of the interface itself — screens, e-mails, the signing page, the
built-in templates' field labels and hints — says "je"."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "crm/translations/nl/LC_MESSAGES/messages.po"
# Formal pronouns and the formal verb forms that go with them, as whole words.
FORMAL = re.compile(r"\b(u|uw|uwe|uzelf|wilt u|kunt u|heeft u|bent u|zou u)\b", re.IGNORECASE)


def formal_phrases(text: str) -> list[str]:
    return [match.group(0) for match in FORMAL.finditer(text)]


def test_the_register_check_finds_formal_forms_as_whole_words():
    assert formal_phrases("U kunt hieronder ondertekenen.") == ["U"]
    assert formal_phrases("Graag uw reactie") == ["uw"]
    assert formal_phrases("Wilt u dat?") == ["Wilt u"]
    assert formal_phrases("Je kunt het uur, de uitnodiging en uren kiezen; u-bocht") == ["u"]  # u-bocht: "u" alone
    assert formal_phrases("Je kunt uitnodigen; jouw uur.") == []


def test_the_dutch_catalogue_addresses_the_user_informally():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    formal = []
    for entry in catalogue:
        if not entry.id:
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for string in strings:
            if found := formal_phrases(string):
                formal.append(f"{string!r} ({', '.join(found)})")
    assert formal == [], "say “je” instead of “u”:\n" + "\n".join(formal)
