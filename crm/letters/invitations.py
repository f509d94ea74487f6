"""Signing invitations by e-mail, sent by a task worker with retries, one e-mail per signatory and link.

Issuing a signing link (crm.letters.services_signing.issue_link) starts a new invitation round for the signatory.
When SMTP is configured and the signatory has an address, the request only records the invitation (with the link
sealed: AES-GCM under SECRET_KEY, as the two-factor keys are) and queues a job; the worker sends it, retrying with a
growing wait while the mail server is away, and records "sent" or "failed: reason" on the invitation, which the
signatory's row shows with a button to send it again. The sealed link is erased once the mail is sent or has failed:
afterwards only the link's hash remains, as before.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, mapped_column

from crm.auth.sealing import seal, unseal
from crm.common.choices import LabelledEnum
from crm.common.time import utcnow
from crm.extensions import db


class MailStatus(LabelledEnum):
    QUEUED = "queued", _l("e-mail queued")
    SENT = "sent", _l("e-mail sent")
    FAILED = "failed", _l("e-mail failed")


class InvitationMail(db.Model):
    """One invitation e-mail: to one signatory, for one link (round). Sent once, whatever retries happen."""

    __tablename__ = "invitation_mails"

    id: Mapped[int] = mapped_column(primary_key=True)
    signatory_id: Mapped[int] = mapped_column(ForeignKey("signatories.id", ondelete="CASCADE"), index=True)
    round: Mapped[int]
    recipient: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(5), default="nl")
    status: Mapped[str] = mapped_column(String(20), default=MailStatus.QUEUED.value)
    error: Mapped[str | None] = mapped_column(Text)
    sealed_link: Mapped[str | None] = mapped_column(Text)  # erased once sent or failed
    message_id: Mapped[str | None] = mapped_column(String(200))
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    __table_args__ = (UniqueConstraint("signatory_id", "round", name="uq_invitation_mails_signatory_id_round"),)

    status_label = MailStatus.label_property("status")

    def seal_link(self, link: str) -> None:
        self.sealed_link = seal(link, f"invitation:{self.signatory_id}:{self.round}")

    def link(self) -> str | None:
        return unseal(self.sealed_link, f"invitation:{self.signatory_id}:{self.round}")


def next_round(signatory_id: int) -> int:
    latest = db.session.scalar(
        select(func.max(InvitationMail.round)).where(InvitationMail.signatory_id == signatory_id)
    )
    return (latest or 0) + 1


def latest_by_signatory(signatory_ids: list[int]) -> dict[int, InvitationMail]:
    """The newest invitation e-mail of each signatory (one statement)."""
    if not signatory_ids:
        return {}
    newest = (
        select(InvitationMail.signatory_id, func.max(InvitationMail.round).label("round"))
        .where(InvitationMail.signatory_id.in_(signatory_ids))
        .group_by(InvitationMail.signatory_id)
        .subquery()
    )
    rows = db.session.scalars(
        select(InvitationMail).join(
            newest, (InvitationMail.signatory_id == newest.c.signatory_id) & (InvitationMail.round == newest.c.round)
        )
    )
    return {mail.signatory_id: mail for mail in rows}
