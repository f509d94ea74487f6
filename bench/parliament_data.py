"""A synthetic snapshot of the Tweede Kamer's open data at the real size, as the API's own pages, deterministic.

`write_snapshot(folder, scale)` writes one file per entity set (`<Set>_synthetic.json`, a collection envelope of
`api_row`s) for `scale` × FULL_SIZE rows: at 1.0 about 1,500 persons, 20 fractions, 40 committees with 1,500
seats, 20,000 activities, 60,000 zaken, 100,000 documents and 200,000 votes. Activities lie within a year around
today. The focus activity (the first one) is an OCW committee debate next week with agenda items, cases and
documents, so the activity page has the same shape at every size.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from crm.parliament.records import ENTITY_SETS, api_row
from crm.parliament.values import AMSTERDAM

SEED = 20261207
NAMESPACE = uuid.UUID("3b9f0f5e-8a41-4a8e-9d37-1c2f6a5b7e21")
FULL_SIZE = {
    "Fractie": 20,
    "Persoon": 1500,
    "Commissie": 40,
    "CommissieZetel": 1500,
    "Activiteit": 20_000,
    "Zaak": 60_000,
    "Document": 100_000,
    "Stemming": 200_000,
    "Kamerstukdossier": 2_000,
    "Toezegging": 3_000,
}
SOORTEN = [
    "Commissiedebat",
    "Procedurevergadering",
    "Plenair debat",
    "Stemmingen",
    "Rondetafelgesprek",
    "Notaoverleg",
    "Wetgevingsoverleg",
    "Technische briefing",
    "Hoorzitting",
]
WORDS = [
    "cultuur",
    "onderwijs",
    "zorg",
    "wonen",
    "klimaat",
    "arbeidsmarkt",
    "begroting",
    "erfgoed",
    "media",
    "sport",
    "jeugd",
    "veiligheid",
    "landbouw",
    "energie",
    "digitalisering",
]


def gid(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def size(entity_set: str, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(FULL_SIZE[entity_set] * scale))


class Snapshot:
    def __init__(self) -> None:
        self.rows: dict[str, list[dict]] = {entity.name: [] for entity in ENTITY_SETS}
        self.clock = datetime(2024, 1, 1, tzinfo=UTC)

    def add(self, entity_set: str, row_id: str, **values) -> str:
        self.clock += timedelta(microseconds=1371)
        published = self.clock.strftime("%Y-%m-%dT%H:%M:%S.%f") + "7Z"
        self.rows[entity_set].append(
            api_row(entity_set, row_id, published, GewijzigdOp=self.clock.isoformat(), **values)
        )
        return row_id


def _local(moment: datetime) -> str:
    return moment.replace(tzinfo=AMSTERDAM).isoformat()


def _midnight(day: date) -> str:
    return _local(datetime(day.year, day.month, day.day))


def build(scale: float, today: date) -> Snapshot:
    rng = random.Random(SEED)
    s = Snapshot()
    fractions = [
        s.add(
            "Fractie",
            gid("F", n),
            Nummer=n,
            Afkorting=f"F{n}",
            NaamNL=f"Fractie {n}",
            DatumActief=_midnight(date(2010, 1, 1)),
        )
        for n in range(size("Fractie", scale, 8))
    ]
    seats = [s.add("FractieZetel", gid("FZ", n), Fractie_Id=f, Gewicht=1) for n, f in enumerate(fractions)]
    committees = [
        s.add(
            "Commissie",
            gid("C", n),
            Nummer=n,
            Afkorting=f"C{n}",
            NaamNL=f"Vaste commissie {n}",
            Soort="Vaste commissie",
        )
        for n in range(size("Commissie", scale, 4))
    ]
    committee_seats = [
        s.add("CommissieZetel", gid("CZ", n), Commissie_Id=committees[n % len(committees)], Gewicht=1)
        for n in range(size("CommissieZetel", scale, 40))
    ]
    persons = []
    for n in range(size("Persoon", scale, 40)):
        person = s.add(
            "Persoon",
            gid("P", n),
            Nummer=n,
            Initialen="A.",
            Achternaam=f"Kamerlid{n}",
            Roepnaam=rng.choice(["Anna", "Bram", "Carla", "Daan", "Eva", "Femke", "Gijs"]),
            Geslacht=rng.choice(["man", "vrouw"]),
            Functie="Tweede Kamerlid",
        )
        persons.append(person)
        start = date(2010 + n % 14, 3, 23)
        s.add(
            "FractieZetelPersoon",
            gid("FZP", n),
            FractieZetel_Id=seats[n % len(seats)],
            Persoon_Id=person,
            Functie="Lid",
            Van=_midnight(start),
        )
    for n, seat in enumerate(committee_seats):
        entity_set = "CommissieZetelVervangerPersoon" if n % 3 == 2 else "CommissieZetelVastPersoon"
        s.add(
            entity_set,
            gid("CZP", n),
            CommissieZetel_Id=seat,
            Persoon_Id=persons[n % len(persons)],
            Functie="Voorzitter" if n < len(committees) else "Lid",
            Van=_midnight(date(2023, 12, 20)),
        )
    dossiers = [
        s.add("Kamerstukdossier", gid("K", n), Nummer=30000 + n, Titel=f"Dossier {n}", Kamer="Tweede Kamer")
        for n in range(size("Kamerstukdossier", scale))
    ]
    cases = [
        s.add(
            "Zaak",
            gid("Z", n),
            Nummer=f"2025Z{n:05d}",
            Soort=rng.choice(["Motie", "Brief regering", "Amendement"]),
            Onderwerp=f"Zaak over {rng.choice(WORDS)} {n}",
            GestartOp=_midnight(today - timedelta(days=n % 700)),
            Kamerstukdossier=[{"Id": dossiers[n % len(dossiers)]}],
        )
        for n in range(size("Zaak", scale))
    ]
    documents = [
        s.add(
            "Document",
            gid("D", n),
            DocumentNummer=f"2025D{n:05d}",
            Soort="Brief regering",
            Titel=f"Document over {rng.choice(WORDS)} {n}",
            Datum=_midnight(today - timedelta(days=n % 700)),
            Kamerstukdossier=[{"Id": dossiers[n % len(dossiers)]}],
        )
        for n in range(size("Document", scale))
    ]
    next_week = today - timedelta(days=today.weekday()) + timedelta(days=9)
    activity_count = size("Activiteit", scale)
    for n in range(activity_count):
        if n == 0:  # the focus: next week's committee debate
            moment, soort, committee = (
                datetime.combine(next_week, datetime.min.time()).replace(hour=10),
                "Commissiedebat",
                0,
            )
        else:
            moment = datetime.combine(today, datetime.min.time()) + timedelta(hours=rng.randrange(-365 * 24, 365 * 24))
            soort, committee = rng.choice(SOORTEN), rng.randrange(len(committees))
        activity = s.add(
            "Activiteit",
            gid("A", n),
            Soort=soort,
            Nummer=f"2025A{n:05d}",
            Onderwerp=f"{soort} over {rng.choice(WORDS)}",
            DatumSoort="Dag",
            Datum=_local(moment),
            Aanvangstijd=_local(moment),
            Eindtijd=_local(moment + timedelta(hours=2)),
            Locatie="Thorbeckezaal",
            Status="Gepland",
            Voortouwcommissie_Id=committees[committee],
        )
        for position in range(2):
            index = (n * 2 + position) % len(cases)
            item = s.add(
                "Agendapunt",
                gid("AP", n, position),
                Activiteit_Id=activity,
                Volgorde=position + 1,
                Onderwerp=f"Agendapunt {position + 1}",
                Zaak=[{"Id": cases[index]}],
                Document=[{"Id": documents[index % len(documents)]}],
            )
            if soort == "Stemmingen" and position == 0:
                s.add(
                    "Besluit",
                    gid("B", n),
                    Agendapunt_Id=item,
                    BesluitSoort="Stemmen - aangenomen",
                    Status="Besluit",
                    Zaak=[{"Id": cases[index]}],
                )
    decisions = [row["Id"] for row in s.rows["Besluit"]] or [s.add("Besluit", gid("B", "x"), Status="Besluit")]
    for n in range(size("Stemming", scale)):
        s.add(
            "Stemming",
            gid("S", n),
            Besluit_Id=decisions[n % len(decisions)],
            Soort=rng.choice(["Voor", "Tegen"]),
            FractieGrootte=rng.randrange(1, 30),
            ActorNaam=f"F{n % len(fractions)}",
            Fractie_Id=fractions[n % len(fractions)],
        )
    for n in range(size("Toezegging", scale)):
        s.add(
            "Toezegging",
            gid("T", n),
            Nummer=f"TZ{n:06d}",
            Tekst=f"Toezegging {n}",
            Status="Openstaand",
            DatumNakoming=_midnight(today + timedelta(days=n % 300)),
        )
    return s


def write_snapshot(folder: Path, scale: float, today: date) -> dict[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    for path in folder.glob("*.json"):
        path.unlink()
    counts = {}
    for entity_set, rows in build(scale, today).rows.items():
        (folder / f"{entity_set}_synthetic.json").write_text(json.dumps({"value": rows}), encoding="utf-8")
        counts[entity_set] = len(rows)
    return counts
