"""Queueing work: the job row first (committed), then the message that delivers it to a worker.

A view checks that the queue answers before it writes anything (`ensure_reachable`), so a queue that is down
costs the user nothing but a clear message; if the queue goes away between that check and the message, the
committed job is marked failed at once with the same message (`start`). Either way nothing waits half-made.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

from crm.auth.models import User
from crm.common.errors import ServiceError
from crm.common.time import utcnow
from crm.extensions import db
from crm.tasks.current import QueueUnavailable, task_queue
from crm.tasks.models import Job, JobStatus
from crm.tasks.registry import KINDS

QUEUE_DOWN = _l("The background tasks cannot be reached right now; try again in a moment.")


def ensure_reachable() -> None:
    """QueueUnavailable when the task storage does not answer: call it before writing anything."""
    task_queue().ensure_ready()


def new_job(kind: str, *, owner: User | None, arguments: dict[str, Any] | None = None, total: int = 0,
            job: Job | None = None) -> Job:  # fmt: skip
    """A job waiting to be started (flushed, not committed); `job` is a row of a subclass to use (a MergeJob)."""
    if kind not in KINDS:
        raise ServiceError(_l("This kind of job is unknown: %(kind)s.", kind=kind))
    setting = KINDS[kind].max_attempts_setting
    job = job if job is not None else Job(kind=kind)
    job.kind = kind
    job.arguments = {**(job.arguments or {}), **(arguments or {})}
    job.owner = owner
    job.total = total
    job.done = 0
    job.attempts = 0
    job.max_attempts = max(int(current_app.config[setting]), 1)
    job.status = JobStatus.QUEUED.value
    db.session.add(job)
    db.session.flush()
    return job


def start(job_id: int) -> None:
    """Deliver a committed job to a worker. When the storage is down the job is failed (committed) and
    QueueUnavailable raised, for the caller to show QUEUE_DOWN.

    Takes the id, read before the commit: reading it from the expired row afterwards would open a transaction that
    stays open while the job is delivered (and, in immediate mode, around the whole job)."""
    try:
        task_queue().enqueue(job_id)
    except QueueUnavailable:
        db.session.rollback()
        failed = db.session.get(Job, job_id)
        failed.status, failed.error, failed.finished_at = JobStatus.FAILED.value, str(QUEUE_DOWN), utcnow()
        db.session.commit()
        raise


def retry(job: Job) -> None:
    """A failed job once more, from where it stopped (its parts and side effects done are kept)."""
    if job.status != JobStatus.FAILED:
        raise ServiceError(_l("Only a failed job can be tried again."))
    job.status, job.error, job.finished_at, job.attempts = JobStatus.QUEUED.value, None, None, 0
    job.lease_until = job.worker_id = job.not_before = None
    db.session.flush()
