"""Meeting figures for the dashboard: the meetings of the coming days, overdue action items by owner, and meetings
per dossier in a period. Each is one statement."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import joinedload

from crm.auth.models import User
from crm.extensions import db
from crm.meetings.models import (
    ActionItem,
    ActionStatus,
    Meeting,
    MeetingAttendee,
    MeetingSeries,
    MeetingStatus,
    meeting_dossiers,
)
from crm.partners.models import Person


def _filters(coalition_id: int | None, dossier_id: int | None, user_id: int | None) -> list:
    conditions = []
    if coalition_id:
        in_series = select(MeetingSeries.id).where(MeetingSeries.coalition_id == coalition_id)
        conditions.append(or_(Meeting.coalition_id == coalition_id, Meeting.series_id.in_(in_series)))
    if dossier_id:
        conditions.append(exists().where(meeting_dossiers.c.meeting_id == Meeting.id,
                                         meeting_dossiers.c.dossier_id == dossier_id))  # fmt: skip
    if user_id:
        attends = exists().where(MeetingAttendee.meeting_id == Meeting.id, MeetingAttendee.user_id == user_id)
        conditions.append(or_(Meeting.organiser_id == user_id, attends))
    return conditions


def upcoming(start: datetime, end: datetime, *, coalition_id=None, dossier_id=None, user_id=None,
             limit: int = 10) -> list[Meeting]:  # fmt: skip
    query = (
        select(Meeting)
        .options(joinedload(Meeting.series))
        .where(
            Meeting.starts_at >= start,
            Meeting.starts_at < end,
            Meeting.status != MeetingStatus.CANCELLED,
            *_filters(coalition_id, dossier_id, user_id),
        )
        .order_by(Meeting.starts_at)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def overdue_by_owner(today: date, *, coalition_id=None, dossier_id=None, user_id=None) -> list[tuple[str, int]]:
    """(owner, number of open action items past their due date), most overdue first."""
    owner = func.coalesce(User.name, Person.last_name)
    query = (
        select(owner, func.count(ActionItem.id))
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .outerjoin(User, User.id == ActionItem.owner_user_id)
        .outerjoin(Person, Person.id == ActionItem.owner_person_id)
        .where(
            ActionItem.status == ActionStatus.OPEN,
            ActionItem.due_date < today,
            *_filters(coalition_id, dossier_id, None),
        )
        .group_by(owner)
        .order_by(func.count(ActionItem.id).desc(), owner)
    )
    if user_id:
        query = query.where(ActionItem.owner_user_id == user_id)
    return [(name, int(count)) for name, count in db.session.execute(query)]


def meetings_per_dossier(start: datetime, end: datetime, *, coalition_id=None, user_id=None) -> dict[int, int]:
    query = (
        select(meeting_dossiers.c.dossier_id, func.count())
        .join(Meeting, Meeting.id == meeting_dossiers.c.meeting_id)
        .where(
            Meeting.starts_at >= start,
            Meeting.starts_at < end,
            Meeting.status != MeetingStatus.CANCELLED,
            *_filters(coalition_id, None, user_id),
        )
        .group_by(meeting_dossiers.c.dossier_id)
    )
    return {dossier_id: int(count) for dossier_id, count in db.session.execute(query)}
