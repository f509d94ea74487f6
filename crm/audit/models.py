"""The audit event table and the mixin that opts a model into auditing."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.common.time import utcnow
from crm.extensions import db

if TYPE_CHECKING:
    from crm.auth.models import User


class Audited:
    """Mixin: every insert, update and delete of this model is recorded as an AuditEvent."""

    __audit_type__: ClassVar[str] = ""
    # Columns that never appear in the trail (secrets, derived search keys, bookkeeping).
    __audit_exclude__: ClassVar[frozenset[str]] = frozenset()

    @property
    def audit_label(self) -> str:
        return str(self)

    def audit_parent(self) -> tuple[str, int] | None:
        """The record whose history this one belongs to (e.g. an affiliation belongs to its person)."""
        return None

    @classmethod
    def audit_type(cls) -> str:
        return cls.__audit_type__ or cls.__name__.lower()


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(index=True)
    actor_label: Mapped[str] = mapped_column(String(255), default="")
    action: Mapped[str] = mapped_column(String(20))
    entity_type: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int]
    entity_label: Mapped[str] = mapped_column(String(255), default="")
    parent_type: Mapped[str | None] = mapped_column(String(50))
    parent_id: Mapped[int | None]
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    # Who acted, for showing their name (the label keeps the login they had then). Loaded in the same statement as
    # the events (a join), so a page of history costs nothing extra. No foreign key: the trail outlives its actors.
    actor: Mapped[User | None] = relationship(
        "User", primaryjoin="foreign(AuditEvent.actor_id) == User.id", viewonly=True, lazy="joined"
    )

    __table_args__ = (
        Index("ix_audit_events_entity", "entity_type", "entity_id"),
        Index("ix_audit_events_parent", "parent_type", "parent_id"),
    )

    def __repr__(self) -> str:
        return f"<AuditEvent {self.action} {self.entity_type}:{self.entity_id}>"
