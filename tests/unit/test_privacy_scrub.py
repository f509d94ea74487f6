"""The small parts of an erasure: which terms name a person, and replacing them in text and stored JSON."""

from __future__ import annotations

import json

from crm.privacy.identity import name_forms
from crm.privacy.scrub import blank_values, clean_terms, json_forms, replace_in, term_pattern


def test_name_forms_cover_how_lists_and_letters_write_a_name():
    state = {"first_name": "Jan", "initials": "J.", "name_prefix": "de", "last_name": "Vries"}
    assert name_forms(state) == ["Jan de Vries", "J. de Vries", "Vries, Jan de"]
    assert name_forms({"initials": "A.B.", "last_name": "Smit"}) == ["A.B. Smit", "Smit, A.B."]
    assert name_forms({"first_name": "Jan"}) == []  # no last name: nothing that names anyone


def test_terms_are_distinct_long_enough_and_longest_first():
    assert clean_terms(["Jan de Vries", "jan  de vries", "06", None, "", "Vries, Jan de"]) == [
        "Vries, Jan de",
        "Jan de Vries",
    ]


def test_replacing_ignores_case_and_spacing_but_not_other_words():
    pattern = term_pattern(["Jan de Vries", "j.devries@example.org"])
    text = "Gesprek met JAN DE  VRIES (j.devries@example.org); Jan de Vriesland belde ook."
    assert replace_in(text, pattern, "X") == "Gesprek met X (X); Jan de Vriesland belde ook."
    assert replace_in("Niets", None, "X") == "Niets" and replace_in(None, pattern, "X") is None


def test_replacing_in_json_keeps_the_shape():
    pattern = term_pattern(["Jörg Maaß"])
    changes = {"people": [["Anna"], ["Anna", "Jörg Maaß"]], "count": 3, "open": True, "note": None}
    assert replace_in(changes, pattern, "P") == {
        "people": [["Anna"], ["Anna", "P"]],
        "count": 3,
        "open": True,
        "note": None,
    }
    # Stored JSON escapes non-ASCII: the database search looks for both spellings.
    assert json_forms("Jörg Maaß") == ["Jörg Maaß", "J\\u00f6rg Maa\\u00df"]
    assert json_forms("Jörg Maaß")[1] in json.dumps({"name": "Jörg Maaß"})


def test_blanking_says_a_field_changed_not_what_it_said():
    changes = {"email": [None, "a@b.example"], "tags": [[], ["x"]], "city": ["Utrecht", "Zeist"]}
    assert blank_values(changes, ["email", "tags"], "[verwijderd]") == {
        "email": [None, "[verwijderd]"],
        "tags": [None, "[verwijderd]"],
        "city": ["Utrecht", "Zeist"],
    }
