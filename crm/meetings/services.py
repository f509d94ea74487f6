"""Writes for meeting series, meetings and their attendees; keeps the contact-log entry of a held meeting in step.

Services flush; the caller (a view, the CLI, the demo seed) commits once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from crm.auth.models import User
from crm.coalitions.queries import coalitions_by_ids
from crm.common.errors import ServiceError
from crm.common.locking import ConflictError, flush_or_conflict, locked_change
from crm.common.services import created, without_autoflush
from crm.common.time import utcnow
from crm.extensions import db
from crm.interactions.services import sync_meeting_contact
from crm.meetings import queries
from crm.meetings.models import Attendance, Meeting, MeetingAttendee, MeetingSeries, MeetingStatus
from crm.meetings.services_actions import acting_colleague
from crm.meetings.services_minutes import add_agenda_item, check_may_manage, may_manage
from crm.partners.queries import get_organisation
from crm.permissions import ensure


@dataclass
class SeriesInput:
    name: str
    description: str | None = None
    coalition_id: int | None = None


@dataclass
class MeetingInput:
    title: str
    starts_at: datetime
    ends_at: datetime
    series_id: int | None = None
    location: str | None = None
    online_url: str | None = None
    organiser_id: int | None = None
    coalition_id: int | None = None
    dossier_ids: list[int] = field(default_factory=list)
    status: str = MeetingStatus.PLANNED.value


@dataclass
class AttendeesInput:
    user_ids: list[int] = field(default_factory=list)
    person_ids: list[int] = field(default_factory=list)


# --- series ----------------------------------------------------------------------------------------------------


def _coalition(coalition_id: int | None, current: int | None = None):
    if not coalition_id:
        return None
    found = coalitions_by_ids([coalition_id])
    if not found or (found[0].is_archived and found[0].id != current):
        raise ServiceError(_l("This coalition no longer exists or is archived."), field="coalition_id")
    return found[0]


def _apply_series(series: MeetingSeries, data: SeriesInput) -> None:
    if not (data.name or "").strip():
        raise ServiceError(_l("Enter a name."), field="name")
    series.name = data.name.strip()
    series.description = data.description
    series.coalition = _coalition(data.coalition_id, series.coalition_id)


def create_series(data: SeriesInput) -> MeetingSeries:
    return created(MeetingSeries(), _apply_series, data)


def update_series(series: MeetingSeries, data: SeriesInput, expected_version: int | None) -> None:
    locked_change(series, expected_version, lambda: _apply_series(series, data))


# --- meetings --------------------------------------------------------------------------------------------------


def _check_times(starts_at: datetime | None, ends_at: datetime | None) -> None:
    if starts_at is None:
        raise ServiceError(_l("Enter when the meeting starts."), field="starts_at")
    if ends_at is None:
        raise ServiceError(_l("Enter when the meeting ends."), field="ends_at")
    if ends_at <= starts_at:
        raise ServiceError(_l("The meeting must end after it starts."), field="ends_at")


@without_autoflush
def _apply_meeting(meeting: Meeting, data: MeetingInput) -> None:
    if not (data.title or "").strip():
        raise ServiceError(_l("Enter a title."), field="title")
    _check_times(data.starts_at, data.ends_at)
    status = MeetingStatus(data.status).value
    if status == MeetingStatus.HELD.value and data.starts_at > utcnow():
        raise ServiceError(_l("A meeting that has not started yet cannot have been held."), field="status")
    if status == MeetingStatus.CANCELLED.value and status != meeting.status and (refusal := cancel_refusal(meeting)):
        raise ServiceError(refusal, field="status")
    series = None
    if data.series_id:
        series = queries.get_series(data.series_id)
        if series is None or (series.is_archived and series.id != meeting.series_id):
            raise ServiceError(_l("This meeting series no longer exists or is archived."), field="series_id")
    organiser = acting_colleague(data.organiser_id, meeting.organiser_id, "organiser_id")
    dossiers = queries.dossiers_by_ids(data.dossier_ids)
    linked = {d.id for d in meeting.dossiers} if meeting.id else set()
    if any(i not in dossiers or (dossiers[i].is_archived and i not in linked) for i in data.dossier_ids):
        raise ServiceError(_l("One of the dossiers no longer exists or is archived; choose again."), "dossier_ids")
    meeting.title = data.title.strip()
    meeting.starts_at = data.starts_at
    meeting.ends_at = data.ends_at
    meeting.series = series
    meeting.location = data.location
    meeting.online_url = data.online_url
    meeting.organiser = organiser
    meeting.coalition = _coalition(data.coalition_id, meeting.coalition_id)
    meeting.dossiers = [dossiers[i] for i in data.dossier_ids]
    meeting.status = status


def create_meeting(
    data: MeetingInput,
    *,
    author: User | None,
    attendees: AttendeesInput | None = None,
    agenda: list[str] | None = None,
) -> Meeting:
    """A new meeting, optionally with its first attendees and agenda item titles, in one transaction."""
    meeting = created(Meeting(), _apply_meeting, data)
    if attendees and (attendees.user_ids or attendees.person_ids):
        _add_attendees(meeting, attendees)
    for title in agenda or []:
        add_agenda_item(meeting, title=title)
    sync_contact(meeting, author=author)
    return meeting


def update_meeting(meeting: Meeting, data: MeetingInput, expected_version: int | None, *, author: User | None,
                   actor=None) -> None:  # fmt: skip
    check_may_manage(actor, meeting)
    locked_change(meeting, expected_version, lambda: _apply_meeting(meeting, data))
    sync_contact(meeting, author=author)


def cancel_refusal(meeting: Meeting):
    """Why this meeting cannot be cancelled, or None: a meeting with final minutes took place."""
    if meeting.minutes_final:
        return _l("This meeting was held and its minutes are final; it cannot be cancelled.")
    return None


def set_status(meeting: Meeting, status: str, *, author: User | None, actor=None) -> None:
    check_may_manage(actor, meeting)
    status = MeetingStatus(status).value
    if status == MeetingStatus.HELD.value and meeting.starts_at > utcnow():
        raise ServiceError(_l("A meeting that has not started yet cannot have been held."))
    if status == MeetingStatus.CANCELLED.value and (refusal := cancel_refusal(meeting)):
        raise ServiceError(refusal)
    meeting.status = status
    flush_or_conflict(meeting)
    sync_contact(meeting, author=author)


def mark_held(meeting: Meeting, *, started_at: datetime | None = None, author: User | None, actor=None) -> None:
    """Held as planned, or at the time it really started (held earlier than planned, or planned with a wrong time):
    the meeting moves there and keeps its length, so the contact log and calendars show when it took place."""
    check_may_manage(actor, meeting)
    if started_at is not None and started_at != meeting.starts_at:
        if started_at > utcnow():
            raise ServiceError(_l("Enter when the meeting started; that is not in the future."), field="started_at")
        length = meeting.ends_at - meeting.starts_at
        meeting.starts_at, meeting.ends_at = started_at, started_at + length
    set_status(meeting, MeetingStatus.HELD.value, author=author)


# --- attendees -------------------------------------------------------------------------------------------------


def _add_attendees(meeting: Meeting, data: AttendeesInput) -> list[MeetingAttendee]:
    users = queries.users_by_ids(data.user_ids)
    if any(i not in users or not users[i].active for i in data.user_ids):
        raise ServiceError(_l("One of the colleagues is not an active user; choose again."), field="user_ids")
    people = queries.people_by_ids(data.person_ids)
    if any(i not in people or people[i].is_archived for i in data.person_ids):
        raise ServiceError(_l("One of the people no longer exists or is archived; choose again."), field="person_ids")
    present_users = queries.attendee_user_ids(meeting.id) if meeting.id else set()
    present_people = queries.attendee_person_ids(meeting.id) if meeting.id else set()
    new_people = [i for i in data.person_ids if i not in present_people]
    organisations = queries.current_organisations(new_people)
    added = [MeetingAttendee(meeting=meeting, user=users[i]) for i in data.user_ids if i not in present_users] + [
        MeetingAttendee(meeting=meeting, person=people[i], organisation_id=organisations.get(i)) for i in new_people
    ]
    db.session.add_all(added)
    db.session.flush()
    return added


def add_attendees(meeting: Meeting, data: AttendeesInput, *, author: User | None) -> list[MeetingAttendee]:
    """Add colleagues and external people; those already on the list are skipped. All or nothing."""
    if not data.user_ids and not data.person_ids:
        raise ServiceError(_l("Choose at least one colleague or person to add."), field="person_ids")
    with db.session.no_autoflush:
        added = _add_attendees(meeting, data)
    sync_contact(meeting, author=author)
    return added


def may_remove_attendee(actor, attendee: MeetingAttendee) -> bool:
    """Whoever manages the meeting, and a colleague who takes themselves off the list."""
    return may_manage(actor, attendee.meeting) or (attendee.user_id is not None and attendee.user_id == actor.id)


def check_may_remove_attendee(actor, attendee: MeetingAttendee) -> None:
    if actor is not None:  # None: the system itself (as check_may_manage)
        ensure(may_remove_attendee(actor, attendee))


def remove_attendee(attendee: MeetingAttendee, *, author: User | None, actor=None) -> None:
    check_may_remove_attendee(actor, attendee)
    meeting = attendee.meeting
    db.session.delete(attendee)
    db.session.flush()
    db.session.expire(meeting, ["attendees"])
    sync_contact(meeting, author=author)


def set_attendance(meeting: Meeting, attendance: dict[int, str], *, author: User | None, actor=None) -> int:
    """Record who attended: {attendee id: attendance}. Returns the number of changed rows."""
    check_may_manage(actor, meeting)
    valid = {a.value for a in Attendance}
    changed = 0
    for attendee in queries.attendees_of(meeting.id):
        value = attendance.get(attendee.id)
        if value is None:
            continue
        if value not in valid:
            raise ServiceError(_l("Choose an attendance from the list."))
        if attendee.attendance != value:
            attendee.attendance = value
            changed += 1
    db.session.flush()
    sync_contact(meeting, author=author)
    return changed


def update_attendee(attendee: MeetingAttendee, *, attendance: str, organisation_id: int | None, author,
                    actor=None) -> None:  # fmt: skip
    """Change one attendee's attendance and, for an external attendee, the organisation they represent."""
    check_may_manage(actor, attendee.meeting)
    attendee.attendance = Attendance(attendance).value
    if attendee.is_external:
        if organisation_id and organisation_id != attendee.organisation_id:
            organisation = get_organisation(organisation_id)
            if organisation is None or organisation.is_archived:
                raise ServiceError(_l("This organisation no longer exists or is archived."), field="organisation_name")
            attendee.organisation = organisation
        elif not organisation_id:
            attendee.organisation = None
    db.session.flush()
    sync_contact(attendee.meeting, author=author)


