"""In English the interface is English, with one date style (issue 13, item 16).

Each role signs in with the language English and opens the main pages, with a record of every kind to show
(tests/english_world.py: named in English, so a Dutch word on a page comes from the interface). The visible text —
and what a screen reader says: aria-label, title, placeholder, alt — holds none of a list of Dutch words, and every
date is written "4 Dec 2026" (a moment "4 Dec 2026, 14:30"), never "Dec 4, 2026", "12/4/26" or "Friday 4 December".

Left out of the text: the source code a template page shows (<pre>: template.html, style.css and meta.toml of the
Dutch documents, whose sample content is Dutch), and the stored audit labels of records written before (none here).
"""

from __future__ import annotations

import re

import lxml.html
import pytest
from flask_babel import force_locale

from tests.english_world import build_world, main_pages

# Words of the Dutch interface: labels, buttons, hints and the letter history, and common Dutch words that no English
# sentence has. The examples that hints give of a Dutch document's own text (‘Met vriendelijke groet,’, ‘Betreft:’)
# are left out of this list on purpose: the documents are Dutch.
DUTCH_WORDS = [
    "Onderwerp",
    "Bijlagen",
    "Aanhef",
    "Slotformule",
    "Geadresseerde",
    "Ondertekenaars",
    "Ondertekenaar",
    "Ondertekend",
    "Toegevoegd",
    "Ondertekeningslink",
    "Organisatie",
    "Organisaties",
    "Personen",
    "Persoon",
    "Contacten",
    "Overleggen",
    "Brieven",
    "Sjabloon",
    "Sjablonen",
    "Opslaan",
    "Annuleren",
    "Zoeken",
    "Bewerken",
    "Wijzigen",
    "Verwijderen",
    "Archiveren",
    "Geschiedenis",
    "Nieuwe",
    "Nieuw",
    "Gebruiker",
    "Gebruikers",
    "Standpunt",
    "Standpunten",
    "Krachtenveld",
    "Gemaakt",
    "Verslagversie",
    "Titel",
    "Ondertitel",
    "Opstellers",
    "Samenvatting",
    "Hoofdstukken",
    "Bronnen",
    "Datum",
    "Tijd",
    "Locatie",
    "Voorzitter",
    "Aanwezigen",
    "Besluiten",
    "Actiepunten",
    "Leeg",
    "laten",
    "vandaag",
    "gisteren",
    "niet",
    "geen",
    "wordt",
    "worden",
    "alleen",
    "voor",
    "naar",
    "heeft",
    "zijn",
    "ook",
    "nog",
    "bij",
    "een",
    "het",
    "je",
    "jouw",
    "jij",
    "uw",
    "kies",
    "januari",
    "februari",
    "maart",
    "mei",
    "juni",
    "juli",
    "augustus",
    "oktober",
    "mrt",
    "okt",
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
]
DUTCH = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, DUTCH_WORDS)) + r")(?![\w-])")
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
OTHER_DATE_STYLES = re.compile(
    rf"\b{MONTH}[a-z]* \d{{1,2}}, \d{{4}}"  # Dec 4, 2026 / December 4, 2026 (medium, long)
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b"  # 12/4/26 (short)
    r"|\b(?:January|February|March|April|June|July|August|September|October|November|December) \d"  # long
    r"|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? \d"  # a weekday before the date
    r"|\b\d{1,2}:\d{2} ?[AP]M\b"  # 2:14 PM
)
ROLES = ("admin", "director", "lobbyist", "viewer")


def readable_text(html: str) -> str:
    """What a person reads or hears on the page: its text and the names given in attributes."""
    document = lxml.html.fromstring(html)
    for hidden in document.xpath("//script | //style | //template | //pre"):
        hidden.drop_tree()
    parts = [" ".join(document.itertext())]
    for element in document.xpath("//*[@aria-label or @title or @placeholder or @alt]"):
        parts += [element.get(name) for name in ("aria-label", "title", "placeholder", "alt") if element.get(name)]
    for button in document.xpath("//input[@type='submit' or @type='button']"):
        parts.append(button.get("value") or "")
    return " ".join(parts)


def test_the_checks_see_dutch_and_other_date_styles():
    assert DUTCH.findall(readable_text('<p>Ondertekend</p><button title="Opslaan">Save</button>')) == [
        "Ondertekend",
        "Opslaan",
    ]
    assert DUTCH.findall(readable_text("<p>Leave empty for ‘Met vriendelijke groet,’ · coalition-het</p>")) == []
    found = OTHER_DATE_STYLES.findall("Dec 4, 2026 · 12/4/26 · December 4 · Fri 4 Dec 2026 · 2:14 PM")
    assert len(found) == 5
    assert OTHER_DATE_STYLES.findall("4 Dec 2026 · 4 Dec 2026, 14:30 · 2026-12-04") == []


@pytest.mark.parametrize("role", ROLES)
def test_every_main_page_in_english_has_no_dutch_and_one_date_style(client, login_as, role):
    user = login_as(role, name="Robin Example", language="en")
    with force_locale("en"):  # the records' stored labels (the audit trail's) written by an English-speaking team
        world = build_world(user)
    problems = []
    for url in main_pages(world, role):
        response = client.get(url)
        assert response.status_code == 200, url
        text = readable_text(response.get_data(as_text=True))
        if dutch := sorted(set(DUTCH.findall(text))):
            problems.append(f"{url}: Dutch {dutch}")
        if dates := sorted(set(OTHER_DATE_STYLES.findall(text))):
            problems.append(f"{url}: another date style {dates}")
    assert problems == [], "\n".join(problems)
