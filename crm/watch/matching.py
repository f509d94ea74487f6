"""The matching service: which Kamer items each watch rule finds, stored with why (the rule).

Three kinds of items are matched: zaken (motions, amendments, letters, questions, bills), activities (debates and
other meetings) and commitments (toezeggingen).
- a Kamerstuk rule finds the zaken of that Kamerstukdossier, the activities with such a zaak on their agenda and the
  commitments made at those activities;
- a committee rule finds the activities the committee leads and the commitments made at them;
- a keyword rule finds zaken by subject or title, activities by subject and commitments by their text, with case and
  accents ignored, the keyword taken literally.

`match_changes()` runs at the end of every parliament sync job: it reads only the rows the Kamer published since the
last run (`WatchMark`), so a quiet hour costs a few statements. `match_rules(rules)` runs when a user adds a rule:
that rule against every row. Both write the difference only (new matches inserted, gone ones deleted), so running
them twice changes nothing. Dismissals are never touched here: they hide a match, whichever rule makes it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import bindparam, delete, func, insert, select, update

from crm.common.services import get_or_add
from crm.common.text import fold
from crm.common.time import utcnow
from crm.extensions import db
from crm.parliament.models import (
    KamerActivity,
    KamerAgendaItem,
    KamerCase,
    KamerCommitment,
    KamerDossier,
    agenda_item_cases,
    case_dossiers,
)
from crm.watch.groups import case_group
from crm.watch.models import ItemKind, RuleKind, WatchMark, WatchMatch, WatchRule
from crm.watch.rules import dossier_key

CHUNK = 500


@dataclass
class Item:
    kind: str
    id: str
    at: datetime | None
    text: str = ""  # folded
    committee: str | None = None
    keys: set[str] = field(default_factory=set)
    removed: bool = False
    group: str | None = None  # a zaak's group on the dossier page (crm/watch/groups.py)


@dataclass(frozen=True)
class RuleRef:
    id: int
    dossier_id: int
    kind: str
    value: str


class RuleIndex:
    """The rules arranged for lookup: Kamerstuk keys and committees by value, keywords in one regular expression of
    escaped literals (a lookahead, so overlapping keywords are all found)."""

    def __init__(self, rules: Iterable[RuleRef]):
        self.by_key: dict[str, list[int]] = defaultdict(list)
        self.by_committee: dict[str, list[int]] = defaultdict(list)
        self.by_keyword: dict[str, list[int]] = defaultdict(list)
        for rule in rules:
            target = {RuleKind.KAMERSTUK: self.by_key, RuleKind.COMMITTEE: self.by_committee}.get(
                RuleKind(rule.kind), self.by_keyword
            )
            target[rule.value].append(rule.id)
        words = sorted(self.by_keyword, key=len, reverse=True)
        self.keywords = re.compile("(?=(" + "|".join(map(re.escape, words)) + "))") if words else None

    @property
    def wants_text(self) -> bool:
        return self.keywords is not None

    def match(self, item: Item) -> set[int]:
        if item.removed:
            return set()
        found: set[int] = set()
        for key in item.keys:
            found.update(self.by_key.get(key, ()))
        if item.committee and item.kind != ItemKind.CASE:
            found.update(self.by_committee.get(item.committee, ()))
        if self.keywords is not None and item.text:
            for hit in self._keywords_in(item.text):
                found.update(self.by_keyword[hit])
        return found

    def _keywords_in(self, text: str) -> set[str]:
        hits = set()
        for found in self.keywords.finditer(text):  # type: ignore[union-attr]
            hit = found.group(1)
            hits.add(hit)
            # A shorter keyword that starts where a longer one does is found by the next position's scan only if it
            # starts later: check the prefixes of a hit explicitly.
            hits.update(word for word in self.by_keyword if word != hit and hit.startswith(word))
        return hits


def _moment(day: date | None) -> datetime | None:
    return datetime.combine(day, time(12)) if day else None


def _fold(*parts: str | None) -> str:
    return fold(" \n ".join(p for p in parts if p))


# --- reading the items -------------------------------------------------------------------------------------------


def _cases(since: datetime | None, with_text: bool) -> list[Item]:
    columns = [KamerCase.id, KamerCase.started_on, KamerCase.removed, KamerCase.soort]
    if with_text:
        columns += [KamerCase.subject, KamerCase.title]
    query = select(*columns)
    if since is not None:
        query = query.where(KamerCase.published_at >= since)
    items = {}
    for row in db.session.execute(query):
        text = _fold(row.subject, row.title) if with_text else ""
        items[row.id] = Item(
            ItemKind.CASE.value, row.id, _moment(row.started_on), text, group=case_group(row.soort), removed=row.removed
        )
    keys = (
        select(case_dossiers.c.case_id, KamerDossier.number, KamerDossier.addition)
        .join(KamerDossier, KamerDossier.id == case_dossiers.c.dossier_id)
        .where(KamerDossier.removed.is_(False))
    )
    if since is not None:
        keys = keys.join(KamerCase, KamerCase.id == case_dossiers.c.case_id).where(KamerCase.published_at >= since)
    for case_id, number, addition in db.session.execute(keys):
        if case_id in items and (key := dossier_key(number, addition)):
            items[case_id].keys.add(key)
    return list(items.values())


def _activity_keys(activity_filter) -> dict[str, set[str]]:
    """The Kamerstuk keys of the zaken on each activity's agenda (for the activities the filter selects)."""
    query = (
        select(KamerAgendaItem.activity_id, KamerDossier.number, KamerDossier.addition)
        .join(agenda_item_cases, agenda_item_cases.c.agenda_item_id == KamerAgendaItem.id)
        .join(case_dossiers, case_dossiers.c.case_id == agenda_item_cases.c.case_id)
        .join(KamerDossier, KamerDossier.id == case_dossiers.c.dossier_id)
        .where(KamerAgendaItem.removed.is_(False), KamerDossier.removed.is_(False))
    )
    if activity_filter is not None:
        query = query.where(KamerAgendaItem.activity_id.in_(activity_filter))
    keys: dict[str, set[str]] = defaultdict(set)
    for activity_id, number, addition in db.session.execute(query):
        if key := dossier_key(number, addition):
            keys[activity_id].add(key)
    return keys


