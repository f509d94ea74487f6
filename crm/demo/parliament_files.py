"""Writes the demo parliament: fictional Tweede Kamer data as files in the Gegevensmagazijn's own format.

Run `python -m crm.demo.parliament_files` after changing it; the files in crm/demo/parliament/ are bundled and
read by the demo's local transport (crm/parliament/files.py), which moves the agenda's dates by whole weeks so that
the week of DEMO_ANCHOR is the current week. The Kamerleden and committees are the demo registry's own
(crm/demo/data.py), so the import links them; a namesake of the OCW committee's clerk waits on the review list.
Every person is fictional.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from crm.parliament.files import DEMO_ANCHOR, DEMO_FOLDER
from crm.parliament.records import ENTITY_SETS, api_row
from crm.parliament.values import AMSTERDAM

NAMESPACE = uuid.UUID("6f1d8a52-4c3e-4b7a-9a0e-2d5b1c7e9f10")

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
    (
        -5,
        1,
        14,
        "Stemmingen",
        "TK",
        "Stemmingen",
        "Uitgevoerd",
        [
            (
                "Stemmingen over moties ingediend bij het commissiedebat cultuur",
                [
                    ("Motie", "Motie over een eerlijke beloning voor makers in de cultuursector", 2, "Motie"),
                    ("Motie", "Motie over het behoud van amateurkunstvoorzieningen in gemeenten", 2, "Motie"),
                ],
            )
        ],
    ),
    (
        -4,
        3,
        10,
        "Procedurevergadering",
        "OCW",
        "Procedurevergadering OCW",
        "Uitgevoerd",
        [("Lijst van ingekomen stukken", [])],
    ),
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
    (
        -1,
        3,
        10,
        "Procedurevergadering",
        "OCW",
        "Procedurevergadering OCW",
        "Uitgevoerd",
        [
            (
                "Lijst van ingekomen stukken",
                [("Brief regering", "Voortgangsrapportage Nationaal Programma Onderwijs", 1, "Brief regering")],
            )
        ],
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
    (
        0,
        3,
        10,
        "Procedurevergadering",
        "OCW",
        "Procedurevergadering OCW",
        "Gepland",
        [("Lijst van ingekomen stukken", [])],
    ),
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
    (
        2,
        1,
        14,
        "Stemmingen",
        "TK",
        "Stemmingen",
        "Gepland",
        [
            (
                "Stemmingen over moties ingediend bij het commissiedebat cultuureducatie",
                [("Motie", "Motie over structurele middelen voor cultuureducatie na afloop van het NPO", 1, "Motie")],
            )
        ],
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
    (
        6,
        3,
        10,
        "Procedurevergadering",
        "OCW",
        "Procedurevergadering OCW",
        "Gepland",
        [("Lijst van ingekomen stukken", [])],
    ),
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


class Builder:
    def __init__(self) -> None:
        self.rows: dict[str, list[dict]] = {entity.name: [] for entity in ENTITY_SETS}
        self.moment = datetime(2025, 12, 1, 8, 0)

    def id(self, *parts: object) -> str:
        return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))

    def add(self, entity_set: str, key: tuple, **values) -> str:
        self.moment += timedelta(seconds=7, microseconds=123457)
        published = self.moment.strftime("%Y-%m-%dT%H:%M:%S.%f") + "1Z"  # seven digits, as the API writes them
        row_id = self.id(entity_set, *key)
        changed = (self.moment + timedelta(hours=1)).replace(microsecond=0).isoformat() + "+01:00"
        self.rows[entity_set].append(api_row(entity_set, row_id, published, GewijzigdOp=changed, **values))
        return row_id


def local(day: date, hour: int, minute: int = 0) -> str:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM).isoformat()


def midnight(value: str | date) -> str:
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return local(day, 0)


def build() -> Builder:
    b = Builder()
    fraction_ids, seat_ids = {}, {}
    for n, (abbreviation, name, seats) in enumerate(FRACTIONS, 1):
        fraction_ids[abbreviation] = b.add(
            "Fractie",
            (abbreviation,),
            Nummer=n,
            Afkorting=abbreviation,
            NaamNL=name,
            NaamEN=name,
            AantalZetels=seats,
            DatumActief=midnight("2023-12-06"),
        )
        seat_ids[abbreviation] = b.add(
            "FractieZetel", (abbreviation,), Fractie_Id=fraction_ids[abbreviation], Gewicht=1
        )
    committee_ids, committee_seats = {}, {}
    for n, (abbreviation, name) in enumerate(COMMITTEES, 1):
        committee_ids[abbreviation] = b.add(
            "Commissie",
            (abbreviation,),
            Nummer=n,
            Afkorting=abbreviation,
            NaamNL=name,
            NaamWebNL=name,
            Soort="Vaste commissie",
            DatumActief=midnight("2002-01-01"),
        )
        committee_seats[abbreviation] = b.add(
            "CommissieZetel", (abbreviation,), Commissie_Id=committee_ids[abbreviation]
        )
    for n, (first, prefix, last, gender, fraction, start, until, committees) in enumerate(PEOPLE, 1):
        person_id = b.add(
            "Persoon",
            (first, last),
            Nummer=1000 + n,
            Initialen=f"{first[0]}.",
            Tussenvoegsel=prefix,
            Achternaam=last,
            Voornamen=first,
            Roepnaam=first,
            Geslacht=gender,
            Functie="Tweede Kamerlid" if until is None else "Oud Kamerlid",
            Woonplaats="Den Haag",
        )
        b.add(
            "FractieZetelPersoon",
            (first, last, fraction),
            FractieZetel_Id=seat_ids[fraction],
            Persoon_Id=person_id,
            Functie="Lid",
            Van=midnight(start),
            TotEnMet=midnight(until) if until else None,
        )
        for committee, function, c_start, c_until, substitute in committees:
            entity_set = "CommissieZetelVervangerPersoon" if substitute else "CommissieZetelVastPersoon"
            b.add(
                entity_set,
                (first, last, committee),
                CommissieZetel_Id=committee_seats[committee],
                Persoon_Id=person_id,
                Functie=function,
                Van=midnight(c_start),
                TotEnMet=midnight(c_until) if c_until else None,
            )
    dossier_ids = [
        b.add(
            "Kamerstukdossier",
            (number,),
            Nummer=number,
            Toevoeging=addition,
            Titel=title,
            Kamer="Tweede Kamer",
            Afgesloten=False,
            HoogsteVolgnummer=12,
        )
        for number, addition, title in DOSSIERS
    ]
    case_count = 0
    for n, (weeks, weekday, hour, soort, committee, subject, status, items) in enumerate(ACTIVITIES, 1):
        day = DEMO_ANCHOR + timedelta(weeks=weeks, days=weekday)
        lead = dict(COMMITTEES)[committee]
        activity_id = b.add(
            "Activiteit",
            (n,),
            Soort=soort,
            Nummer=f"2026A{n:05d}",
            Onderwerp=subject,
            DatumSoort="Dag",
            Datum=local(day, hour),
            Aanvangstijd=local(day, hour),
            Eindtijd=local(day, hour + 2),
            Locatie="Thorbeckezaal" if committee != "TK" else "Plenaire zaal",
            Besloten=soort == "Procedurevergadering",
            Status=status,
            Vergaderjaar="2025-2026",
            Kamer="Tweede Kamer",
            Voortouwnaam=lead,
            Voortouwafkorting=committee,
            Voortouwkortenaam=committee,
            Voortouwcommissie_Id=committee_ids[committee],
        )
        for position, (item_subject, cases) in enumerate(items, 1):
            case_ids, document_ids = [], []
            for case_soort, case_subject, dossier, document_soort in cases:
                case_count += 1
                links = [{"Id": dossier_ids[dossier]}] if dossier is not None else []
                case_ids.append(
                    b.add(
                        "Zaak",
                        (n, position, case_subject),
                        Nummer=f"2026Z{case_count:05d}",
                        Soort=case_soort,
                        Onderwerp=case_subject,
                        Titel=case_subject,
                        Status="Vrijgegeven",
                        GestartOp=midnight(day - timedelta(days=14)),
                        Organisatie="Tweede Kamer",
                        Vergaderjaar="2025-2026",
                        Afgedaan=weeks < 0,
                        GrootProject=False,
                        Kamerstukdossier=links,
                    )
                )
                document_ids.append(
                    b.add(
                        "Document",
                        (n, position, case_subject),
                        Soort=document_soort,
                        DocumentNummer=f"2026D{case_count:05d}",
                        Titel=case_subject,
                        Onderwerp=case_subject,
                        Datum=midnight(day - timedelta(days=14)),
                        Vergaderjaar="2025-2026",
                        Kamer=2,
                        Volgnummer=case_count,
                        DatumRegistratie=midnight(day - timedelta(days=13)),
                        Organisatie="Tweede Kamer",
                        ContentType="application/pdf",
                        ContentLength=21431,
                        Kamerstukdossier=links,
                    )
                )
            item_id = b.add(
                "Agendapunt",
                (n, position),
                Activiteit_Id=activity_id,
                Nummer=f"2026P{n:03d}{position:02d}",
                Onderwerp=item_subject,
                Volgorde=position,
                Status="Vrijgegeven",
                Zaak=[{"Id": i} for i in case_ids],
                Document=[{"Id": i} for i in document_ids],
            )
            if soort == "Stemmingen" and status == "Uitgevoerd":
                for case_id in case_ids:
                    decision = b.add(
                        "Besluit",
                        (case_id,),
                        Agendapunt_Id=item_id,
                        StemmingsSoort="Met handopsteken",
                        BesluitSoort="Stemmen - aangenomen",
                        BesluitTekst="Aangenomen.",
                        Status="Besluit",
                        AgendapuntZaakBesluitVolgorde=1,
                        Zaak=[{"Id": case_id}],
                    )
                    for abbreviation, _name, seats in FRACTIONS:
                        b.add(
                            "Stemming",
                            (case_id, abbreviation),
                            Besluit_Id=decision,
                            Soort="Tegen" if abbreviation in ("PVV", "BBB") else "Voor",
                            FractieGrootte=seats,
                            ActorNaam=abbreviation,
                            ActorFractie=abbreviation,
                            Vergissing=False,
                            Fractie_Id=fraction_ids[abbreviation],
                        )
    for n, (weeks, text, ministry, status) in enumerate(COMMITMENTS, 1):
        day = DEMO_ANCHOR + timedelta(weeks=weeks, days=2)
        b.add(
            "Toezegging",
            (n,),
            Nummer=f"TZ2026{n:04d}",
            ActiviteitNummer="2026A00001",
            Naam="Minister van OCW",
            Functie="minister",
            Ministerie=ministry,
            Status=status,
            Tekst=text,
            Aanmaakdatum=midnight(day),
            DatumNakoming=midnight(day + timedelta(weeks=12)),
        )
    return b


def write(folder: Path = DEMO_FOLDER) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for entity_set, rows in build().rows.items():
        body = {
            "@odata.context": f"https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/$metadata#{entity_set}",
            "value": rows,
        }
        (folder / f"{entity_set}.json").write_text(
            json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    write()
