"""Reads for calendars: the feed a token opens, and what a personal feed shows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from crm.auth.models import User
from crm.extensions import db
from crm.meetings.models import ActionItem, ActionStatus, Meeting, MeetingAttendee
from crm.meetings.models_calendar import CalendarFeed


def active_feed_by_hash(token_hash: str) -> CalendarFeed | None:
    query = (
        select(CalendarFeed)
        .join(CalendarFeed.user)
        .options(joinedload(CalendarFeed.user))
        .where(CalendarFeed.token_hash == token_hash, CalendarFeed.revoked_at.is_(None), User.active.is_(True))
    )
    return db.session.scalar(query)


def active_feed_of(user_id: int) -> CalendarFeed | None:
    query = select(CalendarFeed).where(CalendarFeed.user_id == user_id, CalendarFeed.revoked_at.is_(None))
    return db.session.scalar(query.order_by(CalendarFeed.created_at.desc()).limit(1))


def active_feeds_of(user_id: int) -> list[CalendarFeed]:
    query = select(CalendarFeed).where(CalendarFeed.user_id == user_id, CalendarFeed.revoked_at.is_(None))
    return list(db.session.scalars(query))


def meetings_for_calendar(user_id: int, since: datetime, limit: int = 500) -> list[Meeting]:
    """The user's meetings (organiser or attendee) starting after `since`, with their series."""
    attending = select(MeetingAttendee.meeting_id).where(MeetingAttendee.user_id == user_id)
    query = (
        select(Meeting)
        .options(joinedload(Meeting.series), joinedload(Meeting.organiser))
        .where(or_(Meeting.organiser_id == user_id, Meeting.id.in_(attending)), Meeting.starts_at >= since)
        .order_by(Meeting.starts_at)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def action_items_for_calendar(user_id: int, limit: int = 500) -> list[ActionItem]:
    query = (
        select(ActionItem)
        .options(joinedload(ActionItem.meeting))
        .where(
            ActionItem.owner_user_id == user_id,
            ActionItem.status == ActionStatus.OPEN.value,
            ActionItem.due_date.is_not(None),
        )
        .order_by(ActionItem.due_date)
        .limit(limit)
    )
    return list(db.session.scalars(query))