def _activities(since: datetime | None, with_text: bool) -> list[Item]:
    changed = None
    query = select(
        KamerActivity.id, KamerActivity.sort_at, KamerActivity.committee_id, KamerActivity.removed,
        KamerActivity.subject if with_text else KamerActivity.number,
    )  # fmt: skip
    if since is not None:
        # An activity is read again when it changed or one of its agenda items did (a zaak added to the agenda).
        changed = (
            select(KamerActivity.id)
            .where(KamerActivity.published_at >= since)
            .union(select(KamerAgendaItem.activity_id).where(KamerAgendaItem.published_at >= since))
        )
        query = query.where(KamerActivity.id.in_(changed))
    keys = _activity_keys(changed)
    return [
        Item(
            ItemKind.ACTIVITY.value,
            row[0],
            row[1],
            _fold(row[4]) if with_text else "",
            row[2],
            keys.get(row[0], set()),
            removed=row[3],
        )
        for row in db.session.execute(query)
    ]


def _commitments(since: datetime | None, with_text: bool) -> list[Item]:
    query = select(
        KamerCommitment.id, KamerCommitment.made_on, KamerCommitment.removed, KamerCommitment.text,
        KamerActivity.id.label("activity_id"), KamerActivity.committee_id,
    ).outerjoin(KamerActivity, KamerActivity.number == KamerCommitment.activity_number)  # fmt: skip
    activities = select(KamerActivity.id).join(KamerCommitment, KamerCommitment.activity_number == KamerActivity.number)
    if since is not None:
        query = query.where(KamerCommitment.published_at >= since)
        activities = activities.where(KamerCommitment.published_at >= since)
    keys = _activity_keys(activities)
    items: dict[str, Item] = {}
    for row in db.session.execute(query):
        item = items.get(row.id)
        if item is None:
            text = _fold(row.text) if with_text else ""
            item = items[row.id] = Item(ItemKind.COMMITMENT.value, row.id, _moment(row.made_on), text, row.committee_id,
                                        removed=row.removed)  # fmt: skip
        item.keys |= keys.get(row.activity_id, set())
    return list(items.values())


READERS = {ItemKind.CASE: (_cases, KamerCase), ItemKind.ACTIVITY: (_activities, KamerActivity),
           ItemKind.COMMITMENT: (_commitments, KamerCommitment)}  # fmt: skip


# --- writing the difference --------------------------------------------------------------------------------------


@dataclass
class Outcome:
    added: int = 0
    removed: int = 0
    items: int = 0


