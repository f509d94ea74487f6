"""Commitments (toezeggingen) the watch rules found: open ones first, overdue ones flagged."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, func, select

from crm.extensions import db
from crm.parliament.models import KamerCommitment
from crm.watch.models import ItemKind, WatchDismissal, WatchMatch

CLOSED = ("voldaan", "vervallen")  # Toezegging.Status; "Openstaand" and "Deels voldaan" are still open


def is_open(commitment: KamerCommitment) -> bool:
    return (commitment.status or "").strip().lower() not in CLOSED


def is_overdue(commitment: KamerCommitment, day: date) -> bool:
    return is_open(commitment) and commitment.due_on is not None and commitment.due_on < day


def open_condition():
    return func.lower(func.coalesce(KamerCommitment.status, "")).not_in(CLOSED)


def not_dismissed(dossier_column=WatchMatch.dossier_id):
    """Matches no one dismissed for their dossier (a correlated NOT EXISTS: one statement)."""
    return ~(
        select(WatchDismissal.id)
        .where(
            WatchDismissal.dossier_id == dossier_column,
            WatchDismissal.item_kind == WatchMatch.item_kind,
            WatchDismissal.item_id == WatchMatch.item_id,
        )
        .exists()
    )


def matched_ids(kind: ItemKind, dossier_ids=None):
    """The ids of the items of one kind the dossiers' rules matched, less the dismissed ones (a subquery)."""
    query = select(WatchMatch.item_id).where(WatchMatch.item_kind == kind.value, not_dismissed())
    if dossier_ids is not None:
        query = query.where(WatchMatch.dossier_id.in_(dossier_ids))
    return query


@dataclass
class CommitmentRow:
    commitment: KamerCommitment
    overdue: bool
    why: list = field(default_factory=list)  # the rules that found it


def open_commitments(dossier_id: int, day: date, limit: int = 10) -> list[CommitmentRow]:
    """The dossier's open commitments, overdue first, then by deadline (one statement)."""
    overdue = and_(KamerCommitment.due_on.is_not(None), KamerCommitment.due_on < day)
    rows = db.session.scalars(
        select(KamerCommitment)
        .where(
            KamerCommitment.id.in_(matched_ids(ItemKind.COMMITMENT, [dossier_id])),
            KamerCommitment.removed.is_(False),
            open_condition(),
        )
        .order_by(
            case((overdue, 0), else_=1),
            case((KamerCommitment.due_on.is_(None), 1), else_=0),
            KamerCommitment.due_on,
            KamerCommitment.id,
        )
        .limit(limit)
    )
    return [CommitmentRow(c, is_overdue(c, day)) for c in rows]


@dataclass
class OverdueCommitment:
    commitment: KamerCommitment
    dossier_id: int
    dossier_title: str


def overdue_commitments(day: date, *, coalition_id: int | None = None, dossier_id: int | None = None,
                        limit: int = 10) -> list[OverdueCommitment]:  # fmt: skip
    """Open commitments past their deadline on watched dossiers (the dashboard widget), the longest overdue first;
    narrowed to one dossier or to the dossiers of one coalition. One statement."""
    from crm.coalitions.models import Dossier, coalition_dossiers

    matched = (
        select(WatchMatch.item_id, func.min(WatchMatch.dossier_id).label("dossier_id"))
        .where(WatchMatch.item_kind == ItemKind.COMMITMENT.value, not_dismissed())
        .group_by(WatchMatch.item_id)
    )
    if dossier_id is not None:
        matched = matched.where(WatchMatch.dossier_id == dossier_id)
    if coalition_id is not None:
        matched = matched.where(
            WatchMatch.dossier_id.in_(
                select(coalition_dossiers.c.dossier_id).where(coalition_dossiers.c.coalition_id == coalition_id)
            )
        )
    matched = matched.subquery()
    rows = db.session.execute(
        select(KamerCommitment, Dossier.id, Dossier.title)
        .join(matched, matched.c.item_id == KamerCommitment.id)
        .join(Dossier, Dossier.id == matched.c.dossier_id)
        .where(
            KamerCommitment.removed.is_(False),
            open_condition(),
            KamerCommitment.due_on.is_not(None),
            KamerCommitment.due_on < day,
            Dossier.archived_at.is_(None),
        )
        .order_by(KamerCommitment.due_on, KamerCommitment.id)
        .limit(limit)
    )
    return [OverdueCommitment(commitment, did, title) for commitment, did, title in rows]
