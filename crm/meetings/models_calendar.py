"""A user's personal calendar subscription (the iCalendar feed of their meetings and actions)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.audit.models import Audited
from crm.common.time import utcnow
from crm.extensions import db

if TYPE_CHECKING:
    from crm.auth.models import User


class CalendarFeed(Audited, db.Model):
    """A personal calendar subscription. Only the SHA-256 of the secret token is stored."""

    __tablename__ = "calendar_feeds"
    __audit_exclude__ = frozenset({"token_hash"})

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship("User")

    def __str__(self) -> str:
        return str(_l("Calendar subscription"))

    def audit_parent(self) -> tuple[str, int] | None:
        return ("user", self.user_id)
