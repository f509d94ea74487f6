"""The sync's own records: the mark per entity set, the runs, and the lock that keeps two runs apart."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm.common.choices import LabelledEnum, choices
from crm.common.time import utcnow
from crm.extensions import db


class SyncMark(db.Model):
    """Where an entity set's sync stands: the `ApiGewijzigdOp` of the last row of the last committed page, exactly as
    the API wrote it (seven fractional digits), so the next request asks for what came after it."""

    __tablename__ = "tk_sync_marks"

    entity_set: Mapped[str] = mapped_column(String(60), primary_key=True)
    mark: Mapped[str | None] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def id(self) -> str:
        """Keyed by its entity set; `id` as on every other record (generic checks)."""
        return self.entity_set


class RunStatus(LabelledEnum):
    RUNNING = "running", _l("Running")
    SUCCEEDED = "succeeded", _l("Succeeded")
    FAILED = "failed", _l("Failed")


class SyncRun(db.Model):
    """One sync: what it fetched per entity set and what went wrong. `counts` maps an entity set to
    {"new", "changed", "removed", "unchanged", "skipped", "pages", "requests"}; `errors` lists skipped rows
    ({"entity", "id", "message"}); `error` is what ended a failed run."""

    __tablename__ = "tk_sync_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default=RunStatus.RUNNING.value, info=choices(RunStatus))
    full: Mapped[bool] = mapped_column(Boolean, default=False)
    trigger: Mapped[str] = mapped_column(String(40), default="cli")
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    errors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    requests: Mapped[int] = mapped_column(default=0)

    @property
    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    status_label = RunStatus.label_property("status")

    def total(self, key: str) -> int:
        return sum(int(counts.get(key, 0)) for counts in (self.counts or {}).values())


class SyncLock(db.Model):
    """One row: the run that holds the sync, and when it last showed it was alive. A run whose heartbeat is older
    than the lock's lifetime died; the next run may take over."""

    __tablename__ = "tk_sync_lock"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None]
    heartbeat_at: Mapped[datetime | None]
