"""Reads for meetings: lists with filters, the meeting page, action items, "my actions", timelines, choices.

Series lists are in queries_series.py, calendar feeds in queries_calendar.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload, undefer

from crm.auth.models import User
from crm.coalitions.models import Coalition, Dossier
from crm.common.queries import records_by_ids, word_filters
from crm.common.time import utcnow
from crm.extensions import db
from crm.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Decision,
    Meeting,
    MeetingAttendee,
    MeetingSeries,
    MeetingStatus,
    MinutesVersion,
    meeting_dossiers,
)
from crm.partners.models import Affiliation, Person
from crm.partners.queries import current_affiliation_clause
from crm.permissions import ACTING_ROLES

PERIODS = ("upcoming", "past")


@dataclass
class MeetingFilters:
    q: str = ""
    series_id: int | None = None
    coalition_id: int | None = None
    dossier_id: int | None = None
    status: str = ""
    period: str = ""
    date_from: date | None = None
    date_until: date | None = None

    @property
    def active(self) -> bool:
        """Whether any filter is set (the empty list then says "nothing matches", not "nothing yet")."""
        values = (self.q, self.series_id, self.coalition_id, self.dossier_id, self.status, self.period)
        return any(values) or self.date_from is not None or self.date_until is not None


def _coalition_condition(coalition_id: int):
    """Meetings of a coalition: their own coalition, or that of their series."""
    in_series = select(MeetingSeries.id).where(MeetingSeries.coalition_id == coalition_id)
    return or_(Meeting.coalition_id == coalition_id, Meeting.series_id.in_(in_series))


def meetings_query(filters: MeetingFilters, *, now: datetime | None = None, day_start=None) -> Select:
    """Upcoming meetings first (soonest first), then past ones (most recent first).

    `day_start(date) -> datetime` turns a local calendar day into the UTC instant it begins (for the period filter).
    """
    now = now or utcnow()
    query = select(Meeting).options(
        joinedload(Meeting.series), joinedload(Meeting.organiser), undefer(Meeting.attendee_count)
    )
    conditions = [*word_filters(Meeting.search_text, filters.q)]
    if filters.series_id:
        conditions.append(Meeting.series_id == filters.series_id)
    if filters.coalition_id:
        conditions.append(_coalition_condition(filters.coalition_id))
    if filters.dossier_id:
        linked = select(meeting_dossiers.c.meeting_id).where(meeting_dossiers.c.dossier_id == filters.dossier_id)
        conditions.append(Meeting.id.in_(linked))
    if filters.status in {s.value for s in MeetingStatus}:
        conditions.append(Meeting.status == filters.status)
    if filters.period == "upcoming":
        conditions.append(Meeting.ends_at >= now)
    elif filters.period == "past":
        conditions.append(Meeting.ends_at < now)
    if day_start and filters.date_from:
        conditions.append(Meeting.starts_at >= day_start(filters.date_from))
    if day_start and filters.date_until:
        conditions.append(Meeting.starts_at < day_start(filters.date_until + timedelta(days=1)))
    upcoming = Meeting.ends_at >= now
    return query.where(*conditions).order_by(
        case((upcoming, 0), else_=1),
        case((upcoming, Meeting.starts_at)).asc(),
        Meeting.starts_at.desc(),
        Meeting.id.desc(),
    )


def get_meeting(meeting_id: int) -> Meeting | None:
    return db.session.get(
        Meeting,
        meeting_id,
        options=[
            joinedload(Meeting.series),
            joinedload(Meeting.organiser),
            joinedload(Meeting.coalition),
            joinedload(Meeting.minutes_finalised_by),
            selectinload(Meeting.dossiers),
        ],
    )


def _attendee_loads() -> tuple:
    """An attendee is shown with who they are: the colleague, or the person and their organisation. A function, not
    a module constant: building loader options configures the mappers, which must wait until every model is
    imported (importing this module alone, as the demo data and the benchmarks do, must work)."""
    return (
        joinedload(MeetingAttendee.user),
        joinedload(MeetingAttendee.person),
        joinedload(MeetingAttendee.organisation),
    )


def attendees_of(meeting_id: int) -> list[MeetingAttendee]:
    """Colleagues first, then external attendees, each by name."""
    query = (
        select(MeetingAttendee)
        .outerjoin(MeetingAttendee.user)
        .outerjoin(MeetingAttendee.person)
        .options(*_attendee_loads())
        .where(MeetingAttendee.meeting_id == meeting_id)
        .order_by(MeetingAttendee.person_id.is_not(None), User.name, Person.name_key, MeetingAttendee.id)
    )
    return list(db.session.scalars(query))


def get_attendee(attendee_id: int) -> MeetingAttendee | None:
    return db.session.get(MeetingAttendee, attendee_id, options=_attendee_loads())


def agenda_of(meeting_id: int, *, with_decisions: bool = True) -> list[AgendaItem]:
    query = select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position, AgendaItem.id)
    if with_decisions:
        query = query.options(selectinload(AgendaItem.decisions))
    return list(db.session.scalars(query))


def get_agenda_item(item_id: int) -> AgendaItem | None:
    return db.session.get(AgendaItem, item_id)


def general_decisions(meeting_id: int) -> list[Decision]:
    """Decisions not filed under an agenda item."""
    query = select(Decision).where(Decision.meeting_id == meeting_id, Decision.agenda_item_id.is_(None))
    return list(db.session.scalars(query.order_by(Decision.id)))


def decisions_of(meeting_id: int) -> list[Decision]:
    return list(db.session.scalars(select(Decision).where(Decision.meeting_id == meeting_id).order_by(Decision.id)))


def _action_options():
    return (
        joinedload(ActionItem.owner_user),
        joinedload(ActionItem.owner_person),
        joinedload(ActionItem.agenda_item),
    )


def _open_first():
    return (
        case((ActionItem.status == ActionStatus.OPEN.value, 0), else_=1),
        ActionItem.due_date.is_(None),
        ActionItem.due_date,
        ActionItem.id,
    )


def action_items_of(meeting_id: int) -> list[ActionItem]:
    query = select(ActionItem).options(*_action_options()).where(ActionItem.meeting_id == meeting_id)
    return list(db.session.scalars(query.order_by(*_open_first())))


def get_action_item(action_item_id: int) -> ActionItem | None:
    return db.session.get(ActionItem, action_item_id, options=[joinedload(ActionItem.meeting), *_action_options()])


def earlier_open_action_items(meeting: Meeting) -> list[ActionItem]:
    """Open action items of the earlier meetings in the same series: what this meeting follows up on."""
    if meeting.series_id is None:
        return []
    query = (
        select(ActionItem)
        .join(ActionItem.meeting)
        .options(joinedload(ActionItem.meeting), *_action_options())
        .where(
            Meeting.series_id == meeting.series_id,
            Meeting.starts_at < meeting.starts_at,
            Meeting.id != meeting.id,
            ActionItem.status == ActionStatus.OPEN.value,
        )
        .order_by(ActionItem.due_date.is_(None), ActionItem.due_date, Meeting.starts_at, ActionItem.id)
    )
    return list(db.session.scalars(query))


def action_items_for_series(series_id: int, limit: int = 200) -> list[ActionItem]:
    """All action items of a series' meetings: open first (by due date), then the rest."""
    query = (
        select(ActionItem)
        .join(ActionItem.meeting)
        .options(joinedload(ActionItem.meeting), *_action_options())
        .where(Meeting.series_id == series_id)
        .order_by(*_open_first())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def open_action_items_for(user_id: int) -> list[ActionItem]:
    """ "My actions": the user's open action items, earliest due date first (no due date last)."""
    query = (
        select(ActionItem)
        .options(joinedload(ActionItem.meeting), joinedload(ActionItem.agenda_item))
        .where(ActionItem.owner_user_id == user_id, ActionItem.status == ActionStatus.OPEN.value)
        .order_by(ActionItem.due_date.is_(None), ActionItem.due_date, ActionItem.id)
    )
    return list(db.session.scalars(query))


def open_action_items_count_query(user_id: int):
    """A scalar subquery, so a page can count several kinds of open actions in one statement."""
    return (
        select(func.count(ActionItem.id))
        .where(ActionItem.owner_user_id == user_id, ActionItem.status == ActionStatus.OPEN.value)
        .scalar_subquery()
    )


def latest_minutes_number(meeting_id: int) -> int:
    query = select(func.max(MinutesVersion.number)).where(MinutesVersion.meeting_id == meeting_id)
    return db.session.scalar(query) or 0


def minutes_versions(meeting_id: int) -> list[MinutesVersion]:
    query = (
        select(MinutesVersion)
        .options(joinedload(MinutesVersion.author))
        .where(MinutesVersion.meeting_id == meeting_id)
        .order_by(MinutesVersion.number.desc())
    )
    return list(db.session.scalars(query))


def minutes_version(meeting_id: int, number: int) -> MinutesVersion | None:
    query = (
        select(MinutesVersion)
        .options(joinedload(MinutesVersion.author))
        .where(MinutesVersion.meeting_id == meeting_id, MinutesVersion.number == number)
    )
    return db.session.scalar(query)


def get_series(series_id: int) -> MeetingSeries | None:
    return db.session.get(MeetingSeries, series_id, options=[joinedload(MeetingSeries.coalition)])


def _active_choices(model, include: list[int]) -> list:
    """What a select offers: the active records by name, plus those already chosen (editing never drops them)."""
    active = model.archived_at.is_(None)
    query = select(model).where(or_(active, model.id.in_(include)) if include else active).order_by(model.name_key)
    return list(db.session.scalars(query))


def series_choices(include: int | None = None) -> list[MeetingSeries]:
    return _active_choices(MeetingSeries, [include] if include else [])


def coalition_choices(include: int | None = None) -> list[Coalition]:
    return _active_choices(Coalition, [include] if include else [])


def dossier_choices(include: list[int] | None = None) -> list[Dossier]:
    return _active_choices(Dossier, include or [])


def user_choices(include: list[int] | None = None, *, acting: bool = False) -> list[User]:
    """Active users (`acting`: only those who may do the work, for organisers and owners), plus those already chosen
    (so editing never silently drops them)."""
    usable = User.active.is_(True)
    if acting:
        usable = and_(usable, User.role.in_([role.value for role in ACTING_ROLES]))
    query = select(User).where(or_(usable, User.id.in_(include)) if include else usable).order_by(User.name)
    return list(db.session.scalars(query))


# --- look-ups by id for the services ---------------------------------------------------------------------------


people_by_ids = partial(records_by_ids, Person)
users_by_ids = partial(records_by_ids, User)
dossiers_by_ids = partial(records_by_ids, Dossier)


def current_organisations(person_ids: list[int]) -> dict[int, int]:
    """Each person's current organisation (the most recently started current position), in one statement."""
    if not person_ids:
        return {}
    query = (
        select(Affiliation.person_id, Affiliation.organisation_id)
        .where(Affiliation.person_id.in_(person_ids), current_affiliation_clause())
        .order_by(Affiliation.person_id, Affiliation.start_date.desc(), Affiliation.id.desc())
    )
    found: dict[int, int] = {}
    for row in db.session.execute(query):
        found.setdefault(row.person_id, row.organisation_id)
    return found


def attendee_person_ids(meeting_id: int) -> set[int]:
    query = select(MeetingAttendee.person_id).where(
        MeetingAttendee.meeting_id == meeting_id, MeetingAttendee.person_id.is_not(None)
    )
    return set(db.session.scalars(query))


def attendee_user_ids(meeting_id: int) -> set[int]:
    query = select(MeetingAttendee.user_id).where(
        MeetingAttendee.meeting_id == meeting_id, MeetingAttendee.user_id.is_not(None)
    )
    return set(db.session.scalars(query))


# --- timelines (shown by the contact log on organisation, person, dossier and coalition pages) -------------------

TIMELINE_SCOPES = ("person", "organisation", "dossier", "coalition")


def timeline_rows(scope: str, record_id: int, *, include_cancelled: bool = False) -> Select:
    """Meetings involving a record, as a Select of two labelled columns: `id` and `occurred_at` (= starts_at).

    person: an attendee; organisation: an attendee represents it; dossier: linked to the meeting;
    coalition: the meeting's own coalition or its series' coalition. Union it with other timeline sources,
    order and paginate it, then load the page's meetings with `meetings_by_ids`.
    """
    if scope == "person":
        condition = Meeting.id.in_(select(MeetingAttendee.meeting_id).where(MeetingAttendee.person_id == record_id))
    elif scope == "organisation":
        condition = Meeting.id.in_(
            select(MeetingAttendee.meeting_id).where(MeetingAttendee.organisation_id == record_id)
        )
    elif scope == "dossier":
        condition = Meeting.id.in_(
            select(meeting_dossiers.c.meeting_id).where(meeting_dossiers.c.dossier_id == record_id)
        )
    elif scope == "coalition":
        condition = _coalition_condition(record_id)
    else:
        raise ValueError(f"Unknown timeline scope {scope!r}")
    query = select(Meeting.id.label("id"), Meeting.starts_at.label("occurred_at")).where(condition)
    if not include_cancelled:
        query = query.where(Meeting.status != MeetingStatus.CANCELLED.value)
    return query


def meetings_by_ids(ids: list[int]) -> list[Meeting]:
    """The meetings for a page of timeline rows, in the given order, with series and attendee count loaded."""
    if not ids:
        return []
    query = select(Meeting).options(joinedload(Meeting.series), undefer(Meeting.attendee_count))
    found = {m.id: m for m in db.session.scalars(query.where(Meeting.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def meeting_for_interaction(interaction_id: int) -> Meeting | None:
    """The meeting a contact-log entry stands for, if any."""
    return db.session.scalar(select(Meeting).where(Meeting.interaction_id == interaction_id))


def meeting_interaction_ids() -> Select:
    """The contact-log entries that stand for held meetings (a timeline showing the meeting can skip these)."""
    return select(Meeting.interaction_id).where(Meeting.interaction_id.is_not(None))
