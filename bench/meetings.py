"""Generated meetings, planned before anything is inserted: series with their usual organisations, one-off
meetings, attendees (colleagues, and people with the organisation they represent), held or cancelled.

A held meeting with external attendees has its contact-log entry (kind meeting), as the meeting services make it;
the contacts are inserted first, so the meeting can point to its entry. bench/meeting_rows.py inserts the meetings
with their agendas, decisions and action items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bench.cast import Cast
from bench.contacts import Contact
from bench.vocabulary import COALITION_THEMES, DOSSIER_TOPICS

MEETINGS_PER_SERIES = 50
IN_SERIES_CHANCE = 0.6
ATTENDEES = (3, 10)
COLLEAGUES = (1, 3)
CANCELLED_CHANCE = 0.06
FOCUS_MEETING_DAYS_AGO = (20, 200)
SERIES_NAMES = [f"Werkgroep {topic}" for topic in DOSSIER_TOPICS] + [f"Overleg {theme}" for theme in COALITION_THEMES]


@dataclass(slots=True)
class PlannedMeeting:
    title: str
    starts_at: datetime
    organiser_id: int
    users: list[int]
    people: list[tuple[int, int]]  # (person, the organisation they represent)
    series: int | None = None  # index into the planned series
    dossiers: list[int] = field(default_factory=list)
    coalition_id: int | None = None
    cancelled: bool = False
    online: bool = False
    contact: Contact | None = None
    focus: bool = False
    id: int | None = None

    @property
    def held(self) -> bool:
        return not self.cancelled


@dataclass(slots=True)
class PlannedSeries:
    name: str
    coalition_id: int | None
    organisations: list[int]  # the usual organisations at the table


def plan_meetings(cast: Cast, count: int) -> tuple[list[PlannedSeries], list[PlannedMeeting]]:
    rng = cast.rng
    series = [
        PlannedSeries(
            name=_series_name(number),
            coalition_id=rng.choice(cast.coalition_ids) if rng.random() < 0.5 else None,
            organisations=list(dict.fromkeys(cast.organisation() for _ in range(rng.randint(2, 5)))),
        )
        for number in range(max(2, count // MEETINGS_PER_SERIES))
    ]
    # The most-contacted organisation (a ministry) has a regular consultation of its own, as it does in real life.
    series[0].organisations.insert(0, cast.organisation_ids[0])
    series[0].organisations = list(dict.fromkeys(series[0].organisations))
    meetings = [_random_meeting(cast, series) for _ in range(count)]
    return series, meetings


def _series_name(number: int) -> str:
    name = SERIES_NAMES[number % len(SERIES_NAMES)]
    return f"{name} {number // len(SERIES_NAMES) + 1}" if number >= len(SERIES_NAMES) else name


def _random_meeting(cast: Cast, series: list[PlannedSeries]) -> PlannedMeeting:
    rng = cast.rng
    in_series = rng.randrange(len(series)) if rng.random() < IN_SERIES_CHANCE else None
    users = cast.colleagues(*COLLEAGUES)
    wanted = max(1, rng.randint(*ATTENDEES) - len(users))
    table = series[in_series].organisations if in_series is not None else None
    people: dict[int, int] = {}
    for _ in range(wanted * 3):  # the usual contacts come up twice now and then: draw until there are enough
        organisation = rng.choice(table) if table else cast.organisation()
        person = cast.people_of(organisation, 1)[0]
        people[person] = cast.employer[person]
        if len(people) == wanted:
            break
    dossiers = rng.sample(cast.dossier_ids, rng.randint(0, 2))
    return PlannedMeeting(
        title=series[in_series].name if in_series is not None else f"Overleg {rng.choice(DOSSIER_TOPICS).lower()}",
        starts_at=cast.moment(),
        organiser_id=users[0],
        users=users,
        people=list(people.items()),
        series=in_series,
        dossiers=dossiers,
        coalition_id=rng.choice(cast.coalition_ids) if in_series is None and rng.random() < 0.2 else None,
        cancelled=rng.random() < CANCELLED_CHANCE,
        online=rng.random() < 0.4,
    )


def focus_meetings(cast: Cast) -> list[PlannedMeeting]:
    """Meetings with the focus person and staff: identical at every size."""
    people = [(p, cast.focus_organisation_id) for p in [cast.focus_person_id, *cast.focus_staff[:2]]]
    return [
        PlannedMeeting(
            title="Bestuurlijk overleg Cultuurconnectie",
            starts_at=cast.anchor - timedelta(days=days, hours=14),
            organiser_id=cast.lobbyist_id,
            users=[cast.lobbyist_id, cast.colleague_ids[1]],
            people=people,
            dossiers=cast.dossier_ids[:1],
            focus=True,
        )
        for days in FOCUS_MEETING_DAYS_AGO
    ]


def meeting_contacts(meetings: list[PlannedMeeting], series: list[PlannedSeries]) -> list[Contact]:
    """The contact-log entry of every held meeting with external attendees."""
    made = []
    for meeting in meetings:
        if meeting.cancelled or not meeting.people:
            continue
        own_series = series[meeting.series] if meeting.series is not None else None
        meeting.contact = Contact(
            occurred_at=meeting.starts_at,
            kind="meeting",
            subject=meeting.title,
            created_by_id=meeting.organiser_id,
            people=[person for person, _ in meeting.people],
            organisations=list(dict.fromkeys(organisation for _, organisation in meeting.people)),
            users=meeting.users,
            dossiers=meeting.dossiers,
            coalition_id=meeting.coalition_id or (own_series.coalition_id if own_series else None),
            for_meeting=True,
        )
        made.append(meeting.contact)
    return made
