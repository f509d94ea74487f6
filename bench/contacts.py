"""Generated contact-log entries, and their bulk insert (the link tables are plain tables: Core inserts).

Follow-ups: a sixth of the contacts has one. Older follow-ups are nearly all done, recent ones often open. The
measuring lobbyist's open follow-ups are planted (`plant_open_follow_ups`), the same number at every size: a
colleague's to-do list does not grow with the history of the log, and "My actions" should show that list quickly
however long the log is. Everything else the lobbyist owns is done.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bench import activity_words as words
from bench.bulk import bulk_insert, next_id
from bench.cast import Cast
from bench.vocabulary import DOSSIER_TOPICS
from crm.interactions.models import (
    Interaction,
    interaction_dossiers,
    interaction_organisations,
    interaction_people,
    interaction_users,
)

FOLLOW_UP_CHANCE = 0.16
RECENT_DAYS = 45
OPEN_CHANCE = {"recent": 0.5, "older": 0.04}
DOSSIERS_PER_CONTACT = ((0, 1, 2), (40, 45, 15))
COALITION_CHANCE = 0.1
NOTES_CHANCE = 0.6
# The measuring lobbyist's open follow-ups, due this many days from today (None: no due date).
PLANTED_FOLLOW_UP_DUE = (-21, -8, -3, -1, 0, 2, 5, 9, 14, 30, None, None)
FOCUS_CONTACTS = 24  # with the focus person and staff, 45 days apart: the same share at every size
FOCUS_SEED = 2020


@dataclass(slots=True)
class Contact:
    occurred_at: datetime
    kind: str
    subject: str
    created_by_id: int
    people: list[int]
    organisations: list[int]
    users: list[int]
    dossiers: list[int] = field(default_factory=list)
    coalition_id: int | None = None
    notes: str | None = None
    follow_up: str | None = None
    follow_up_owner_id: int | None = None
    follow_up_due: date | None = None
    follow_up_done_at: datetime | None = None
    for_meeting: bool = False  # stands for a held meeting (the timeline shows the meeting instead)
    id: int | None = None

    def row(self) -> dict:
        return {
            "kind": self.kind,
            "occurred_at": self.occurred_at,
            "subject": self.subject,
            "notes": self.notes,
            "coalition_id": self.coalition_id,
            "created_by_id": self.created_by_id,
            "follow_up": self.follow_up,
            "follow_up_owner_id": self.follow_up_owner_id,
            "follow_up_due": self.follow_up_due,
            "follow_up_done_at": self.follow_up_done_at,
            "created_at": self.occurred_at,
            "updated_at": self.follow_up_done_at or self.occurred_at,
            "version_id": 1,
        }


def _subject(kind: str, dossiers: list[int], rng: random.Random) -> str:
    topic = DOSSIER_TOPICS[(dossiers[0] - 1) % len(DOSSIER_TOPICS)] if dossiers else rng.choice(DOSSIER_TOPICS)
    return f"{words.CONTACT_KINDS[kind][0]} {topic.lower()}"


KINDS = list(words.CONTACT_KINDS)
KIND_WEIGHTS = [weight for _, weight in words.CONTACT_KINDS.values()]


def random_contact(cast: Cast) -> Contact:
    rng = cast.rng
    people, organisations = cast.contacts()
    users = cast.colleagues(1, 2)
    kind = rng.choices(KINDS, weights=KIND_WEIGHTS)[0]
    dossiers = rng.sample(cast.dossier_ids, rng.choices(*DOSSIERS_PER_CONTACT)[0])
    contact = Contact(
        occurred_at=cast.moment(),
        kind=kind,
        subject=_subject(kind, dossiers, rng),
        created_by_id=users[0],
        people=people,
        organisations=organisations,
        users=users,
        dossiers=dossiers,
        coalition_id=rng.choice(cast.coalition_ids) if rng.random() < COALITION_CHANCE else None,
        notes=rng.choice(words.CONTACT_NOTES) if rng.random() < NOTES_CHANCE else None,
    )
    if rng.random() < FOLLOW_UP_CHANCE:
        _follow_up(contact, cast)
    return contact


def _follow_up(contact: Contact, cast: Cast) -> None:
    rng = cast.rng
    contact.follow_up = rng.choice(words.FOLLOW_UPS)
    contact.follow_up_owner_id = rng.choice(contact.users)
    contact.follow_up_due = (contact.occurred_at + timedelta(days=rng.randint(3, 30))).date()
    if rng.random() < 0.2:
        contact.follow_up_due = None
    recent = (cast.anchor - contact.occurred_at).days < RECENT_DAYS
    mine = contact.follow_up_owner_id == cast.lobbyist_id
    if mine or rng.random() >= OPEN_CHANCE["recent" if recent else "older"]:
        done_at = contact.occurred_at + timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 8))
        contact.follow_up_done_at = min(done_at, cast.anchor - timedelta(minutes=1))


def plant_open_follow_ups(contacts: list[Contact], cast: Cast) -> int:
    """Open follow-ups of the measuring lobbyist on the newest contacts they took part in; returns how many."""
    theirs = [c for c in contacts if cast.lobbyist_id in c.users and not c.for_meeting]
    theirs.sort(key=lambda c: c.occurred_at, reverse=True)
    today = cast.anchor.date()
    for number, (contact, due) in enumerate(zip(theirs, PLANTED_FOLLOW_UP_DUE, strict=False)):
        contact.follow_up = words.FOLLOW_UPS[number % len(words.FOLLOW_UPS)]
        contact.follow_up_owner_id = cast.lobbyist_id
        contact.follow_up_due = today + timedelta(days=due) if due is not None else None
        contact.follow_up_done_at = None
    return min(len(theirs), len(PLANTED_FOLLOW_UP_DUE))


def focus_contacts(cast: Cast) -> list[Contact]:
    """Contacts with the focus person and the focus organisation's staff: identical at every size."""
    rng = random.Random(FOCUS_SEED)
    director = cast.colleague_ids[1]
    made = []
    for number in range(FOCUS_CONTACTS):
        if number % 2 == 0 or not cast.focus_staff:
            people = [cast.focus_person_id]
        else:
            people = rng.sample(cast.focus_staff, min(len(cast.focus_staff), rng.randint(1, 2)))
        kind = KINDS[number % len(KINDS)]
        dossiers = [cast.dossier_ids[0]] if number % 3 == 0 else []
        made.append(
            Contact(
                occurred_at=cast.anchor - timedelta(days=5 + 45 * number, hours=14),
                kind=kind,
                subject=_subject(kind, dossiers, rng),
                created_by_id=cast.lobbyist_id,
                people=people,
                organisations=list(dict.fromkeys(o for p in people for o in cast.focus_employers[p])),
                users=[cast.lobbyist_id, director] if number % 4 == 0 else [cast.lobbyist_id],
                dossiers=dossiers,
                notes=words.CONTACT_NOTES[number % len(words.CONTACT_NOTES)],
            )
        )
    return made


LINKS = (
    (interaction_people, "person_id", "people"),
    (interaction_organisations, "organisation_id", "organisations"),
    (interaction_users, "user_id", "users"),
    (interaction_dossiers, "dossier_id", "dossiers"),
)


def insert_contacts(contacts: list[Contact]) -> None:
    """Insert in time order (ids grow with time, as in a log that fills up); sets each contact's id."""
    contacts.sort(key=lambda c: c.occurred_at)
    first_id = next_id(Interaction.__table__)
    for number, contact in enumerate(contacts):
        contact.id = first_id + number
    bulk_insert(Interaction.__table__, [{"id": c.id, **c.row()} for c in contacts])
    for table, column, attribute in LINKS:
        bulk_insert(table, list(_link_rows(contacts, table, column, attribute)))


def _link_rows(contacts: list[Contact], table, column: str, attribute: str):
    # Where a link table keeps a copy of the contact's time (for timelines), the app's flush listener fills it;
    # bulk inserts bypass the listener, so they fill it themselves.
    with_time = "occurred_at" in table.c
    for contact in contacts:
        for linked_id in getattr(contact, attribute):
            row = {"interaction_id": contact.id, column: linked_id}
            if with_time:
                row["occurred_at"] = contact.occurred_at
            yield row
