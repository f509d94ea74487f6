"""Demo meetings: the series named in the organisation's own account, a year of meetings and a few upcoming ones,
with agendas, final and draft minutes, decisions and action items (open, overdue and done).

Everything goes through the meeting services, so held meetings are in the contact log and the trail is complete.
Dates are relative to today, so "overdue" and "upcoming" stay true whenever the demo is loaded.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from crm.auth.models import User
from crm.coalitions.models import Coalition, Dossier
from crm.common.time import local_to_utc
from crm.extensions import db
from crm.meetings import queries
from crm.meetings.models import Attendance
from crm.meetings.services import (
    AttendeesInput,
    MeetingInput,
    SeriesInput,
    create_meeting,
    create_series,
    set_attendance,
)
from crm.meetings.services_actions import ActionItemInput, Owner, add_action_item, mark_done
from crm.meetings.services_minutes import MinutesInput, add_agenda_item, finalise_minutes, save_minutes
from crm.partners.models import Person

ZONE = "Europe/Amsterdam"
LOBBYIST = "lobbyist@bondgenoot.test"
DIRECTOR = "directeur@bondgenoot.test"

# name, coalition, dossiers, location, online link, organiser, colleagues, external attendees (emails)
SERIES = [
    (
        "Directeurenoverleg VNO-NCW",
        "Federatie Cultuur",
        ["Steunpakketten", "Heropening en routekaart"],
        "Malietoren, Den Haag",
        None,
        DIRECTOR,
        [DIRECTOR, LOBBYIST],
        ["i.smeulders@vno-ncw.example", "r.vlasblom@federatiecultuur.example", "e.kroonenberg@kunsten92.example"],
    ),
    (
        "Directeurenoverleg MKB-Nederland",
        "Federatie Cultuur",
        ["Heropening en routekaart"],
        None,
        "https://mkb.zoom.example/j/8127731",
        DIRECTOR,
        [DIRECTOR],
        ["m.overdijk@mkb.example", "r.vlasblom@federatiecultuur.example"],
    ),
    (
        "Taskforce culturele en creatieve sector",
        "Taskforce culturele en creatieve sector",
        ["Heropening en routekaart", "Sneltesten en Fieldlabs"],
        "Kunsten '92, Amsterdam",
        None,
        LOBBYIST,
        [LOBBYIST, DIRECTOR],
        [
            "e.kroonenberg@kunsten92.example",
            "j.eikelboom@kunstenbond.example",
            "h.vierhout@ocw.example",
            "r.vlasblom@federatiecultuur.example",
        ],
    ),
    (
        "Gebruikersgroep Zoom",
        None,
        ["Digitalisering van het aanbod"],
        None,
        "https://cultuurconnectie.zoom.example/j/4402981",
        LOBBYIST,
        [LOBBYIST],
        ["f.dijkhuizen@oak.example", "h.tamminga@koornetwerk.example", "a.spijkerman@knmo.example"],
    ),
]

# series index, days from today, minutes ("final", "draft" or None for upcoming), agenda [(title, presenter, min)]
MEETINGS = [
    (
        0,
        -300,
        "final",
        [
            ("Opening en mededelingen", "Voorzitter", 10),
            ("Steunpakketten: stand van zaken", "VNO-NCW", 40),
            ("Rondvraag", None, 10),
        ],
    ),
    (
        0,
        -180,
        "final",
        [
            ("Opening", "Voorzitter", 5),
            ("Heropening: perspectief voor de sector", "Federatie Cultuur", 45),
            ("Rondvraag", None, 10),
        ],
    ),
    (
        0,
        -60,
        "final",
        [
            ("Opening", "Voorzitter", 5),
            ("Arbeidsmarkt en zzp-docenten", "Cultuurconnectie", 40),
            ("Actiepunten vorige keer", None, 15),
        ],
    ),
    (0, 21, None, [("Opening", "Voorzitter", 5), ("Vooruitblik begroting OCW", "VNO-NCW", 45)]),
    (1, -250, "final", [("Alternatieve routekaart (motie Dijkhof)", "MKB-Nederland", 60), ("Rondvraag", None, 10)]),
    (
        1,
        -90,
        "final",
        [("Evaluatie routekaart", "MKB-Nederland", 45), ("Inbreng culturele branches", "Cultuurconnectie", 30)],
    ),
    (1, 35, None, [("Opening", None, 5), ("Vervolg na evaluatie", "MKB-Nederland", 45)]),
    (2, -270, "final", [("Routekaart van het Kabinet", "OCW", 45), ("Sneltestbeleid", "Kunsten '92", 30)]),
    (
        2,
        -150,
        "final",
        [("Fieldlabs: resultaten", "Kunsten '92", 40), ("Testlabs voor de amateurkunst", "Cultuurconnectie", 30)],
    ),
    (2, -40, "final", [("Herstelplan sector", "Federatie Cultuur", 45), ("Rondvraag", None, 10)]),
    (
        2,
        -8,
        "draft",
        [("Opening", "Voorzitter", 5), ("Position paper herstel", "Cultuurconnectie", 50), ("Planning", None, 10)],
    ),
    (2, 14, None, [("Vaststellen verslag", None, 10), ("Reactie op de Kamerbrief", "Kunsten '92", 40)]),
    (3, -200, "final", [("Ervaringen met de Zoom-licenties", "OAK", 40), ("Lessons learned", None, 30)]),
    (
        3,
        -70,
        "final",
        [("Best practices online lesgeven", "Koornetwerk Nederland", 40), ("Verlenging licenties", "OAK", 20)],
    ),
    (3, -20, "draft", [("Inclusie en integratie", "KNMO", 40), ("Professionalisering", None, 30)]),
]

MINUTES = [
    "De leden delen hun ervaringen. **Kernpunt:** de regelingen sluiten nog niet aan bij zzp-docenten.",
    "Toelichting door de presentator. Afgesproken om de signalen te bundelen:\n\n- cijfers uit de ledenenquête\n"
    "- voorbeelden uit de praktijk",
    "Korte bespreking; geen bijzonderheden.",
]
DECISIONS = [
    "Gezamenlijke brief aan OCW opstellen",
    "Cijfers ledenenquête delen met de partners",
    "Onderwerp terug op de agenda van het volgende overleg",
]
ACTIONS = [
    ("Conceptbrief aan OCW rondsturen", LOBBYIST),
    ("Cijfers ledenenquête aanleveren", DIRECTOR),
    ("Reactie partners verzamelen", "external"),
    ("Afspraak met het ministerie plannen", LOBBYIST),
]


def _at(days: int, hour: int = 10) -> datetime:
    return local_to_utc(datetime.combine(date.today() + timedelta(days=days), time(hour, 0)), ZONE)


def _by_name(model, column, value):
    return db.session.scalar(select(model).where(column == value)) if value else None


def _people(emails: list[str]) -> list[int]:
    found = {p.email: p.id for p in db.session.scalars(select(Person).where(Person.email.in_(emails)))}
    return [found[e] for e in emails if e in found]


def _series(users: dict[str, User]) -> list[dict]:
    made = []
    for name, coalition_name, dossier_titles, location, link, organiser, colleagues, externals in SERIES:
        coalition = _by_name(Coalition, Coalition.name, coalition_name)
        series = create_series(SeriesInput(name=name, coalition_id=coalition.id if coalition else None))
        dossiers = [d for d in (_by_name(Dossier, Dossier.title, t) for t in dossier_titles) if d is not None]
        made.append(
            {
                "series": series,
                "coalition_id": coalition.id if coalition else None,
                "dossier_ids": [d.id for d in dossiers],
                "location": location,
                "link": link,
                "organiser": users[organiser],
                "user_ids": [users[e].id for e in colleagues if e in users],
                "person_ids": _people(externals),
            }
        )
    return made


def _minutes(meeting, organiser: User, number: int, final: bool) -> None:
    items = queries.agenda_of(meeting.id)
    save_minutes(
        meeting,
        MinutesInput(
            based_on=0,
            item_minutes={item.id: MINUTES[(i + number) % len(MINUTES)] for i, item in enumerate(items)},
            item_decisions={items[0].id: [DECISIONS[number % len(DECISIONS)]]} if items else {},
            general_decisions=[DECISIONS[(number + 1) % len(DECISIONS)]] if number % 2 else [],
        ),
        author=organiser,
    )
    if final:
        finalise_minutes(meeting, author=organiser)


def _actions(meeting, users: dict[str, User], person_ids: list[int], number: int, days: int) -> int:
    made = 0
    items = queries.agenda_of(meeting.id)
    for offset, (description, owner) in enumerate(ACTIONS[: 2 + number % 3]):
        if owner == "external":
            if not person_ids:
                continue
            who = Owner(person_id=person_ids[number % len(person_ids)])
        else:
            who = Owner(user_id=users[owner].id)
        due = date.today() + timedelta(days=days + 14 + 7 * offset)
        action = add_action_item(
            meeting,
            ActionItemInput(
                description=description, owner=who, due_date=due, agenda_item_id=items[-1].id if items else None
            ),
        )
        # Older items are mostly done; recent ones stay open (some of them overdue).
        if days < -100 or (days < -50 and offset % 2 == 0):
            mark_done(action)
        made += 1
    return made


def seed_meetings(users: dict[str, User]) -> dict[str, int]:
    """Create the demo series and meetings; `users` maps the demo emails to their User. Returns counts."""
    counts = {"meeting_series": 0, "meetings": 0, "action_items": 0}
    series_list = _series(users)
    counts["meeting_series"] = len(series_list)
    for number, (index, days, minutes, agenda) in enumerate(MEETINGS):
        spec = series_list[index]
        held = minutes is not None
        # The title is the main topic (the longest agenda item); the series says which consultation it is.
        topic = max(agenda, key=lambda entry: entry[2] or 0)[0]
        meeting = create_meeting(
            MeetingInput(
                title=topic,
                starts_at=_at(days),
                ends_at=_at(days, 12),
                series_id=spec["series"].id,
                location=spec["location"],
                online_url=spec["link"],
                organiser_id=spec["organiser"].id,
                coalition_id=None,
                dossier_ids=spec["dossier_ids"],
                status="held" if held else "planned",
            ),
            author=spec["organiser"],
            attendees=AttendeesInput(user_ids=spec["user_ids"], person_ids=spec["person_ids"]),
        )
        for title, presenter, duration in agenda:
            add_agenda_item(meeting, title=title, presenter=presenter, duration=duration)
        if held:
            attendance = {
                a.id: Attendance.EXCUSED.value if (a.id + number) % 5 == 0 else Attendance.ATTENDED.value
                for a in queries.attendees_of(meeting.id)
            }
            set_attendance(meeting, attendance, author=spec["organiser"])
            _minutes(meeting, spec["organiser"], number, final=minutes == "final")
            counts["action_items"] += _actions(meeting, users, spec["person_ids"], number, days)
        counts["meetings"] += 1
    db.session.flush()
    return counts
