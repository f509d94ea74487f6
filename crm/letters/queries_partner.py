"""The partner report's joint letters: those one organisation led, was asked to co-sign or was addressed to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, or_, select

from crm.extensions import db
from crm.letters.models import CLOSED_STATUSES, JointLetter, Signatory


@dataclass(frozen=True)
class PartnerLetter:
    id: int
    title: str
    status: str
    lead: bool
    addressed: bool
    signatory_status: str | None  # invited, agreed, signed, declined; None when not asked to co-sign
    sent_on: date | None
    signature_deadline: date | None


def letters_with_organisation(organisation_id: int, start: datetime, end: datetime, first_day: date,
                              last_day: date, limit: int = 500) -> list[PartnerLetter]:  # fmt: skip
    """Letters the organisation had a part in that moved in the period — started, sent, or its signature asked,
    given or refused then — or that are still under way: one statement, oldest first."""

    def within(column):
        return and_(column >= start, column < end)

    moved = or_(
        within(JointLetter.created_at),
        and_(JointLetter.sent_on >= first_day, JointLetter.sent_on <= last_day),
        within(Signatory.invited_at),
        within(Signatory.agreed_at),
        within(Signatory.signed_at),
        within(Signatory.declined_at),
        and_(JointLetter.status.not_in([s.value for s in CLOSED_STATUSES]), JointLetter.created_at < end),
    )
    rows = db.session.execute(
        select(
            JointLetter.id,
            JointLetter.title,
            JointLetter.status,
            JointLetter.lead_organisation_id,
            JointLetter.addressee_organisation_id,
            Signatory.status.label("signatory_status"),
            JointLetter.sent_on,
            JointLetter.signature_deadline,
        )
        .outerjoin(Signatory, and_(Signatory.letter_id == JointLetter.id, Signatory.organisation_id == organisation_id))
        .where(
            or_(
                Signatory.id.is_not(None),
                JointLetter.lead_organisation_id == organisation_id,
                JointLetter.addressee_organisation_id == organisation_id,
            ),
            moved,
        )
        .order_by(JointLetter.created_at, JointLetter.id)
        .limit(limit)
    )
    return [
        PartnerLetter(
            id=row.id,
            title=row.title,
            status=row.status,
            lead=row.lead_organisation_id == organisation_id,
            addressed=row.addressee_organisation_id == organisation_id,
            signatory_status=row.signatory_status,
            sent_on=row.sent_on,
            signature_deadline=row.signature_deadline,
        )
        for row in rows
    ]
