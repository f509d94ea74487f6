"""An import is a record: the file (kept, for the job that runs it), its mapping, what it did to which rows."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from crm.common.choices import LabelledEnum
from crm.common.models import TimestampMixin
from crm.common.time import utcnow
from crm.extensions import db

if TYPE_CHECKING:
    from crm.auth.models import User


# In place of the file's SHA-256 once an erasure removed the file: never a hex digest, so never a real upload's.
FILE_ERASED = "erased"


class ImportKind(StrEnum):
    ORGANISATIONS = "organisations"
    PEOPLE = "people"
    CONTACTS = "contacts"


class ImportStatus(LabelledEnum):
    DRAFT = "draft", _l("Not started")  # uploaded; mapping and preview under way
    QUEUED = "queued", _l("Running")  # a job runs it
    DONE = "done", _l("Done")
    FAILED = "failed", _l("Failed")
    UNDONE = "undone", _l("Undone")


STATUS_LABELS = ImportStatus.labels()


class RowChoice(StrEnum):
    """What to do with a row that looks like a record already in the registry."""

    SKIP = "skip"
    UPDATE = "update"
    CREATE = "create"


class ImportMapping(TimestampMixin, db.Model):
    """A saved column mapping, for the next file of the same shape: {column header: field}."""

    __tablename__ = "import_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    columns: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (UniqueConstraint("kind", "name"),)

    def __str__(self) -> str:
        return self.name


class Import(TimestampMixin, db.Model):
    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=ImportStatus.DRAFT.value, index=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(default=0)
    # The uploaded bytes live in the database (no local disk another worker would need); read only by the job.
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    headers: Mapped[list[str]] = mapped_column(JSON, default=list)
    mapping: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # column index (as text) → field
    mapping_name: Mapped[str | None] = mapped_column(String(100))
    choices: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # row number (as text) → RowChoice
    default_choice: Mapped[str] = mapped_column(String(10), default=RowChoice.SKIP.value)
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_done: Mapped[int] = mapped_column(default=0)  # the resume mark: rows handled in committed work
    rows_created: Mapped[int] = mapped_column(default=0)
    rows_updated: Mapped[int] = mapped_column(default=0)
    rows_skipped: Mapped[int] = mapped_column(default=0)
    row_errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{"row": n, "problems": [...]}]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    finished_at: Mapped[datetime | None]
    undone_at: Mapped[datetime | None]
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    created_by: Mapped[User | None] = relationship("User", foreign_keys=[created_by_id])
    undone_by: Mapped[User | None] = relationship("User", foreign_keys=[undone_by_id])
    records: Mapped[list[ImportRecord]] = relationship(
        back_populates="import_", order_by="ImportRecord.id", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return self.filename

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(ImportStatus(self.status), self.status))

    @property
    def file_erased(self) -> bool:
        """The file and the values from before were removed for a privacy erasure (crm/imports/erasure.py)."""
        return self.sha256 == FILE_ERASED


class ImportRecord(db.Model):
    """One record an import made or changed: enough to undo it (the values before, the version after)."""

    __tablename__ = "import_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"), index=True)
    row: Mapped[int]
    entity_type: Mapped[str] = mapped_column(String(30))  # organisation | person | affiliation | interaction
    entity_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(10))  # created | updated
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    version_after: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    import_: Mapped[Import] = relationship(back_populates="records")
