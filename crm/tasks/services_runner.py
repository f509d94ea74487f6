"""A worker runs a job: claim the row, keep its lease while working, record how it ended.

- Claim: one conditional UPDATE (queued, or running with an expired lease, and attempts left) makes this worker
  the job's holder and uses up an attempt. A message for a job that is missing, finished or held by a live worker
  does nothing, so a message delivered twice runs the job once.
- Lease: a thread renews the job's lease (and the kind's lock) every third of the lease; a worker that dies stops
  renewing, and the sweeper queues the job again. A worker that finds its lease taken stops working on the job.
- End: done, or failed with a message for its owner, or queued again after a delay (RetryLater). An error never
  takes the worker down: it is recorded on the job.
- Side effects: `run.once(key)` records an idempotency key in the same transaction as the effect it guards, so a
  rerun after a crash skips what was done.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError

from crm.audit.context import acting_as
from crm.common.errors import ServiceError
from crm.common.time import utcnow
from crm.extensions import db
from crm.tasks import services_locks
from crm.tasks.current import QueueUnavailable, task_queue
from crm.tasks.models import Job, JobEffect, JobStatus
from crm.tasks.registry import KINDS, RetryLater

log = logging.getLogger(__name__)


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class LeaseLost(Exception):
    """Another worker holds the job now (this one was too slow to renew its lease): stop without recording."""


class Run:
    """What a handler may ask of the runner while it works on a job."""

    def __init__(self, job: Job, holder: str):
        self.job = job
        self.holder = holder
        self.lost = threading.Event()

    def progress(self, done: int, total: int | None = None) -> None:
        """Record progress (and commit the handler's work with it)."""
        self.check()
        self.job.done = done
        if total is not None:
            self.job.total = total
        db.session.commit()

    def check(self) -> None:
        if self.lost.is_set():
            raise LeaseLost()

    def done_keys(self, prefix: str = "") -> set[str]:
        keys = db.session.scalars(select(JobEffect.key).where(JobEffect.job_id == self.job.id))
        return {key for key in keys if key.startswith(prefix)}

    def once(self, key: str) -> bool:
        """Claim the side effect `key` in the current transaction: False when an earlier run had it already."""
        try:
            with db.session.begin_nested():
                db.session.add(JobEffect(job_id=self.job.id, key=key))
        except IntegrityError:
            return False
        return True


def claim(job_id: int, holder: str) -> Job | None:
    now = utcnow()
    lease = timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])
    claimable = or_(
        Job.status == JobStatus.QUEUED.value,
        and_(Job.status == JobStatus.RUNNING.value, Job.lease_until < now),
    )
    statement = (
        update(Job)
        .where(Job.id == job_id, claimable, Job.attempts < Job.max_attempts)
        .values(
            status=JobStatus.RUNNING.value,
            worker_id=holder,
            lease_until=now + lease,
            heartbeat_at=now,
            attempts=Job.attempts + 1,
            not_before=None,
        )
        .execution_options(synchronize_session=False)
    )
    claimed = db.session.execute(statement).rowcount == 1
    if claimed:
        db.session.execute(
            update(Job).where(Job.id == job_id, Job.started_at.is_(None)).values(started_at=now)
            .execution_options(synchronize_session=False)
        )  # fmt: skip
    db.session.commit()
    return db.session.get(Job, job_id, populate_existing=True) if claimed else None


class LeaseKeeper:
    """Renews a job's lease (and its kind's lock) from a thread of its own, on a connection of its own."""

    def __init__(self, app: Flask, run: Run, lock_kind: str | None):
        self.app, self.run, self.lock_kind = app, run, lock_kind
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._keep, name=f"lease-job-{run.job.id}", daemon=True)

    def __enter__(self) -> LeaseKeeper:
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop.set()
        self.thread.join(timeout=30)

    def _keep(self) -> None:
        seconds = self.app.config["JOB_LEASE_SECONDS"]
        job_id, holder = self.run.job.id, self.run.holder
        with self.app.app_context():
            while not self.stop.wait(max(seconds / 3, 0.2)):
                try:
                    now = utcnow()
                    with db.engine.begin() as connection:
                        renewed = connection.execute(
                            update(Job).where(Job.id == job_id, Job.worker_id == holder,
                                              Job.status == JobStatus.RUNNING.value)
                            .values(lease_until=now + timedelta(seconds=seconds), heartbeat_at=now)
                        ).rowcount  # fmt: skip
                        if self.lock_kind:
                            services_locks.renew(connection, self.lock_kind, f"job:{job_id}", seconds)
                    if renewed != 1:
                        self.run.lost.set()
                        return
                except Exception:  # a database hiccup: try again at the next beat; the lease has slack
                    log.warning("could not renew the lease of job %s", job_id, exc_info=True)


