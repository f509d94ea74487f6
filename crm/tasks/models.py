"""Background work as rows: jobs (the truth the pages read), their side effects and stored parts, the workers'
heartbeats and the lock per kind of scheduled work.

The queue (Huey) only delivers a job's id to a worker. Everything a page shows or a restarted worker needs is here:
status and progress, who holds the job and until when (its lease), how many times it ran, its error and its result.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint, case
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from crm.common.choices import LabelledEnum
from crm.common.time import utcnow
from crm.extensions import db
from crm.tasks.registry import kind_label

if TYPE_CHECKING:
    from crm.auth.models import User


class JobStatus(LabelledEnum):
    QUEUED = "queued", _l("Queued")
    RUNNING = "running", _l("Running")
    DONE = "done", _l("Done")
    FAILED = "failed", _l("Failed")


JOB_STATUS_LABELS = JobStatus.labels()
FINISHED = (JobStatus.DONE.value, JobStatus.FAILED.value)
STALLED_AFTER = timedelta(hours=2)  # a job running without a live lease for this long: its worker is gone


class Job(db.Model):
    """One piece of background work: what (kind, arguments), for whom (owner), and how far it got."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    arguments: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=JobStatus.QUEUED.value)
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    attempts: Mapped[int] = mapped_column(default=0)  # runs started (a worker that dies used one up)
    max_attempts: Mapped[int] = mapped_column(default=3)
    lease_until: Mapped[datetime | None]  # while running: the worker renews it; expired means the worker is gone
    heartbeat_at: Mapped[datetime | None]
    worker_id: Mapped[str | None] = mapped_column(String(120))
    not_before: Mapped[datetime | None]  # a retry waits until then
    error: Mapped[str | None] = mapped_column(Text)
    result_ref: Mapped[str | None] = mapped_column(String(100))  # e.g. "generateddocument:12"; "file" for `result`
    result_filename: Mapped[str | None] = mapped_column(String(300))
    result: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    dedupe_key: Mapped[str | None] = mapped_column(String(160), unique=True)  # a scheduled run: one job per slot
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    owner: Mapped[User | None] = relationship("User")

    __table_args__ = (
        Index("ix_jobs_status_kind", "status", "kind"),
        Index("ix_jobs_kind_created_at", "kind", "created_at"),
    )
    # Kinds with a model class of their own (a mail merge: crm.documents.models.MergeJob) load as that class; any
    # other kind as a plain Job. The kind is always set by whoever makes the row.
    __mapper_args__ = {
        "polymorphic_on": case((kind == "mail_merge", "mail_merge"), else_="job"),
        "polymorphic_identity": "job",
    }

    def __str__(self) -> str:
        return f"{self.kind} #{self.id}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def is_stalled(self) -> bool:
        """Running, but no worker has renewed its lease for long: the process running it was stopped."""
        if self.status != JobStatus.RUNNING:
            return False
        last_sign = self.lease_until or self.started_at or self.created_at
        return utcnow() - last_sign > STALLED_AFTER

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    status_label = JobStatus.label_property("status")

    @property
    def label(self) -> str:
        return kind_label(self.kind)


class JobEffect(db.Model):
    """A side effect a job has had (a letter logged for a recipient, an e-mail sent): done once, whatever reruns."""

    __tablename__ = "job_effects"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("job_id", "key", name="uq_job_effects_job_id_key"),)


class JobPart(db.Model):
    """A piece of a job's result kept as soon as it is made (one recipient's PDF), so a rerun continues from it."""

    __tablename__ = "job_parts"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    position: Mapped[int]
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    pages: Mapped[int] = mapped_column(default=0)

    __table_args__ = (UniqueConstraint("job_id", "position", name="uq_job_parts_job_id_position"),)


class WorkerHeartbeat(db.Model):
    """A running `flask crm worker`, as last seen: /readyz and the jobs page tell from it whether one is alive."""

    __tablename__ = "worker_heartbeats"

    worker_id: Mapped[str] = mapped_column(String(120), primary_key=True)  # host:pid
    hostname: Mapped[str] = mapped_column(String(100))
    pid: Mapped[int]
    threads: Mapped[int] = mapped_column(default=1)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class TaskLock(db.Model):
    """A lease per kind of exclusive work (a backup, the sweeper): held by one job at a time, on any machine."""

    __tablename__ = "task_locks"

    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(160))
    lease_until: Mapped[datetime]
