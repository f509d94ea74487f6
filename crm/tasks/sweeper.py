"""The sweeper: jobs whose worker died are queued again, up to their attempts, then failed with a clear message.

A running job's worker renews its lease; a lease that ran out means the worker is gone (killed, out of memory,
the machine stopped). Huey had already taken the message off the queue, so without the sweeper the job would stay
"running" forever. A retry whose message never arrived (the queue was down when it was sent) is sent again.
Runs every minute (SCHEDULE_SWEEPER) under its lock, and once when a worker starts.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from crm.common.time import utcnow
from crm.extensions import db
from crm.tasks.current import QueueUnavailable, task_queue
from crm.tasks.models import Job, JobStatus

log = logging.getLogger(__name__)


def sweep() -> dict[str, int]:
    """Queue again or fail the jobs left by dead workers; returns what was done, for the log and the tests."""
    now = utcnow()
    grace = timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])
    orphaned = db.session.scalars(
        select(Job).where(Job.status == JobStatus.RUNNING.value, Job.lease_until < now).order_by(Job.id)
    ).all()
    requeue, failed = [], 0
    for job in orphaned:
        if job.attempts >= job.max_attempts:
            job.status, job.finished_at, job.lease_until = JobStatus.FAILED.value, now, None
            job.error = str(_l("The worker running this job stopped %(n)s times before it was finished; it will not "
                               "be tried again. Start it anew, or ask an administrator to look at the worker's log.",
                               n=job.attempts))  # fmt: skip
            failed += 1
        else:
            job.status, job.lease_until = JobStatus.QUEUED.value, None
            job.error = str(_l("The worker running this job stopped; it continues where it was."))
            requeue.append(job.id)
    waiting = db.session.scalars(
        select(Job.id).where(Job.status == JobStatus.QUEUED.value, Job.not_before < now - grace)
    ).all()  # retries whose message was lost
    db.session.commit()
    sent = 0
    for job_id in [*requeue, *waiting]:
        try:
            task_queue().enqueue(job_id)
            sent += 1
        except QueueUnavailable:
            log.warning("sweeper: the task storage is down; job %s waits for the next sweep", job_id)
            break
    if requeue or failed or waiting:
        log.info("sweeper: %s queued again, %s failed, %s retries sent again", len(requeue), failed, len(waiting))
    return {"requeued": len(requeue), "failed": failed, "resent": len(waiting), "sent": sent}
