"""Announcing new matches: the one place that tells a dossier's followers about new Kamer items on it.

After each matching run (the parliament sync job), the matches nobody announced yet are gathered per dossier: an
item the dossier dismissed is never announced, nor one it announced before through another rule. Each dossier with
new items raises one notification per follower (crm/notifications/events.py), keyed by the set of items, so a run
repeated after a failure tells nobody twice; every match read is then marked announced.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import datetime

from sqlalchemy import select, update

from crm.coalitions.models import Dossier
from crm.common.time import utcnow
from crm.extensions import db
from crm.notifications import events
from crm.parliament.models import KamerActivity, KamerCase, KamerCommitment
from crm.watch.models import ItemKind, WatchDismissal, WatchMatch

CHUNK = 500
TITLE_COLUMNS = {
    ItemKind.CASE.value: (KamerCase.id, KamerCase.subject),
    ItemKind.ACTIVITY.value: (KamerActivity.id, KamerActivity.subject),
    ItemKind.COMMITMENT.value: (KamerCommitment.id, KamerCommitment.text),
}

ItemKey = tuple[str, str]  # (item kind, item id)


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _set_aside(dossier_ids: list[int]) -> set[tuple[int, str, str]]:
    """Per dossier, the items it must not announce: dismissed ones, and ones announced before (another rule)."""
    found: set[tuple[int, str, str]] = set()
    for ids in _chunks(dossier_ids):
        found.update(
            tuple(row)
            for row in db.session.execute(
                select(WatchDismissal.dossier_id, WatchDismissal.item_kind, WatchDismissal.item_id).where(
                    WatchDismissal.dossier_id.in_(ids)
                )
            ).all()
        )
        found.update(
            tuple(row)
            for row in db.session.execute(
                select(WatchMatch.dossier_id, WatchMatch.item_kind, WatchMatch.item_id).where(
                    WatchMatch.dossier_id.in_(ids), WatchMatch.announced_at.is_not(None)
                )
            ).all()
        )
    return found


def _titles(items: set[ItemKey]) -> dict[ItemKey, str]:
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, item_id in items:
        by_kind[kind].append(item_id)
    titles: dict[ItemKey, str] = {}
    for kind, ids in by_kind.items():
        id_column, text_column = TITLE_COLUMNS[kind]
        for chunk in _chunks(ids):
            for item_id, text in db.session.execute(select(id_column, text_column).where(id_column.in_(chunk))):
                titles[(kind, item_id)] = text or item_id
    return titles


def _key(items: list[ItemKey]) -> str:
    return hashlib.sha256("|".join(f"{k}:{i}" for k, i in sorted(items)).encode()).hexdigest()[:24]


def announce_new_matches() -> int:
    """Tell the followers of each dossier about its new Kamer items, then mark the matches announced. Flushes;
    returns how many matches were marked (dismissed ones included: they are marked, never announced)."""
    rows = db.session.execute(
        select(WatchMatch.id, WatchMatch.dossier_id, WatchMatch.item_kind, WatchMatch.item_id, WatchMatch.item_at)
        .where(WatchMatch.announced_at.is_(None))
        .order_by(WatchMatch.id)
    ).all()
    if not rows:
        return 0
    set_aside = _set_aside(sorted({row.dossier_id for row in rows}))
    new: dict[int, dict[ItemKey, datetime | None]] = defaultdict(dict)
    for row in rows:
        if (row.dossier_id, row.item_kind, row.item_id) not in set_aside:
            new[row.dossier_id][(row.item_kind, row.item_id)] = row.item_at
    titles = _titles({item for items in new.values() for item in items})
    dossiers = {
        d.id: d.title
        for ids in _chunks(list(new))
        for d in db.session.execute(
            select(Dossier.id, Dossier.title).where(Dossier.id.in_(ids), Dossier.archived_at.is_(None))
        )
    }
    for dossier_id, items in new.items():
        if dossier_id not in dossiers:
            continue  # an archived dossier tells nobody
        newest_first = sorted(items, key=lambda item: (items[item] or datetime.min, item), reverse=True)
        events.parliament_items(
            dossier_id, dossiers[dossier_id], [titles.get(item, item[1]) for item in newest_first], _key(newest_first)
        )
    marked = 0
    for ids in _chunks([row.id for row in rows]):
        result = db.session.execute(
            update(WatchMatch)
            .where(WatchMatch.id.in_(ids), WatchMatch.announced_at.is_(None))
            .values(announced_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        marked += result.rowcount or 0
    db.session.flush()
    return marked
