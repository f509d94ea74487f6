"""Column mixins shared by the domain models."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from crm.common.time import utcnow


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class VersionedMixin:
    """Optimistic locking: SQLAlchemy bumps `version_id` on every UPDATE and refuses a stale one."""

    version_id: Mapped[int] = mapped_column(nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version_id}


class ArchivableMixin:
    """Records that are archived, never deleted: history stays intact."""

    archived_at: Mapped[datetime | None] = mapped_column(default=None)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None