def run_job(app: Flask, job_id: int) -> None:
    """The Huey task: run the job with this id, in an app context of its own."""
    with app.app_context():
        # A commit leaves the job's attributes loaded: reading one afterwards must not open a transaction that
        # stays open while the work goes on (on SQLite, work outside a request begins IMMEDIATE: the write lock).
        db.session().expire_on_commit = False
        try:
            _run(app, job_id)
        except Exception:  # never take the worker down (and never let Huey retry behind the job row's back)
            log.exception("job %s: unexpected error outside the job's own handling", job_id)
            db.session.rollback()
        finally:
            db.session.remove()


def _run(app: Flask, job_id: int) -> None:
    holder = worker_id()
    job = claim(job_id, holder)
    if job is None:
        return
    kind = KINDS.get(job.kind)
    if kind is None:
        _fail(job_id, str(_l("This kind of job is unknown to this version: %(kind)s.", kind=job.kind)))
        return
    run = Run(job, holder)
    lock_name = kind.name if kind.exclusive else None
    if lock_name and not services_locks.acquire(lock_name, f"job:{job.id}", app.config["JOB_LEASE_SECONDS"]):
        db.session.commit()
        _retry(job_id, str(_l("Another job of this kind is running; this one waits for it.")), 30, used=False)
        return
    db.session.commit()
    try:
        with _keeping_lease(app, run, lock_name), acting_as(f"job:{job.kind}:{job.id}", job.owner_id):
            kind.handler(job, run)
        _finish(job_id, holder)
    except LeaseLost:
        db.session.rollback()
        log.warning("job %s: another worker holds it now; this one stopped", job_id)
    except RetryLater as later:
        _retry(job_id, later.reason, later.seconds)
    except ServiceError as error:
        _fail(job_id, str(error.message))
    except Exception as error:
        from crm.rendering.render import RenderError

        if isinstance(error, RenderError):
            _fail(job_id, str(error.message))
        else:
            log.exception("job %s (%s) failed", job_id, job.kind)
            _fail(job_id, str(_l("An unexpected error stopped this job; it has been logged.")))
    finally:
        if lock_name:
            services_locks.release(lock_name, f"job:{job_id}")


@contextmanager
def _keeping_lease(app: Flask, run: Run, lock_name: str | None) -> Iterator[None]:
    if app.extensions["tasks"].immediate:  # inside the caller's transaction (the test suite): no second connection
        yield
        return
    with LeaseKeeper(app, run, lock_name):
        yield


def _finish(job_id: int, holder: str) -> None:
    job = db.session.get(Job, job_id, populate_existing=True)  # as it is now: another worker may hold it
    if job.worker_id != holder or job.status != JobStatus.RUNNING:
        db.session.rollback()
        return
    job.status, job.finished_at, job.lease_until, job.error = JobStatus.DONE.value, utcnow(), None, None
    if not job.total:
        job.total = job.done = 1
    db.session.commit()


def _fail(job_id: int, message: str) -> None:
    db.session.rollback()
    job = db.session.get(Job, job_id, populate_existing=True)
    job.status, job.error, job.finished_at, job.lease_until = JobStatus.FAILED.value, message[:2000], utcnow(), None
    db.session.commit()


def _retry(job_id: int, reason: str, seconds: float, *, used: bool = True) -> None:
    """Queue the job again after `seconds`, or fail it when its attempts are used up."""
    db.session.rollback()
    job = db.session.get(Job, job_id, populate_existing=True)
    if not used:
        job.attempts = max(job.attempts - 1, 0)  # waiting for a lock is no attempt of its own
    if job.attempts >= job.max_attempts:
        job.status, job.finished_at = JobStatus.FAILED.value, utcnow()
        job.error = str(_l("Gave up after %(n)s attempts: %(reason)s", n=job.attempts, reason=reason))[:2000]
        job.lease_until = None
        db.session.commit()
        return
    job.status, job.error, job.lease_until = JobStatus.QUEUED.value, reason[:2000], None
    job.not_before = utcnow() + timedelta(seconds=seconds)
    db.session.commit()
    try:
        task_queue().enqueue(job_id, delay=seconds)
    except QueueUnavailable:  # the sweeper queues it again once the storage is back
        log.warning("job %s: could not queue the retry; the sweeper will", job_id)
