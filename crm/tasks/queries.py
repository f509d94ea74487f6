"""Reading jobs: the administrators' list with its filters, one job for its owner, the workers' state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from crm.common.time import utcnow
from crm.extensions import db
from crm.tasks.models import JOB_STATUS_LABELS, Job, WorkerHeartbeat


@dataclass(frozen=True)
class JobFilters:
    kind: str = ""
    status: str = ""


@dataclass(frozen=True)
class Workers:
    alive: int
    last_seen: datetime | None

    @property
    def running(self) -> bool:
        return self.alive > 0


def jobs_query(filters: JobFilters) -> Select:
    query = select(Job).options(joinedload(Job.owner)).order_by(Job.created_at.desc(), Job.id.desc())
    if filters.kind:
        query = query.where(Job.kind == filters.kind)
    if filters.status in JOB_STATUS_LABELS:
        query = query.where(Job.status == filters.status)
    return query


def status_counts() -> dict[str, int]:
    rows = db.session.execute(select(Job.status, func.count()).group_by(Job.status))
    return {row[0]: row[1] for row in rows}


def kinds_present() -> list[str]:
    return list(db.session.scalars(select(Job.kind).distinct().order_by(Job.kind)))


def get_job(job_id: int) -> Job | None:
    return db.session.get(Job, job_id, options=[joinedload(Job.owner)])


def workers() -> Workers:
    since = utcnow() - timedelta(seconds=current_app.config["WORKER_FRESH_SECONDS"])
    alive, last = db.session.execute(
        select(func.count().filter(WorkerHeartbeat.seen_at >= since), func.max(WorkerHeartbeat.seen_at))
    ).one()
    return Workers(alive or 0, last)
