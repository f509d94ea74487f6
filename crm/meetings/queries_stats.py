"""Meeting figures for the dashboard: the meetings of the coming days, overdue action items by owner, and meetings
per dossier in a period. Each is one statement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload

from crm.auth.models import User
from crm.common.queries import bucket_index
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
        on_dossier = meeting_dossiers.alias()  # the outer query may read the same links itself
        conditions.append(exists().where(on_dossier.c.meeting_id == Meeting.id,
                                         on_dossier.c.dossier_id == dossier_id))  # fmt: skip
    if user_id:
        colleague = aliased(MeetingAttendee)  # the outer query may read attendees itself (the heat map does)
        attends = exists().where(colleague.meeting_id == Meeting.id, colleague.user_id == user_id)
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


@dataclass(frozen=True)
class OverdueOwner:
    name: str
    user_id: int | None  # the owner is a colleague …
    person_id: int | None  # … or an external person
    count: int


def _overdue(today: date, coalition_id, dossier_id, user_id) -> list:
    conditions = [ActionItem.status == ActionStatus.OPEN, ActionItem.due_date < today,
                  *_filters(coalition_id, dossier_id, None)]  # fmt: skip
    if user_id:
        conditions.append(ActionItem.owner_user_id == user_id)
    return conditions


def overdue_by_owner(today: date, *, coalition_id=None, dossier_id=None, user_id=None) -> list[OverdueOwner]:
    """Owners with open action items past their due date, the most overdue first: one statement."""
    owner = func.coalesce(User.name, func.trim(func.coalesce(Person.first_name, "") + " " + Person.last_name))
    query = (
        select(owner, ActionItem.owner_user_id, ActionItem.owner_person_id, func.count(ActionItem.id))
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .outerjoin(User, User.id == ActionItem.owner_user_id)
        .outerjoin(Person, Person.id == ActionItem.owner_person_id)
        .where(*_overdue(today, coalition_id, dossier_id, user_id))
        .group_by(owner, ActionItem.owner_user_id, ActionItem.owner_person_id)
        .order_by(func.count(ActionItem.id).desc(), owner)
    )
    return [OverdueOwner(name, user, person, int(count)) for name, user, person, count in db.session.execute(query)]


def _owners() -> tuple:
    """Loader options are built when used: building them configures the mappers, which needs every model imported."""
    return (joinedload(ActionItem.owner_user), joinedload(ActionItem.owner_person))


def overdue_action_items_query(today: date, *, owner_user_id=None, owner_person_id=None, coalition_id=None,
                               dossier_id=None) -> Select:  # fmt: skip
    """The open action items past their due date, the longest overdue first: the list behind the dashboard's count."""
    query = (
        select(ActionItem)
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .options(contains_eager(ActionItem.meeting), *_owners())
        .where(*_overdue(today, coalition_id, dossier_id, None))
        .order_by(ActionItem.due_date, ActionItem.id)
    )
    if owner_user_id:
        query = query.where(ActionItem.owner_user_id == owner_user_id)
    if owner_person_id:
        query = query.where(ActionItem.owner_person_id == owner_person_id)
    return query


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


def meetings_per_organisation_bucket(boundaries: list[datetime], organisations, *, coalition_id=None,
                                     dossier_id=None, user_id=None) -> dict:  # fmt: skip
    """(organisation, bucket) → meetings it was represented at (an attendee for it), cancelled ones left out."""
    bucket = bucket_index(Meeting.starts_at, boundaries)
    query = (
        select(MeetingAttendee.organisation_id, bucket, func.count(func.distinct(Meeting.id)))
        .join(Meeting, Meeting.id == MeetingAttendee.meeting_id)
        .where(
            MeetingAttendee.organisation_id.in_(organisations),
            Meeting.starts_at >= boundaries[0],
            Meeting.starts_at < boundaries[-1],
            Meeting.status != MeetingStatus.CANCELLED,
            *_filters(coalition_id, dossier_id, user_id),
        )
        .group_by(MeetingAttendee.organisation_id, bucket)
    )
    return {(organisation, int(index)): int(count) for organisation, index, count in db.session.execute(query)}
