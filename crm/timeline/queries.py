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
from crm.letters import queries as letter_queries
from crm.meetings import queries as meeting_queries
from crm.watch import timeline as kamer_timeline

MEETINGS = "meetings"
LETTERS = "letters"


@dataclass(frozen=True)
class Source:
    """A kind of timeline entry: `rows(scope, id, kind)` selects (id, occurred_at); `load(ids)` gives records."""

    name: str
    rows: Callable[[str, int, str], Select | None]
    load: Callable[[list[int]], dict[int, Any]]


def _contact_rows(scope: str, record_id: int, kind: str) -> Select | None:
    if kind in (MEETINGS, LETTERS, kamer_timeline.KIND):
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


def _letter_rows(scope: str, record_id: int, kind: str) -> Select | None:
    return None if kind and kind != LETTERS else letter_queries.timeline_rows(scope, record_id)


SOURCES: list[Source] = [
    Source("contact", _contact_rows, contact_queries.interactions_by_ids),
    Source("meeting", _meeting_rows, _meetings_by_ids),
    Source("letter", _letter_rows, letter_queries.timeline_letters),
    Source("kamer", kamer_timeline.timeline_rows, kamer_timeline.entries_by_ids),  # dossiers only: what they watch
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

    kinds = [(kind.value, str(label)) for kind, label in KIND_LABELS.items()]
    return [(MEETINGS, _("Meetings")), (LETTERS, _("Joint letters")), *kinds, (kamer_timeline.KIND, _("In the Kamer"))]


def _parts(scope: str, record_id: int, filters: TimelineFilters) -> list[Select]:
    """Each source's (type, id, occurred_at) rows for the record, with the period filter applied."""
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
    return parts


def _entries(parts: list[Select], limit: int, offset: int) -> list[Entry]:
    """A page of the merged list. Each source gives only its newest `offset + limit` rows (an index walk), so the
    merge sorts a page's worth of rows, not a record's whole history."""
    newest = []
    for part in parts:
        top = part.order_by(part.selected_columns.occurred_at.desc()).limit(offset + limit).subquery()
        newest.append(select(top.c.type, top.c.id, top.c.occurred_at))
    combined = union_all(*newest).subquery()
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


def _total(parts: list[Select]) -> int:
    counts = [select(func.count()).select_from(part.subquery()).scalar_subquery() for part in parts]
    return db.session.scalar(select(sum(counts[1:], counts[0]))) or 0


def timeline_page(scope: str, record_id: int, filters: TimelineFilters, per_page: int = 25) -> TimelinePage:
    """A page of the full, filtered timeline (the record's timeline page)."""
    parts = _parts(scope, record_id, filters)
    if not parts:
        return TimelinePage([], 0, 1, per_page, filters)
    total = _total(parts)
    page = min(max(filters.page, 1), max(1, ceil(total / per_page)))
    return TimelinePage(_entries(parts, per_page, (page - 1) * per_page), total, page, per_page, filters)


def latest_entries(scope: str, record_id: int, limit: int = 8) -> tuple[list[Entry], bool]:
    """The newest entries for the record's own page, and whether there are more (no count needed)."""
    parts = _parts(scope, record_id, TimelineFilters())
    if not parts:
        return [], False
    entries = _entries(parts, limit + 1, 0)
    return entries[:limit], len(entries) > limit
