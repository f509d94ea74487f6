"""Reads of the audit trail: a record's history and the global log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import and_, func, or_, select

from crm.audit.actors import actor_name
from crm.audit.models import AuditEvent
from crm.common.time import local_day_start_utc
from crm.extensions import db

ACTIONS = ("create", "update", "archive", "restore", "delete", "erase", "access_export")


def _history_query(entity_type: str, entity_id: int):
    return (
        select(AuditEvent)
        .where(
            or_(
                and_(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id),
                and_(AuditEvent.parent_type == entity_type, AuditEvent.parent_id == entity_id),
            )
        )
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    )


def history_page(entity_type: str, entity_id: int, page: int = 1, per_page: int | None = None):
    """A record's own events and those of the records that belong to it, newest first."""
    return db.paginate(
        _history_query(entity_type, entity_id),
        page=page,
        per_page=per_page or current_app.config["ITEMS_PER_PAGE"],
        error_out=False,
    )


@dataclass
class AuditFilters:
    entity_type: str = ""
    action: str = ""
    actor: str = ""
    date_from: date | None = None
    date_until: date | None = None


def global_log(filters: AuditFilters, page: int = 1):
    query = select(AuditEvent)
    if filters.entity_type:
        query = query.where(AuditEvent.entity_type == filters.entity_type)
    if filters.action in ACTIONS:
        query = query.where(AuditEvent.action == filters.action)
    if filters.actor:
        query = query.where(AuditEvent.actor_label == filters.actor)
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    if filters.date_from:
        query = query.where(AuditEvent.created_at >= local_day_start_utc(filters.date_from, zone))
    if filters.date_until:
        query = query.where(AuditEvent.created_at < local_day_start_utc(filters.date_until + timedelta(days=1), zone))
    query = query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    return db.paginate(query, page=page, per_page=50, error_out=False)


def entity_types() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.entity_type).distinct().order_by(AuditEvent.entity_type)))


def actors() -> list[tuple[str, str]]:
    """Everyone who changed something, as (stored label, name to show), by name: the global log's "By" filter.
    Two statements: one event per label, then those events with their users."""
    first = select(func.min(AuditEvent.id)).group_by(AuditEvent.actor_label)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.id.in_(first))).unique()
    return sorted(((event.actor_label, actor_name(event)) for event in events), key=lambda pair: pair[1].casefold())


def recent_events(limit: int = 10, exclude_types: tuple[str, ...] = ()) -> list[AuditEvent]:
    """The newest events; `exclude_types` leaves out records the reader may not see (e.g. stakeholder positions)."""
    query = select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()).limit(limit)
    if exclude_types:
        query = query.where(AuditEvent.entity_type.not_in(exclude_types))
    return list(db.session.scalars(query))


@dataclass
class RecentHistory:
    """The newest few events of a record for its own page; `more` says whether older ones exist (no count)."""

    items: list[AuditEvent]
    more: bool


def recent_history(entity_type: str, entity_id: int, limit: int = 5) -> RecentHistory:
    events = list(db.session.scalars(_history_query(entity_type, entity_id).limit(limit + 1)))
    return RecentHistory(items=events[:limit], more=len(events) > limit)
