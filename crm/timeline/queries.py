"""One chronological list from several sources, paged in the database: a bounded number of statements."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from math import ceil
from typing import Any

from flask import current_app
from sqlalchemy import Select, func, literal, select, union_all

from crm.common.time import local_day_start_utc
from crm.extensions import db
from crm.interactions import queries as contact_queries
from crm.interactions.models import KIND_LABELS
from crm.meetings import queries as meeting_queries

MEETINGS = "meetings"


@dataclass(frozen=True)
class Source:
    """A kind of timeline entry: `rows(scope, id, kind)` selects (id, occurred_at); `load(ids)` gives records."""

    name: str
    rows: Callable[[str, int, str], Select | None]
    load: Callable[[list[int]], dict[int, Any]]


def _contact_rows(scope: str, record_id: int, kind: str) -> Select | None:
    if kind == MEETINGS:
        return None
    # A held meeting has a contact-log entry of its own; the timeline shows the meeting instead.
    rows = contact_queries.timeline_rows(scope, record_id, kind)
    return rows.where(rows.selected_columns.id.not_in(meeting_queries.meeting_interaction_ids()))


def _meeting_rows(scope: str, record_id: int, kind: str) -> Select | None:
    if kind and kind != MEETINGS:
        return None
    return meeting_queries.timeline_rows(scope, record_id)


def _meetings_by_ids(ids: list[int]) -> dict[int, Any]:
    return {meeting.id: meeting for meeting in meeting_queries.meetings_by_ids(ids)}


SOURCES: list[Source] = [
    Source("contact", _contact_rows, contact_queries.interactions_by_ids),
    Source("meeting", _meeting_rows, _meetings_by_ids),
]


@dataclass
class TimelineFilters:
    kind: str = ""
    date_from: date | None = None
    date_until: date | None = None
    page: int = 1


@dataclass
class Entry:
    type: str
    record: Any


@dataclass
class TimelinePage:
    entries: list[Entry]
    total: int
    page: int
    per_page: int
    filters: TimelineFilters = field(default_factory=TimelineFilters)

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))


def kind_choices() -> list[tuple[str, str]]:
    from flask_babel import gettext as _

    return [(MEETINGS, _("Meetings")), *((kind.value, str(label)) for kind, label in KIND_LABELS.items())]


def _combined(scope: str, record_id: int, filters: TimelineFilters):
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    parts = []
    for source in SOURCES:
        rows = source.rows(scope, record_id, filters.kind)
        if rows is None:
            continue
        subquery = rows.subquery()
        part = select(literal(source.name).label("type"), subquery.c.id, subquery.c.occurred_at)
        if filters.date_from:
            part = part.where(subquery.c.occurred_at >= local_day_start_utc(filters.date_from, zone))
        if filters.date_until:
            until = local_day_start_utc(filters.date_until + timedelta(days=1), zone)
            part = part.where(subquery.c.occurred_at < until)
        parts.append(part)
    return union_all(*parts).subquery() if parts else None


def _entries(combined, limit: int, offset: int) -> list[Entry]:
    rows = db.session.execute(
        select(combined.c.type, combined.c.id)
        .order_by(combined.c.occurred_at.desc(), combined.c.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    loaded = {}
    for source in SOURCES:
        ids = [row.id for row in rows if row.type == source.name]
        loaded[source.name] = source.load(ids) if ids else {}
    return [Entry(row.type, loaded[row.type][row.id]) for row in rows if row.id in loaded[row.type]]


def timeline_page(scope: str, record_id: int, filters: TimelineFilters, per_page: int = 25) -> TimelinePage:
    """A page of the full, filtered timeline (the record's timeline page)."""
    combined = _combined(scope, record_id, filters)
    if combined is None:
        return TimelinePage([], 0, 1, per_page, filters)
    total = db.session.scalar(select(func.count()).select_from(combined)) or 0
    page = min(max(filters.page, 1), max(1, ceil(total / per_page)))
    return TimelinePage(_entries(combined, per_page, (page - 1) * per_page), total, page, per_page, filters)


def latest_entries(scope: str, record_id: int, limit: int = 8) -> tuple[list[Entry], bool]:
    """The newest entries for the record's own page, and whether there are more (no count needed)."""
    combined = _combined(scope, record_id, TimelineFilters())
    if combined is None:
        return [], False
    entries = _entries(combined, limit + 1, 0)
    return entries[:limit], len(entries) > limit
