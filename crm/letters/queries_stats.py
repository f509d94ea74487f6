"""Letter figures for the dashboard: the pipeline per status, and the letters waiting for signatures with who has
not signed yet. Aggregates in the database; a bounded number of statements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import joinedload

from crm.common.queries import bucket_index
from crm.extensions import db
from crm.letters.models import JointLetter, LetterStatus, Signatory, SignatoryStatus, letter_dossiers
from crm.partners.models import Organisation


def _filters(coalition_id: int | None, dossier_id: int | None, user_id: int | None) -> list:
    conditions = []
    if coalition_id:
        conditions.append(JointLetter.coalition_id == coalition_id)
    if dossier_id:
        on_dossier = letter_dossiers.alias()  # the outer query may read the same links itself
        conditions.append(exists().where(on_dossier.c.letter_id == JointLetter.id,
                                         on_dossier.c.dossier_id == dossier_id))  # fmt: skip
    if user_id:
        conditions.append(JointLetter.created_by_id == user_id)
    return conditions


def pipeline(*, coalition_id=None, dossier_id=None, user_id=None) -> dict[str, int]:
    """status → number of letters now (the pipeline is a snapshot, not a period)."""
    query = select(JointLetter.status, func.count()).where(*_filters(coalition_id, dossier_id, user_id))
    return {status: int(count) for status, count in db.session.execute(query.group_by(JointLetter.status))}


@dataclass(frozen=True)
class Waiting:
    letter: JointLetter
    not_signed: list[str]  # organisations that have not signed the current text (declined ones left out)
    signed: int
    total: int


def waiting_for_signatures(*, coalition_id=None, dossier_id=None, user_id=None, limit: int = 8) -> list[Waiting]:
    """Letters collecting signatures, the nearest deadline first, with who has not signed: two statements."""
    letters = list(
        db.session.scalars(
            select(JointLetter)
            .options(joinedload(JointLetter.addressee_organisation))
            .where(JointLetter.status == LetterStatus.SIGNING, *_filters(coalition_id, dossier_id, user_id))
            .order_by(JointLetter.signature_deadline.is_(None), JointLetter.signature_deadline, JointLetter.id)
            .limit(limit)
        )
    )
    if not letters:
        return []
    rows = db.session.execute(
        select(Signatory.letter_id, Organisation.name, Signatory.status, Signatory.signed_sha256)
        .join(Organisation, Organisation.id == Signatory.organisation_id)
        .where(Signatory.letter_id.in_([letter.id for letter in letters]))
        .order_by(Organisation.name_key)
    ).all()
    waiting = []
    for letter in letters:
        mine = [row for row in rows if row.letter_id == letter.id]
        signed = [r for r in mine if r.status == SignatoryStatus.SIGNED and r.signed_sha256 == letter.current_sha256]
        open_ = [r.name for r in mine if r not in signed and r.status != SignatoryStatus.DECLINED]
        waiting.append(Waiting(letter, open_, len(signed), len(mine)))
    return waiting


def letters_per_dossier(start: datetime, end: datetime, *, coalition_id=None, user_id=None) -> dict[int, int]:
    """dossier → letters made or sent in the period."""
    made_or_sent = or_(
        and_(JointLetter.created_at >= start, JointLetter.created_at < end),
        and_(JointLetter.sent_on >= start.date(), JointLetter.sent_on < end.date()),
    )
    query = (
        select(letter_dossiers.c.dossier_id, func.count())
        .join(JointLetter, JointLetter.id == letter_dossiers.c.letter_id)
        .where(made_or_sent, *_filters(coalition_id, None, user_id))
        .group_by(letter_dossiers.c.dossier_id)
    )
    return {dossier_id: int(count) for dossier_id, count in db.session.execute(query)}


def signed_per_organisation_bucket(boundaries: list[datetime], organisations, *, coalition_id=None,
                                   dossier_id=None, user_id=None) -> dict:  # fmt: skip
    """(organisation, bucket) → joint letters it co-signed, counted in the bucket of its signature."""
    bucket = bucket_index(Signatory.signed_at, boundaries)
    query = (
        select(Signatory.organisation_id, bucket, func.count())
        .join(JointLetter, JointLetter.id == Signatory.letter_id)
        .where(
            Signatory.organisation_id.in_(organisations),
            Signatory.status == SignatoryStatus.SIGNED,
            Signatory.signed_at >= boundaries[0],
            Signatory.signed_at < boundaries[-1],
            *_filters(coalition_id, dossier_id, user_id),
        )
        .group_by(Signatory.organisation_id, bucket)
    )
    return {(organisation, int(index)): int(count) for organisation, index, count in db.session.execute(query)}