def _rule_refs(rules: Iterable[WatchRule] | None) -> list[RuleRef]:
    if rules is None:
        rows = db.session.execute(select(WatchRule.id, WatchRule.dossier_id, WatchRule.kind, WatchRule.value))
        return [RuleRef(*row) for row in rows]
    return [RuleRef(r.id, r.dossier_id, r.kind, r.value) for r in rules]


def _write(
    refs: list[RuleRef], kind: str, items: list[Item], index: RuleIndex, *, every_item: bool, outcome: Outcome
) -> None:
    dossier_of = {ref.id: ref.dossier_id for ref in refs}
    wanted: dict[tuple[int, str, str], tuple[datetime | None, str | None]] = {}
    for item in items:
        for rule_id in index.match(item):
            wanted[(rule_id, item.kind, item.id)] = (item.at, item.group)
    scope = {(item.kind, item.id) for item in items}
    existing: dict[tuple[int, str, str], tuple[int, tuple[datetime | None, str | None]]] = {}
    # This kind's matches of these rules only: every kind is read and written apart.
    query = select(
        WatchMatch.id, WatchMatch.rule_id, WatchMatch.item_kind, WatchMatch.item_id, WatchMatch.item_at,
        WatchMatch.item_group,
    ).where(WatchMatch.rule_id.in_(list(dossier_of)), WatchMatch.item_kind == kind)  # fmt: skip
    for match_id, rule_id, kind, item_id, at, group in db.session.execute(query):
        if every_item or (kind, item_id) in scope:
            existing[(rule_id, kind, item_id)] = (match_id, (at, group))
    gone = [match_id for key, (match_id, _shown) in existing.items() if key not in wanted]
    # A rescheduled debate or a zaak whose soort changed: the match keeps the item's moment and group in step.
    moved = [
        {"match_id": existing[key][0], "new_at": at, "new_group": group}
        for key, (at, group) in wanted.items()
        if key in existing and existing[key][1] != (at, group)
    ]
    new = [
        {
            "dossier_id": dossier_of[rule_id],
            "rule_id": rule_id,
            "item_kind": kind,
            "item_id": item_id,
            "item_at": at,
            "item_group": group,
            "matched_at": utcnow(),
        }
        for (rule_id, kind, item_id), (at, group) in wanted.items()
        if (rule_id, kind, item_id) not in existing
    ]
    for start in range(0, len(gone), CHUNK):
        db.session.execute(delete(WatchMatch).where(WatchMatch.id.in_(gone[start : start + CHUNK])))
    if moved:
        db.session.execute(
            update(WatchMatch.__table__)
            .where(WatchMatch.__table__.c.id == bindparam("match_id"))
            .values(item_at=bindparam("new_at"), item_group=bindparam("new_group")),
            moved,
        )
    for start in range(0, len(new), CHUNK):
        db.session.execute(insert(WatchMatch), new[start : start + CHUNK])
    outcome.added += len(new)
    outcome.removed += len(gone)
    outcome.items += len(items)


def match_rules(rules: list[WatchRule]) -> Outcome:
    """Match the given rules (a new one, or every rule of a dossier) against every Kamer row. Flushes."""
    db.session.flush()
    refs = _rule_refs(rules)
    outcome = Outcome()
    if not refs:
        return outcome
    index = RuleIndex(refs)
    for kind, (reader, _model) in READERS.items():
        if kind == ItemKind.CASE and not (index.by_key or index.wants_text):
            continue  # committees find no zaken: no need to read them
        _write(refs, kind.value, reader(None, index.wants_text), index, every_item=True, outcome=outcome)
    db.session.flush()
    return outcome


def match_changes(*, full: bool = False) -> Outcome:
    """Match every rule against the rows published since the last run (`full`: against every row). Flushes."""
    refs = _rule_refs(None)
    outcome = Outcome()
    index = RuleIndex(refs)
    for kind, (reader, model) in READERS.items():
        mark = get_or_add(WatchMark, table=model.__tablename__)
        newest = db.session.scalar(select(func.max(model.published_at)))
        since = None if full else mark.mark
        if refs and (since is None or newest is None or newest >= since):
            _write(refs, kind.value, reader(since, index.wants_text), index, every_item=since is None, outcome=outcome)
        mark.mark = newest
    db.session.flush()
    return outcome


def announce_new_matches() -> int:
    """Announce the matches not announced yet to the dossiers' followers, once each (crm/watch/announcing.py)."""
    from crm.watch.announcing import announce_new_matches as announce

    return announce()
