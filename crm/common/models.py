"""Column mixins shared by the domain models."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlalchemy import Column, ForeignKey, String, Table, event
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from crm.common.text import fold, fold_for_match
from crm.common.time import utcnow
from crm.extensions import db


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


class NameKeyed:
    """Records sorted and matched by their folded name (`name_key`) and found by it (`search_text`), both kept from
    the attribute `__name_attribute__` names on every write. List it before `Audited`: its derived columns stay out of
    the trail."""

    __name_attribute__: ClassVar[str] = "name"
    __audit_exclude__: ClassVar[frozenset[str]] = frozenset({"name_key", "search_text"})

    name_key: Mapped[str] = mapped_column(String(200), index=True, default="")
    search_text: Mapped[str] = mapped_column(String(600), default="")


@event.listens_for(NameKeyed, "before_insert", propagate=True)
@event.listens_for(NameKeyed, "before_update", propagate=True)
def _name_keys(_mapper, _connection, record: NameKeyed) -> None:
    name = getattr(record, record.__name_attribute__)
    record.name_key = fold_for_match(name)[:200]
    record.search_text = fold(name)[:600]


def dossier_links(name: str, column: str, target: str) -> Table:
    """The table linking records (`column`, a key of `target`) with dossiers; a link goes with either of its ends."""
    return Table(
        name,
        db.metadata,
        Column(column, ForeignKey(target, ondelete="CASCADE"), primary_key=True),
        Column("dossier_id", ForeignKey("dossiers.id", ondelete="CASCADE"), primary_key=True, index=True),
    )
