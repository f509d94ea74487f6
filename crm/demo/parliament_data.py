"""The demo parliament's contents: fractions, committees, Kamerleden (the demo registry's own, plus a few), dossiers
and a few months of activities around DEMO_ANCHOR on the demo dossiers' subjects. crm/demo/parliament_files.py turns
them into the API's files. Every person is fictional."""

FRACTIONS = [  # (abbreviation, name, seats)
    ("VVD", "Volkspartij voor Vrijheid en Democratie", 24),
    ("D66", "Democraten 66", 9),
    ("CDA", "Christen-Democratisch Appèl", 5),
    ("GL-PvdA", "GroenLinks-PvdA", 25),
    ("SP", "Socialistische Partij", 5),
    ("ChristenUnie", "ChristenUnie", 3),
    ("BBB", "BoerBurgerBeweging", 7),
    ("Volt", "Volt", 2),
    ("PVV", "Partij voor de Vrijheid", 37),
    ("NSC", "Nieuw Sociaal Contract", 20),
]
COMMITTEES = [  # (abbreviation, name)
    ("OCW", "Vaste commissie voor Onderwijs, Cultuur en Wetenschap"),
    ("VWS", "Vaste commissie voor Volksgezondheid, Welzijn en Sport"),
    ("SZW", "Vaste commissie voor Sociale Zaken en Werkgelegenheid"),
    ("FIN", "Vaste commissie voor Financiën"),
    ("TK", "Tweede Kamer"),
]
# (first, prefix, last, gender, fraction, seat from, seat until, [(committee, function, from, until, substitute)])
PEOPLE = [
    ("Annemijn", None, "Terpstra", "vrouw", "D66", "2021-03-31", None, [("OCW", "Lid", "2021-04-15", None, False)]),
    ("Gerrit", None, "Hofstede", "man", "CDA", "2017-03-23", None, [("OCW", "Voorzitter", "2021-04-15", None, False)]),
    (
        "Yasmina",
        None,
        "El Ouardi",
        "vrouw",
        "GL-PvdA",
        "2023-12-06",
        None,
        [("OCW", "Lid", "2023-12-20", None, False), ("SZW", "Plv. lid", "2023-12-20", None, True)],
    ),
    ("Pieter", None, "Zandbergen", "man", "VVD", "2021-03-31", None, [("OCW", "Lid", "2021-04-15", None, False)]),
    ("Lieke", None, "Brouwershaven", "vrouw", "SP", "2023-12-06", None, [("VWS", "Lid", "2023-12-20", None, False)]),
    (
        "Koen",
        None,
        "Wapenaar",
        "man",
        "ChristenUnie",
        "2017-03-23",
        "2023-12-05",
        [("OCW", "Lid", "2017-04-01", "2023-12-05", False)],
    ),
    ("Charlotte", None, "Veldhuizen", "vrouw", "Volt", "2023-12-06", None, [("OCW", "Lid", "2023-12-20", None, False)]),
    (
        "Ruben",
        "van",
        "Dalfsen",
        "man",
        "PVV",
        "2023-12-06",
        None,
        [("OCW", "Ondervoorzitter", "2023-12-20", None, False), ("FIN", "Lid", "2023-12-20", None, False)],
    ),
    (
        "Marloes",
        None,
        "Kuipers",
        "vrouw",
        "NSC",
        "2023-12-06",
        None,
        [("OCW", "Lid", "2023-12-20", None, False), ("VWS", "Plv. lid", "2023-12-20", None, True)],
    ),
    ("Jeroen", "de", "Wit", "man", "BBB", "2023-12-06", None, [("OCW", "Lid", "2023-12-20", None, False)]),
    ("Sanne", None, "Mulder", "vrouw", "GL-PvdA", "2023-12-06", None, [("SZW", "Lid", "2023-12-20", None, False)]),
    (
        "Thijs",
        None,
        "Bakhuis",
        "man",
        "VVD",
        "2023-12-06",
        None,
        [("FIN", "Voorzitter", "2023-12-20", None, False), ("OCW", "Plv. lid", "2023-12-20", None, True)],
    ),
    ("Fenna", "van der", "Linde", "vrouw", "PVV", "2023-12-06", None, [("VWS", "Lid", "2023-12-20", None, False)]),
    ("Arjen", None, "Smeenk", "man", "NSC", "2023-12-06", None, [("SZW", "Lid", "2023-12-20", None, False)]),
]
DOSSIERS = [  # (number, addition, title)
    (
        36600,
        "VIII",
        "Vaststelling van de begrotingsstaten van het Ministerie van Onderwijs, Cultuur en Wetenschap (VIII) "
        "voor het jaar 2025",
    ),
    (35904, None, "Nationaal Programma Onderwijs"),
    (32820, None, "Nieuwe uitgangspunten cultuurbeleid"),
]


def _procedure_meeting(weeks: int, status: str, cases: list | None = None) -> tuple:
    """The OCW committee's procedure meeting, a Wednesday at ten: one agenda item, the papers come in (`cases`)."""
    return (weeks, 3, 10, "Procedurevergadering", "OCW", "Procedurevergadering OCW", status,
            [("Lijst van ingekomen stukken", cases or [])])  # fmt: skip


