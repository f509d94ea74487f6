"""Webhooks (an administrator's address and events) and their delivery log: one row per event per webhook."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.audit.models import Audited
from crm.common.labels import ENTITY_LABELS, FIELD_LABELS
from crm.common.models import TimestampMixin
from crm.common.time import utcnow
from crm.extensions import db

# What the history and the audit log call these records and their fields (crm/common/labels.py is the table).
ENTITY_LABELS.update({"webhook": _l("Webhook")})
for _field, _label in (("url", _l("Address (URL)")), ("events", _l("Events"))):
    FIELD_LABELS.setdefault(_field, _label)


class Webhook(Audited, TimestampMixin, db.Model):
    __tablename__ = "webhooks"
    __audit_exclude__ = frozenset({"sealed_secret"})

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[list] = mapped_column(JSON, default=list)
    # The signing secret, sealed with SECRET_KEY (crm/auth/sealing.py): shown to the administrator once.
    sealed_secret: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def __str__(self) -> str:
        return self.name


class DeliveryStatus:
    QUEUED = "queued"
    DELIVERED = "delivered"
    FAILED = "failed"


class WebhookDelivery(db.Model):
    """One event for one webhook: the payload as sent (the same bytes on every try) and what the receiver answered."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(60))
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=DeliveryStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    response_code: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(String(2000))
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    delivered_at: Mapped[datetime | None]

    webhook: Mapped[Webhook] = relationship()