# --- the contact log -------------------------------------------------------------------------------------------


def contact_participants(meeting: Meeting) -> tuple[list[int], list[int], list[int]]:
    """(person ids, organisation ids, user ids) the contact log records for a held meeting.

    Once any attendance is recorded, only those who attended count; before that, everyone invited.
    """
    attendees = queries.attendees_of(meeting.id)
    recorded = any(a.attendance != Attendance.INVITED.value for a in attendees)
    present = [a for a in attendees if not recorded or a.attendance == Attendance.ATTENDED.value]
    people = [a.person_id for a in present if a.person_id is not None]
    organisations = list(dict.fromkeys(a.organisation_id for a in present if a.person_id and a.organisation_id))
    users = [a.user_id for a in present if a.user_id is not None]
    return people, organisations, users


def sync_contact(meeting: Meeting, *, author: User | None) -> None:
    """A held meeting has exactly one contact-log entry, updated on every change; other meetings have none."""
    people, organisations, users = contact_participants(meeting) if meeting.is_held else ([], [], [])
    current = meeting.interaction
    if not people and not organisations:
        if current is None:
            return
        meeting.interaction = None  # unlink first: the entry is deleted next
        flush_or_conflict(meeting)
    try:
        interaction = sync_meeting_contact(
            current,
            occurred_at=meeting.starts_at,
            subject=meeting.title,
            notes=None,
            person_ids=people,
            organisation_ids=organisations,
            user_ids=users,
            dossier_ids=[d.id for d in meeting.dossiers],
            coalition_id=meeting.effective_coalition_id,
            author=author,
        )
    except StaleDataError as error:
        raise ConflictError(meeting) from error
    if interaction is not current:
        meeting.interaction = interaction
        flush_or_conflict(meeting)