def _plenary_votes(weeks: int, status: str, item: str, *motions: tuple[str, int]) -> tuple:
    """The plenary votes, a Tuesday at two: one agenda item, the motions voted on (subject, dossier index)."""
    return (weeks, 1, 14, "Stemmingen", "TK", "Stemmingen", status,
            [(item, [("Motie", subject, dossier, "Motie") for subject, dossier in motions])])  # fmt: skip


# (weeks from the anchor week, weekday, hour, soort, committee, subject, status, [agenda items])
# An agenda item: (subject, [(zaak soort, zaak subject, dossier index or None, document soort)])
ACTIVITIES = [
    (
        -6,
        2,
        10,
        "Commissiedebat",
        "OCW",
        "Cultuurbegroting en de arbeidsmarkt in de culturele sector",
        "Uitgevoerd",
        [
            (
                "Brief regering over de arbeidsmarktagenda culturele en creatieve sector",
                [("Brief regering", "Arbeidsmarktagenda culturele en creatieve sector", 2, "Brief regering")],
            )
        ],
    ),
    _plenary_votes(
        -5,
        "Uitgevoerd",
        "Stemmingen over moties ingediend bij het commissiedebat cultuur",
        ("Motie over een eerlijke beloning voor makers in de cultuursector", 2),
        ("Motie over het behoud van amateurkunstvoorzieningen in gemeenten", 2),
    ),
    _procedure_meeting(-4, "Uitgevoerd"),
    (
        -3,
        2,
        13,
        "Rondetafelgesprek",
        "OCW",
        "Rondetafelgesprek cultuureducatie in het primair onderwijs",
        "Uitgevoerd",
        [("Gesprek met scholen, kunstenaars en gemeenten", [])],
    ),
    (-2, 1, 10, "Commissiedebat", "VWS", "Sport en bewegen", "Geannuleerd", [("Sportbeleid", [])]),
    _procedure_meeting(
        -1,
        "Uitgevoerd",
        [("Brief regering", "Voortgangsrapportage Nationaal Programma Onderwijs", 1, "Brief regering")],
    ),
    (
        0,
        1,
        14,
        "Plenair debat",
        "TK",
        "Debat over de toekomst van het kunstvakonderwijs",
        "Gepland",
        [
            (
                "Debat over de toekomst van het kunstvakonderwijs",
                [("Brief regering", "Toekomst kunstvakonderwijs", 2, "Brief regering")],
            )
        ],
    ),
    _procedure_meeting(0, "Gepland"),
    (
        1,
        2,
        10,
        "Commissiedebat",
        "OCW",
        "Cultuureducatie en het Nationaal Programma Onderwijs",
        "Gepland",
        [
            (
                "Nationaal Programma Onderwijs: voortgang en afbouw",
                [("Brief regering", "Voortgangsrapportage Nationaal Programma Onderwijs", 1, "Brief regering")],
            ),
            (
                "Cultuureducatie in het primair onderwijs",
                [("Brief regering", "Beleidsreactie cultuureducatie met kwaliteit", 2, "Brief regering")],
            ),
        ],
    ),
    (
        1,
        4,
        13,
        "Technische briefing",
        "SZW",
        "Technische briefing over de Fair Practice Code",
        "Gepland",
        [("Fair Practice Code", [])],
    ),
    _plenary_votes(
        2,
        "Gepland",
        "Stemmingen over moties ingediend bij het commissiedebat cultuureducatie",
        ("Motie over structurele middelen voor cultuureducatie na afloop van het NPO", 1),
    ),
    (
        2,
        3,
        10,
        "Notaoverleg",
        "OCW",
        "Notaoverleg initiatiefnota over amateurkunst en cultuurparticipatie",
        "Verplaatst",
        [
            (
                "Initiatiefnota amateurkunst",
                [
                    (
                        "Initiatiefnota",
                        "Initiatiefnota Iedereen doet mee: amateurkunst en cultuurparticipatie",
                        2,
                        "Initiatiefnota",
                    )
                ],
            )
        ],
    ),
    (
        3,
        2,
        10,
        "Wetgevingsoverleg",
        "OCW",
        "Wetgevingsoverleg cultuurbegroting",
        "Gepland",
        [
            (
                "Begroting OCW 2026, onderdeel cultuur",
                [
                    ("Wetgeving", "Vaststelling begrotingsstaten OCW 2026", 0, "Begroting"),
                    ("Amendement", "Amendement over extra middelen voor cultuureducatie", 0, "Amendement"),
                ],
            )
        ],
    ),
    (
        5,
        2,
        10,
        "Commissiedebat",
        "VWS",
        "Evenementen en de heropening na de coronamaatregelen",
        "Gepland",
        [("Evaluatie Fieldlabs en routekaart", [("Brief regering", "Evaluatie Fieldlabs", None, "Brief regering")])],
    ),
    _procedure_meeting(6, "Gepland"),
]
COMMITMENTS = [  # (weeks, subject, ministry, status)
    (
        -6,
        "De minister stuurt voor de zomer een brief over de arbeidsmarkt in de culturele sector.",
        "OCW",
        "Openstaand",
    ),
    (-3, "De minister informeert de Kamer over de afbouw van het Nationaal Programma Onderwijs.", "OCW", "Voldaan"),
]
