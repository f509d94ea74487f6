"""Notifications, each user's channel per kind, what users follow, and the e-mails sent (each exactly once).

Exactly once rests on unique keys: a notification's `idempotency_key` (the same event raised twice makes one row)
and an e-mail delivery's `idempotency_key` (one e-mail per notification, per digest day and user, per briefing).
A worker that runs again finds the row and does not make or send it a second time.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.common.choices import LabelledEnum
from crm.common.time import utcnow
from crm.extensions import db
from crm.notifications import kinds

if TYPE_CHECKING:
    from crm.auth.models import User


class FollowTarget(StrEnum):
    DOSSIER = "dossier"
    COALITION = "coalition"
    ORGANISATION = "organisation"


class DeliveryStatus(LabelledEnum):
    QUEUED = "queued", _l("e-mail queued")
    SENDING = (
        "sending",
        _l("e-mail being sent"),
    )  # handed to the mail server; a worker that died here may or may not have sent it
    SENT = "sent", _l("e-mail sent")
    FAILED = "failed", _l("e-mail failed")


class Notification(db.Model):
    """Something a user should know, linking to its record. Never holds a note's text: only titles and names."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(String(40))  # which sentence of kinds.MESSAGES
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    record_type: Mapped[str | None] = mapped_column(String(30))
    record_id: Mapped[int | None]
    url: Mapped[str] = mapped_column(String(500), default="/")  # a path inside the app
    channel: Mapped[str] = mapped_column(String(10), default=kinds.Channel.APP.value)  # as set when it was raised
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("email_deliveries.id", ondelete="SET NULL"))
    email_id: Mapped[int | None] = mapped_column(ForeignKey("email_deliveries.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship("User")
    email: Mapped[EmailDelivery | None] = relationship("EmailDelivery", foreign_keys=[email_id])

    __table_args__ = (
        Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
        Index("ix_notifications_user_id_created_at", "user_id", "created_at"),
        Index("ix_notifications_channel_digest_id", "channel", "digest_id"),
    )

    @property
    def title(self) -> str:
        return kinds.title(self.message, self.params)

    @property
    def kind_label(self) -> str:
        return kinds.kind_label(self.kind)


class NotificationSetting(db.Model):
    """A user's channel for one kind; without a row the kind's default holds."""

    __tablename__ = "notification_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (UniqueConstraint("user_id", "kind", name="uq_notification_settings_user_id_kind"),)


class Follow(db.Model):
    """A user follows a dossier, a coalition or an organisation: new contacts on it reach them."""

    __tablename__ = "follows"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int]
    automatic: Mapped[bool] = mapped_column(default=False)  # as relationship owner
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("user_id", "target_type", "target_id", name="uq_follows_user_id_target_type_target_id"),
        Index("ix_follows_target_type_target_id", "target_type", "target_id"),
    )


class EmailDelivery(db.Model):
    """One e-mail to one user: a notification, a digest or a briefing. Sent once, whatever retries happen."""

    __tablename__ = "email_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))  # notification | digest_daily | digest_weekly
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=DeliveryStatus.QUEUED.value)
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(200))
    period: Mapped[str | None] = mapped_column(String(20))  # a digest's day or week (ISO)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_email_deliveries_status", "status"),)

    status_label = DeliveryStatus.label_property("status")
