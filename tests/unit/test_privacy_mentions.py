"""How an erasure recognises a person in free text: by surname with or without initials, titles and prefix, case
and accents ignored; never inside another word; a short surname only with something in front of it."""

from __future__ import annotations

import re

import pytest

from crm.privacy.mentions import Matcher, NameParts, snippet
from crm.privacy.queries_mentions import MentionUnit, chosen_keys

QUINTEN = Matcher(
    [NameParts("Quinten", "Q.", None, "Vlinderboom")],
    ["q.vlinderboom@ocw.example", "070 318 0000"],
    ["Quinten Vlinderboom", "Q. Vlinderboom", "Vlinderboom, Quinten"],
)
ILSE = Matcher([NameParts("Ilse", "I.", "van der", "Wouden")], [], ["Ilse van der Wouden"])
JAN = Matcher([NameParts("Jan", None, None, "Bos")], [], ["Jan Bos"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("collega Vlinderboom belde", "collega P belde"),
        ("Q. Vlinderboom stuurt de tekst", "P stuurt de tekst"),
        ("de heer Vlinderboom", "P"),
        ("De heer Vlinderboom en mw. Jansen", "P en mw. Jansen"),
        ("op voorstel van Vlinderboom", "op voorstel van P"),
        ("Quinten Vlinderboom belt", "P belt"),
        ("Vlinderboom, Quinten", "P"),
        ("dhr. Q.R. Vlinderboom", "P"),
        ("Dr. Vlinderboom", "P"),
        ("VLINDERBOOM!", "P!"),
        ("Vlinderbóóm", "P"),
        ("vlinderbôom", "P"),
        ("Vlinderbo\u0301o\u0301m belde", "P belde"),  # accents written as their own characters
        ("mail q.vlinderboom@ocw.example of bel 070 318 0000", "mail P of bel P"),
        ("Vlinderboomgaard en boomkwekerij", "Vlinderboomgaard en boomkwekerij"),  # another word
        ("Vlinderboom-Jansen", "P-Jansen"),
    ],
)
def test_a_surname_is_found_however_it_is_written(text, expected):
    assert QUINTEN.replace(text, "P") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mevrouw Van der Wouden zei", "P zei"),
        ("I. van der Wouden", "P"),
        ("op voorstel van Van der Wouden", "op voorstel van P"),
        ("VAN DER WOUDEN", "P"),
        ("mw. van  der\nWóuden", "P"),
        ("de Wouden achter het huis", "de Wouden achter het huis"),  # without their prefix: not their name
    ],
)
def test_a_prefix_belongs_to_the_surname(text, expected):
    assert ILSE.replace(text, "P") == expected


def test_a_short_surname_needs_a_title_an_initial_or_a_given_name():
    assert JAN.replace("wandelen in het bos", "P") == "wandelen in het bos"
    assert JAN.replace("Bos zei", "P") == "Bos zei"
    assert JAN.replace("mevrouw Bos, J. Bos en Jan Bos", "P") == "P, P en P"


def test_what_is_strong_is_an_address_or_a_number():
    spans = QUINTEN.spans("Vlinderboom (q.vlinderboom@ocw.example)")
    assert [s.strong for s in spans] == [False, True]


def test_replacing_in_stored_json_keeps_the_shape():
    value = {"items": [{"title": "Motie", "minutes": "De heer Vlinderbóóm licht toe"}], "count": 2, "flag": None}
    assert QUINTEN.replace_in(value, "P") == {"items": [{"title": "Motie", "minutes": "P licht toe"}], "count": 2,
                                              "flag": None}  # fmt: skip


def test_the_database_sieve_lets_every_spelling_through():
    """The LIKE patterns the database uses first must match every text the matcher finds (vowels left open)."""

    def like(pattern: str, text: str) -> bool:
        regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
        return re.fullmatch(regex, text.lower(), flags=re.S) is not None

    for text in ("De heer VLINDERBÓÓM", "collega vlinderboom", "Vlinderbôom", "q.vlinderboom@ocw.example"):
        assert any(like(p, text) for p in QUINTEN.like_patterns()), text
    for text in ("mevrouw Van der Wóuden", "I. van der Wouden"):
        assert any(like(p, text) for p in ILSE.like_patterns()), text
    for text in ("mevrouw Bos", "J. Bos", "Jan Bos"):
        assert any(like(p, text) for p in JAN.like_patterns()), text
    assert not any(like(p, "wandelen in het bos") for p in JAN.like_patterns())


def test_a_snippet_shows_the_mention_in_its_context():
    text = "Een lange notitie waarin de collega Vlinderboom belde over de motie en nog veel meer tekst daarna."
    (span,) = QUINTEN.spans(text)
    assert snippet(text, span, width=20) == ("…e waarin de collega ", "Vlinderboom", " belde over de motie…")


def test_the_chosen_records_are_the_ticked_ones_and_the_defaults_of_records_found_since():
    linked = MentionUnit("interaction", 1, linked=True)
    strong = MentionUnit("interaction", 2, strong=True)
    other = MentionUnit("interaction", 3)
    units = [linked, strong, other]
    assert chosen_keys(units, None, None) == {"interaction:1", "interaction:2"}  # no preview: the defaults
    assert chosen_keys(units, {"interaction:3"}, {"interaction:1", "interaction:2", "interaction:3"}) == {
        "interaction:3"
    }
    # Shown and unticked stays unticked; not shown (found since) follows its default.
    assert chosen_keys(units, set(), {"interaction:1"}) == {"interaction:2"}
