"""E-mail that became a contact: the message (once, by its key), its attachments, the addresses nobody matched,
each user's inbound address, and raw mail waiting to be logged (a dropped file in its preview, a received message
in its job)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from crm.audit.models import Audited
from crm.common.time import utcnow
from crm.extensions import db

if TYPE_CHECKING:
    from crm.auth.models import User
    from crm.interactions.models import Interaction


class CapturedEmail(Audited, db.Model):
    """One e-mail message logged as one contact, however often it was dropped, forwarded or BCC'd."""

    __tablename__ = "captured_emails"
    __audit_exclude__ = frozenset({"body_text", "headers"})  # the contact's notes carry the text already

    id: Mapped[int] = mapped_column(primary_key=True)
    # "<Message-ID>" as sent, else "sha256:" of sender, date and subject: the same message always has the same key.
    message_key: Mapped[str] = mapped_column(String(300), unique=True)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id", ondelete="CASCADE"), unique=True)
    sender: Mapped[str] = mapped_column(String(320), default="")
    subject: Mapped[str] = mapped_column(String(300), default="")
    sent_at: Mapped[datetime | None]
    headers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # From, To, Cc, Date, Subject, Message-ID
    body_text: Mapped[str | None] = mapped_column(Text)
    # Addresses that matched nobody: [{"address": …, "name": …}], shown as "not recognised" with "add the person".
    unmatched: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(20), default="drop")  # "drop" or "smtp"
    captured_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    interaction: Mapped[Interaction] = relationship("Interaction")
    captured_by: Mapped[User | None] = relationship("User")
    attachments: Mapped[list[EmailAttachment]] = relationship(
        back_populates="email", cascade="all, delete-orphan", order_by="EmailAttachment.id"
    )

    def __str__(self) -> str:
        return self.subject or self.message_key

    def audit_parent(self) -> tuple[str, int] | None:
        return "interaction", self.interaction_id


class EmailAttachment(Audited, db.Model):
    """A file that came with a logged e-mail, kept with its contact; checked by content before it was stored."""

    __tablename__ = "email_attachments"
    __audit_exclude__ = frozenset({"data"})

    id: Mapped[int] = mapped_column(primary_key=True)
    email_id: Mapped[int] = mapped_column(ForeignKey("captured_emails.id", ondelete="CASCADE"), index=True)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    mimetype: Mapped[str] = mapped_column(String(100))  # what the content is, not what the sender claimed
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    email: Mapped[CapturedEmail] = relationship(back_populates="attachments")

    def __str__(self) -> str:
        return self.filename

    def audit_parent(self) -> tuple[str, int] | None:
        return "interaction", self.interaction_id


class InboundAddress(Audited, db.Model):
    """A user's own address for forwarding and BCC: a long random local part; renewing it retires the old one."""

    __tablename__ = "inbound_addresses"
    __audit_exclude__ = frozenset({"local_part"})  # a secret: who knows it logs contacts as the user

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    local_part: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship("User")

    def __str__(self) -> str:
        return "log-…"  # never the address itself: it is a secret

    def audit_parent(self) -> tuple[str, int] | None:
        return "user", self.user_id


class RawEmail(db.Model):
    """A message as it arrived, until it is logged: a dropped file waiting in its preview, or mail the listener
    accepted waiting for its job. Deleted once logged; drafts nobody saved are deleted after a day."""

    __tablename__ = "raw_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(20))  # "drop" or "smtp"
    filename: Mapped[str] = mapped_column(String(255), default="")
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
