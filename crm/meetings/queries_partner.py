"""The partner report's meetings and action items: what one organisation and its people attended and own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased

from crm.auth.models import User
from crm.extensions import db
from crm.meetings.models import ActionItem, ActionStatus, Meeting, MeetingAttendee, MeetingStatus
from crm.partners.models import Affiliation, Person, person_name
from crm.partners.queries import held_between


@dataclass(frozen=True)
class PartnerAttendee:
    name: str
    attendance: str


@dataclass
class PartnerMeeting:
    id: int
    starts_at: datetime  # naive UTC
    title: str
    location: str | None
    online: bool
    status: str
    attendees: list[PartnerAttendee]


@dataclass(frozen=True)
class PartnerAction:
    id: int
    description: str
    owner: str
    due_date: date | None
    status: str
    meeting_title: str
    meeting_starts_at: datetime


def _people_of(organisation_id: int, first_day: date, last_day: date):
    """The people who held a position at the organisation at some time in the period."""
    return select(Affiliation.person_id).where(
        Affiliation.organisation_id == organisation_id,
        held_between(first_day, last_day),
    )


def _partner_attendee(organisation_id: int, first_day: date, last_day: date):
    return and_(
        MeetingAttendee.person_id.is_not(None),
        or_(
            MeetingAttendee.organisation_id == organisation_id,
            MeetingAttendee.person_id.in_(_people_of(organisation_id, first_day, last_day)),
        ),
    )


def _in_period(start: datetime, end: datetime):
    return and_(Meeting.starts_at >= start, Meeting.starts_at < end, Meeting.status != MeetingStatus.CANCELLED.value)


def meetings_with_organisation(organisation_id: int, start: datetime, end: datetime, first_day: date,
                               last_day: date) -> list[PartnerMeeting]:  # fmt: skip
    """Meetings in [start, end) (not cancelled) that the organisation, or one of its people, was on the list of,
    with those attendees: one statement."""
    rows = db.session.execute(
        select(
            Meeting.id,
            Meeting.starts_at,
            Meeting.title,
            Meeting.location,
            Meeting.online_url,
            Meeting.status,
            Person.first_name,
            Person.initials,
            Person.name_prefix,
            Person.last_name,
            MeetingAttendee.attendance,
        )
        .select_from(MeetingAttendee)
        .join(Meeting, Meeting.id == MeetingAttendee.meeting_id)
        .join(Person, Person.id == MeetingAttendee.person_id)
        .where(_in_period(start, end), _partner_attendee(organisation_id, first_day, last_day))
        .order_by(Meeting.starts_at, Meeting.id, Person.name_key)
    )
    meetings: dict[int, PartnerMeeting] = {}
    for row in rows:
        meeting = meetings.get(row.id)
        if meeting is None:
            meeting = meetings[row.id] = PartnerMeeting(
                row.id, row.starts_at, row.title, row.location, bool(row.online_url), row.status, []
            )
        name = person_name(row)
        meeting.attendees.append(PartnerAttendee(name, row.attendance))
    return list(meetings.values())


def action_items_for_organisation(organisation_id: int, start: datetime, end: datetime, first_day: date,
                                  last_day: date, limit: int = 1000) -> list[PartnerAction]:  # fmt: skip
    """Action items of the organisation's meetings in the period, and those its people own that were made in the
    period, fall due in it, or are still open: one statement, by due date."""
    partner_meetings = (
        select(MeetingAttendee.meeting_id)
        .join(Meeting, Meeting.id == MeetingAttendee.meeting_id)
        .where(_in_period(start, end), _partner_attendee(organisation_id, first_day, last_day))
    )
    owned = and_(
        ActionItem.owner_person_id.in_(_people_of(organisation_id, first_day, last_day)),
        or_(
            _in_period(start, end),
            and_(ActionItem.due_date >= first_day, ActionItem.due_date <= last_day),
            ActionItem.status == ActionStatus.OPEN.value,
        ),
    )
    owner_user, owner_person = aliased(User), aliased(Person)
    rows = db.session.execute(
        select(
            ActionItem.id,
            ActionItem.description,
            ActionItem.due_date,
            ActionItem.status,
            Meeting.title,
            Meeting.starts_at,
            owner_user.name.label("user_name"),
            owner_person.first_name,
            owner_person.initials,
            owner_person.name_prefix,
            owner_person.last_name,
        )
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .outerjoin(owner_user, owner_user.id == ActionItem.owner_user_id)
        .outerjoin(owner_person, owner_person.id == ActionItem.owner_person_id)
        .where(or_(ActionItem.meeting_id.in_(partner_meetings), owned))
        .order_by(ActionItem.due_date.is_(None), ActionItem.due_date, Meeting.starts_at, ActionItem.id)
        .limit(limit)
    )
    actions = []
    for row in rows:
        person = person_name(row)
        actions.append(
            PartnerAction(
                row.id, row.description, row.user_name or person, row.due_date, row.status, row.title, row.starts_at
            )
        )
    return actions
