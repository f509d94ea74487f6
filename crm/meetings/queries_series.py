"""Reads for meeting series: the list with filters, per-series figures, one series and its meetings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import joinedload

from crm.common.queries import archived_filter, word_filters
from crm.common.time import utcnow
from crm.extensions import db
from crm.meetings.models import Meeting, MeetingSeries
from crm.meetings.queries import MeetingFilters, meetings_query


@dataclass
class SeriesFilters:
    q: str = ""
    status: str = "active"


def series_query(filters: SeriesFilters) -> Select:
    query = select(MeetingSeries).options(joinedload(MeetingSeries.coalition))
    conditions = [
        *word_filters(MeetingSeries.search_text, filters.q),
        *archived_filter(MeetingSeries, filters.status),
    ]
    return query.where(*conditions).order_by(MeetingSeries.name_key, MeetingSeries.id)


def series_stats(series_ids: list[int], now: datetime | None = None) -> dict[int, dict]:
    """Per series: number of meetings, and the next upcoming and the last past start."""
    if not series_ids:
        return {}
    now = now or utcnow()
    query = (
        select(
            Meeting.series_id,
            func.count(Meeting.id).label("meetings"),
            func.min(case((Meeting.starts_at >= now, Meeting.starts_at))).label("next"),
            func.max(case((Meeting.starts_at < now, Meeting.starts_at))).label("last"),
        )
        .where(Meeting.series_id.in_(series_ids))
        .group_by(Meeting.series_id)
    )
    return {
        row.series_id: {"meetings": row.meetings, "next": row.next, "last": row.last}
        for row in db.session.execute(query)
    }


def series_meetings_query(series_id: int) -> Select:
    return meetings_query(MeetingFilters(series_id=series_id))
