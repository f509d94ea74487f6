"""Writes the demo parliament: fictional Tweede Kamer data as files in the Gegevensmagazijn's own format.

Run `python -m crm.demo.parliament_files` after changing it; the files in crm/demo/parliament/ are bundled and
read by the demo's local transport (crm/parliament/files.py), which moves the agenda's dates by whole weeks so that
the week of DEMO_ANCHOR is the current week. The Kamerleden and committees are the demo registry's own
(crm/demo/data_people.py), so the import links them; a namesake of the OCW committee's clerk waits on the review list.
Every person is fictional.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from crm.demo.parliament_data import ACTIVITIES, COMMITMENTS, COMMITTEES, DOSSIERS, FRACTIONS, PEOPLE
from crm.parliament.files import DEMO_ANCHOR, DEMO_FOLDER
from crm.parliament.records import ENTITY_SETS, api_row
from crm.parliament.values import AMSTERDAM

NAMESPACE = uuid.UUID("6f1d8a52-4c3e-4b7a-9a0e-2d5b1c7e9f10")


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


def _seat_member(b: Builder, entity_set: str, key: tuple, seat: dict[str, str], person_id: str, function: str,
                 start: str, until: str | None) -> str:  # fmt: skip
    """A Kamerlid in a fraction's or a committee's seat, from `start` until `until` (None: still)."""
    return b.add(entity_set, key, **seat, Persoon_Id=person_id, Functie=function, Van=midnight(start),
                 TotEnMet=midnight(until) if until else None)  # fmt: skip


def _body_and_seat(b: Builder, entity_set: str, n: int, abbreviation: str, name: str, weight: int | None = None,
                   **values) -> tuple[str, str]:  # fmt: skip
    """A fraction or a committee (`entity_set`), and the one seat the demo gives it: their ids."""
    body_id = b.add(entity_set, (abbreviation,), Nummer=n, Afkorting=abbreviation, NaamNL=name, **values)
    seat_id = b.add(f"{entity_set}Zetel", (abbreviation,), **{f"{entity_set}_Id": body_id}, Gewicht=weight)
    return body_id, seat_id


def build() -> Builder:
    b = Builder()
    fraction_ids, seat_ids = {}, {}
    for n, (abbreviation, name, seats) in enumerate(FRACTIONS, 1):
        fraction_ids[abbreviation], seat_ids[abbreviation] = _body_and_seat(
            b, "Fractie", n, abbreviation, name, weight=1, NaamEN=name, AantalZetels=seats,
            DatumActief=midnight("2023-12-06"))  # fmt: skip
    committee_ids, committee_seats = {}, {}
    for n, (abbreviation, name) in enumerate(COMMITTEES, 1):
        committee_ids[abbreviation], committee_seats[abbreviation] = _body_and_seat(
            b, "Commissie", n, abbreviation, name, NaamWebNL=name, Soort="Vaste commissie",
            DatumActief=midnight("2002-01-01"))  # fmt: skip
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
        _seat_member(b, "FractieZetelPersoon", (first, last, fraction), {"FractieZetel_Id": seat_ids[fraction]},
                     person_id, "Lid", start, until)  # fmt: skip
        for committee, function, c_start, c_until, substitute in committees:
            entity_set = "CommissieZetelVervangerPersoon" if substitute else "CommissieZetelVastPersoon"
            _seat_member(b, entity_set, (first, last, committee), {"CommissieZetel_Id": committee_seats[committee]},
                         person_id, function, c_start, c_until)  # fmt: skip
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
