"""The dossier timeline's entries from the Kamer: each matched item once (whichever rules found it), at its own
moment (a zaak's start, an activity's start, a commitment's date), not in the future and not dismissed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select, union_all
from sqlalchemy.orm import aliased

from crm.common.time import utcnow
from crm.extensions import db
from crm.parliament.models import KamerActivity, KamerCase, KamerCommitment
from crm.parliament.queries import activity_url, case_url
from crm.watch.commitments import not_dismissed
from crm.watch.models import ItemKind, WatchMatch

KIND = "parliament"


@dataclass
class KamerEntry:
    kind: str  # case / activity / commitment
    occurred_at: datetime
    title: str
    soort: str
    url: str | None  # the Kamer's own page
    activity_id: str | None = None  # for the link to our activity page


def timeline_rows(scope: str, record_id: int, kind: str):
    """One row per matched item (its first match, at the item's moment). A union of one arm per item kind, each an
    index walk on (dossier, kind, moment), so the timeline's "newest N" reads N rows per kind, not every match."""
    if scope != "dossier" or (kind and kind != KIND):
        return None
    earlier = aliased(WatchMatch)
    first = ~(
        select(earlier.id)
        .where(
            earlier.item_kind == WatchMatch.item_kind,
            earlier.item_id == WatchMatch.item_id,
            earlier.dossier_id == WatchMatch.dossier_id,
            earlier.id < WatchMatch.id,
        )
        .exists()
    )
    now = utcnow()
    return union_all(
        *[
            select(WatchMatch.id.label("id"), WatchMatch.item_at.label("occurred_at")).where(
                WatchMatch.dossier_id == record_id,
                WatchMatch.item_kind == item_kind.value,
                WatchMatch.item_at.is_not(None),
                WatchMatch.item_at <= now,
                not_dismissed(),
                first,
            )
            for item_kind in ItemKind
        ]
    )


def entries_by_ids(ids: list[int]) -> dict[int, KamerEntry]:
    """The entries with their items, in one statement (each kind outer-joined on its own id)."""
    rows = db.session.execute(
        select(WatchMatch.id, WatchMatch.item_at, KamerCase, KamerActivity, KamerCommitment)
        .outerjoin(KamerCase, and_(WatchMatch.item_kind == ItemKind.CASE.value, KamerCase.id == WatchMatch.item_id))
        .outerjoin(
            KamerActivity, and_(WatchMatch.item_kind == ItemKind.ACTIVITY.value, KamerActivity.id == WatchMatch.item_id)
        )
        .outerjoin(
            KamerCommitment,
            and_(WatchMatch.item_kind == ItemKind.COMMITMENT.value, KamerCommitment.id == WatchMatch.item_id),
        )
        .where(WatchMatch.id.in_(ids))
    )
    found = {}
    for match_id, at, case, activity, commitment in rows:
        if case is not None and not case.removed:
            found[match_id] = KamerEntry("case", at, case.title or case.subject or "", case.soort or "", case_url(case))
        elif activity is not None and not activity.removed:
            found[match_id] = KamerEntry("activity", at, activity.subject or "", activity.soort or "",
                                         activity_url(activity), activity.id)  # fmt: skip
        elif commitment is not None and not commitment.removed:
            found[match_id] = KamerEntry("commitment", at, commitment.text or "", "Toezegging", None)
    return found
