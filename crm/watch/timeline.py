"""The dossier timeline's entries from the Kamer: each matched item once (whichever rules found it), at its own
moment (a zaak's start, an activity's start, a commitment's date), not in the future and not dismissed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

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
    if scope != "dossier" or (kind and kind != KIND):
        return None
    return (
        select(func.min(WatchMatch.id).label("id"), func.max(WatchMatch.item_at).label("occurred_at"))
        .where(
            WatchMatch.dossier_id == record_id,
            WatchMatch.item_at.is_not(None),
            WatchMatch.item_at <= utcnow(),
            not_dismissed(),
        )
        .group_by(WatchMatch.item_kind, WatchMatch.item_id)
    )


def entries_by_ids(ids: list[int]) -> dict[int, KamerEntry]:
    matches = db.session.execute(
        select(WatchMatch.id, WatchMatch.item_kind, WatchMatch.item_id, WatchMatch.item_at).where(
            WatchMatch.id.in_(ids)
        )
    ).all()
    wanted: dict[str, list[str]] = {}
    for row in matches:
        wanted.setdefault(row.item_kind, []).append(row.item_id)
    loaded: dict[tuple[str, str], KamerEntry] = {}
    if ItemKind.CASE.value in wanted:
        for case in db.session.scalars(select(KamerCase).where(KamerCase.id.in_(wanted["case"]), ~KamerCase.removed)):
            loaded[("case", case.id)] = KamerEntry("case", datetime.min, case.title or case.subject or "",
                                                   case.soort or "", case_url(case))  # fmt: skip
    if ItemKind.ACTIVITY.value in wanted:
        rows = db.session.scalars(
            select(KamerActivity).where(KamerActivity.id.in_(wanted["activity"]), ~KamerActivity.removed)
        )
        for activity in rows:
            title, soort = activity.subject or "", activity.soort or ""
            entry = KamerEntry("activity", datetime.min, title, soort, activity_url(activity), activity.id)
            loaded[("activity", activity.id)] = entry
    if ItemKind.COMMITMENT.value in wanted:
        rows = db.session.scalars(
            select(KamerCommitment).where(KamerCommitment.id.in_(wanted["commitment"]), ~KamerCommitment.removed)
        )
        for commitment in rows:
            loaded[("commitment", commitment.id)] = KamerEntry("commitment", datetime.min, commitment.text or "",
                                                               "Toezegging", None)  # fmt: skip
    found = {}
    for row in matches:
        entry = loaded.get((row.item_kind, row.item_id))
        if entry is not None:
            entry.occurred_at = row.item_at
            found[row.id] = entry
    return found
