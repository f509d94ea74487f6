"""Inserting the planned meetings (bench/meetings.py) with everything on them: attendees, agendas with minutes,
decisions and action items. Meetings and series go through the ORM (their listeners fill `search_text`); the rest
are Core bulk inserts.

Action items follow the rule of follow-ups (bench/contacts.py): the measuring lobbyist's open ones are planted, the
same number at every size, on the newest meetings; every other action item the lobbyist owns is done or cancelled.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bench import activity_words as words
from bench.bulk import bulk_insert, next_id
from bench.cast import Cast
from bench.meetings import PlannedMeeting, PlannedSeries
from crm.extensions import db
from crm.meetings.models import (
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
    MeetingAttendee,
    MeetingSeries,
    meeting_dossiers,
)

MINUTES_FINAL_AFTER_DAYS = 21
AGENDA_ITEMS = (2, 6)
ACTION_ITEMS = (0, 4)
RECENT_DAYS = 60
PLANTED_ACTION_DUE = (-9, -3, 2, 6, 13, None)  # the lobbyist's open action items, due this many days from today


def insert_meetings(cast: Cast, series: list[PlannedSeries], meetings: list[PlannedMeeting]) -> int:
    """Insert series, meetings and everything on them (after their contacts); returns the planted open actions."""
    series_rows = [MeetingSeries(name=s.name, coalition_id=s.coalition_id) for s in series]
    db.session.add_all(series_rows)
    db.session.flush()
    meetings.sort(key=lambda m: m.starts_at)
    rows = [_meeting_row(cast, m, series_rows) for m in meetings]
    db.session.add_all(rows)
    db.session.flush()
    for meeting, row in zip(meetings, rows, strict=True):
        meeting.id = row.id
    db.session.expunge_all()  # the rest is Core; keep the identity map small
    bulk_insert(meeting_dossiers, [{"meeting_id": m.id, "dossier_id": d} for m in meetings for d in m.dossiers])
    bulk_insert(MeetingAttendee.__table__, [row for m in meetings for row in _attendee_rows(cast, m)])
    agenda = _insert_agendas(cast, meetings)
    bulk_insert(Decision.__table__, _decision_rows(cast, meetings, agenda))
    actions, planted = _action_rows(cast, meetings, agenda)
    bulk_insert(ActionItem.__table__, actions)
    return planted


def _meeting_row(cast: Cast, meeting: PlannedMeeting, series_rows: list[MeetingSeries]) -> Meeting:
    rng = cast.rng
    ends_at = meeting.starts_at + timedelta(minutes=rng.choice((60, 90, 120, 180)))
    final = meeting.held and (cast.anchor - ends_at).days > MINUTES_FINAL_AFTER_DAYS
    return Meeting(
        title=meeting.title,
        series_id=series_rows[meeting.series].id if meeting.series is not None else None,
        starts_at=meeting.starts_at,
        ends_at=ends_at,
        location=None if meeting.online else rng.choice(words.MEETING_PLACES),
        online_url=f"https://zoom.example/j/{rng.randrange(10**9)}" if meeting.online else None,
        organiser_id=meeting.organiser_id,
        coalition_id=meeting.coalition_id,
        status="cancelled" if meeting.cancelled else "held",
        minutes_status="final" if final else "draft",
        minutes_finalised_at=ends_at + timedelta(days=7) if final else None,
        minutes_finalised_by_id=meeting.organiser_id if final else None,
        interaction_id=meeting.contact.id if meeting.contact else None,
        created_at=meeting.starts_at - timedelta(days=14),
        updated_at=ends_at,
    )


def _attendee_rows(cast: Cast, meeting: PlannedMeeting) -> list[dict]:
    rng = cast.rng

    def attendance() -> str:
        if meeting.cancelled:
            return "invited"
        return rng.choices(("attended", "excused", "absent"), weights=(85, 10, 5))[0]

    common = {"meeting_id": meeting.id, "created_at": meeting.starts_at, "updated_at": meeting.starts_at}
    rows = [{**common, "user_id": u, "person_id": None, "organisation_id": None} for u in meeting.users]
    rows += [{**common, "user_id": None, "person_id": p, "organisation_id": o} for p, o in meeting.people]
    return [{**row, "attendance": attendance()} for row in rows]


def _insert_agendas(cast: Cast, meetings: list[PlannedMeeting]) -> dict[int, list[int]]:
    """meeting id → its agenda item ids, in order."""
    rng = cast.rng
    rows = []
    for meeting in meetings:
        titles = rng.sample(words.AGENDA_ITEMS, rng.randint(*AGENDA_ITEMS))
        for position, title in enumerate(titles, start=1):
            rows.append(
                {
                    "meeting_id": meeting.id,
                    "position": position,
                    "title": title,
                    "presenter": rng.choice(words.PRESENTERS),
                    "duration_minutes": rng.randrange(5, 65, 5),
                    "minutes": rng.choice(words.AGENDA_MINUTES) if meeting.held else None,
                    "created_at": meeting.starts_at,
                    "updated_at": meeting.starts_at,
                    "version_id": 1,
                }
            )
    first_id = next_id(AgendaItem.__table__)
    agenda: dict[int, list[int]] = {}
    for number, row in enumerate(rows):
        row["id"] = first_id + number
        agenda.setdefault(row["meeting_id"], []).append(row["id"])
    bulk_insert(AgendaItem.__table__, rows)
    return agenda


def _decision_rows(cast: Cast, meetings: list[PlannedMeeting], agenda: dict[int, list[int]]) -> list[dict]:
    rng = cast.rng
    return [
        {
            "meeting_id": m.id,
            "agenda_item_id": rng.choice(agenda[m.id]),
            "text": rng.choice(words.DECISIONS),
            "created_at": m.starts_at,
            "updated_at": m.starts_at,
        }
        for m in meetings
        if m.held
        for _ in range(rng.randint(0, 2))
    ]


def _action_rows(cast: Cast, meetings: list[PlannedMeeting], agenda: dict[int, list[int]]) -> tuple[list[dict], int]:
    rng = cast.rng
    rows = []
    for meeting in (m for m in meetings if m.held):
        for _ in range(rng.randint(*ACTION_ITEMS)):
            rows.append(_action_row(cast, meeting, agenda[meeting.id]))
    newest = [m for m in reversed(meetings) if m.held and not m.focus][: len(PLANTED_ACTION_DUE)]
    today = cast.anchor.date()
    for number, (meeting, due) in enumerate(zip(newest, PLANTED_ACTION_DUE, strict=False)):
        row = _action_row(cast, meeting, agenda[meeting.id])
        owner = {"owner_user_id": cast.lobbyist_id, "owner_person_id": None}
        due_date = today + timedelta(days=due) if due is not None else None
        rows.append({**row, **owner, "description": words.ACTION_ITEMS[number], "due_date": due_date})
        rows[-1].update(status="open", done_at=None)
    return rows, len(newest)


def _action_row(cast: Cast, meeting: PlannedMeeting, agenda_ids: list[int]) -> dict:
    rng = cast.rng
    by_person = meeting.people and rng.random() < 0.3
    owner_user = None if by_person else rng.choice(meeting.users)
    due: date = (meeting.starts_at + timedelta(days=rng.randint(7, 42))).date()
    recent = (cast.anchor - meeting.starts_at).days < RECENT_DAYS
    open_chance = 0.0 if owner_user == cast.lobbyist_id else (0.55 if recent else 0.07)
    status = "open" if rng.random() < open_chance else rng.choices(("done", "cancelled"), weights=(94, 6))[0]
    done_at = datetime.combine(due, datetime.min.time()) if status == "done" else None
    return {
        "meeting_id": meeting.id,
        "agenda_item_id": rng.choice(agenda_ids) if rng.random() < 0.7 else None,
        "description": rng.choice(words.ACTION_ITEMS),
        "owner_user_id": owner_user,
        "owner_person_id": rng.choice(meeting.people)[0] if by_person else None,
        "due_date": due,
        "status": status,
        "done_at": min(done_at, cast.anchor) if done_at else None,
        "created_at": meeting.starts_at,
        "updated_at": done_at or meeting.starts_at,
        "version_id": 1,
    }
