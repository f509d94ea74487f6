"""Reads for the documents made for a meeting: the meeting page's list, and the meetings a document may be added to."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, or_, select
from sqlalchemy.orm import joinedload

from crm.auth.models import User
from crm.common.time import utcnow
from crm.documents.models import GeneratedDocument
from crm.extensions import db
from crm.meetings.models import Meeting, MeetingStatus, meeting_dossiers
from crm.permissions import has_permission

WEEKS_AHEAD = 6  # meetings in the next weeks are offered, whatever their dossier
DAYS_BACK = 30  # and the dossier's meetings of the last month (a preparation kept with the meeting after it)
CHOICES = 50


def documents_of_meeting(meeting_id: int) -> list[GeneratedDocument]:
    """The documents made for a meeting, newest first, with who made them (one statement; the PDF stays unloaded)."""
    return list(
        db.session.scalars(
            select(GeneratedDocument)
            .options(joinedload(GeneratedDocument.created_by))
            .where(GeneratedDocument.meeting_id == meeting_id)
            .order_by(GeneratedDocument.created_at.desc(), GeneratedDocument.id.desc())
        )
    )


def meeting_choices(user: User, dossier_id: int | None, *, now: datetime | None = None) -> list[Meeting]:
    """The meetings `user` may add a document to (organised by them, or any with meetings.edit_any), not cancelled:
    the dossier's meetings from a month ago on and every meeting in the next weeks. Upcoming ones first (soonest
    first), then the past ones (latest first)."""
    now = now or utcnow()
    nearby = Meeting.starts_at.between(now, now + timedelta(weeks=WEEKS_AHEAD))
    wanted = nearby
    if dossier_id is not None:
        on_dossier = select(meeting_dossiers.c.meeting_id).where(meeting_dossiers.c.dossier_id == dossier_id)
        wanted = or_(nearby, Meeting.id.in_(on_dossier) & (Meeting.starts_at >= now - timedelta(days=DAYS_BACK)))
    query = select(Meeting).where(wanted, Meeting.status != MeetingStatus.CANCELLED.value)
    if not has_permission(user, "meetings.edit_any"):
        query = query.where(Meeting.organiser_id == user.id)
    upcoming = case((Meeting.starts_at >= now, 0), else_=1)
    soonest = case((Meeting.starts_at >= now, Meeting.starts_at), else_=None)
    return list(
        db.session.scalars(query.order_by(upcoming, soonest, Meeting.starts_at.desc(), Meeting.id).limit(CHOICES))
    )
