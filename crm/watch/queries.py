"""Reads for a dossier's "In de Kamer": its rules with what each found, the next debates, the latest zaken per
kind with their votes, and the open commitments — each item with why it matched. A fixed number of statements
whatever the data size: rules and counts, activities, zaken (the newest few per kind in one windowed statement),
the reasons, decisions, votes, commitments and the dismissed count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import aliased

from crm.auth.models import User
from crm.common.time import utcnow
from crm.extensions import db
from crm.parliament.models import KamerActivity, KamerCase
from crm.watch.commitments import CommitmentRow, matched_ids, not_dismissed, open_commitments
from crm.watch.groups import CASE_GROUPS, VOTED_GROUPS
from crm.watch.models import ItemKind, WatchDismissal, WatchMatch, WatchRule
from crm.watch.votes import VoteTable, vote_tables

PER_KIND = 5
UPCOMING = 5


@dataclass
class RuleCount:
    rule: WatchRule
    found: int


def rules_with_counts(dossier_id: int) -> list[RuleCount]:
    """The dossier's rules, oldest first, each with how many items it found that nobody dismissed (one statement)."""
    return rules_and_dismissed(dossier_id)[0]


def rules_and_dismissed(dossier_id: int) -> tuple[list[RuleCount], int]:
    """The rules with their counts, and how many items were dismissed on the dossier (one statement)."""
    # By rule id: the unique index on (rule, kind, item) covers the count, no row of the table is read.
    of_dossier = select(WatchRule.id).where(WatchRule.dossier_id == dossier_id)
    found = (
        select(WatchMatch.rule_id, func.count().label("found"))
        .where(WatchMatch.rule_id.in_(of_dossier), not_dismissed(literal(dossier_id)))
        .group_by(WatchMatch.rule_id)
        .subquery()
    )
    dismissed = select(func.count(WatchDismissal.id)).where(WatchDismissal.dossier_id == dossier_id).scalar_subquery()
    rows = db.session.execute(
        select(WatchRule, func.coalesce(found.c.found, 0), dismissed)
        .outerjoin(found, found.c.rule_id == WatchRule.id)
        .where(WatchRule.dossier_id == dossier_id)
        .order_by(WatchRule.kind, WatchRule.label, WatchRule.id)
    ).all()
    return [RuleCount(rule, count) for rule, count, _d in rows], (rows[0][2] if rows else 0)


@dataclass
class Matched:
    kind: str
    item: object
    group: str = ""
    why: list[WatchRule] = field(default_factory=list)
    votes: list[VoteTable] = field(default_factory=list)


@dataclass
class Panel:
    rules: list[RuleCount]
    upcoming: list[Matched]
    cases: dict[str, list[Matched]]
    commitments: list[CommitmentRow]
    overdue: int
    dismissed: int

    @property
    def empty(self) -> bool:
        return not (self.upcoming or any(self.cases.values()) or self.commitments)


def upcoming_activities(dossier_id: int, limit: int = UPCOMING) -> list[KamerActivity]:
    return list(
        db.session.scalars(
            select(KamerActivity)
            .where(
                KamerActivity.id.in_(matched_ids(ItemKind.ACTIVITY, [dossier_id])),
                KamerActivity.removed.is_(False),
                KamerActivity.sort_at >= utcnow() - timedelta(hours=2),
            )
            .order_by(KamerActivity.sort_at, KamerActivity.id)
            .limit(limit)
        )
    )


def latest_cases(dossier_id: int, per_group: int = PER_KIND, groups=CASE_GROUPS) -> list[tuple[str, KamerCase]]:
    """The newest zaken of each group, by group then newest first (one statement).

    Each group walks the dossier's matches of that group newest first (the index on dossier, kind, group and moment)
    and stops after `per_group` × the dossier's number of rules rows: an item is matched at most once per rule, so
    that many rows hold at least `per_group` distinct zaken. The cost stays the same however many items the dossier
    matched, also for a group it has none of."""
    enough = per_group * select(func.count(WatchRule.id)).where(WatchRule.dossier_id == dossier_id).scalar_subquery()
    arms = [
        select(*KamerCase.__table__.c, literal(name).label("grp"))
        .join_from(WatchMatch, KamerCase, KamerCase.id == WatchMatch.item_id)
        .where(
            WatchMatch.dossier_id == dossier_id,
            WatchMatch.item_kind == ItemKind.CASE.value,
            WatchMatch.item_group == name,
            KamerCase.removed.is_(False),
            not_dismissed(),
        )
        .order_by(WatchMatch.item_at.desc(), WatchMatch.id.desc())
        .limit(enough)
        .subquery()
        .select()
        for name in groups
    ]
    if not arms:
        return []
    both = union_all(*arms).subquery()
    shown = aliased(KamerCase, both)
    found: dict[str, dict[str, KamerCase]] = defaultdict(dict)
    for item, grp in db.session.execute(select(shown, both.c.grp)):
        found[grp].setdefault(item.id, item)
    newest = lambda c: (c.started_on or date.min, c.number or "")  # noqa: E731
    return [
        (grp, item)
        for grp in sorted(found)
        for item in sorted(found[grp].values(), key=newest, reverse=True)[:per_group]
    ]


def reasons(dossier_id: int, item_ids: list[str], rules: dict[int, WatchRule]) -> dict[tuple[str, str], list]:
    """Which rules matched each item (one statement)."""
    why: dict[tuple[str, str], list] = defaultdict(list)
    if not item_ids:
        return why
    rows = db.session.execute(
        select(WatchMatch.item_kind, WatchMatch.item_id, WatchMatch.rule_id)
        # Only the index on (kind, item): the shown items' matches of every dossier (a few rows each), kept below
        # when their rule is this dossier's. A filter on the dossier would make it walk all the dossier's matches.
        .where(WatchMatch.item_kind.in_([kind.value for kind in ItemKind]), WatchMatch.item_id.in_(item_ids))
        .order_by(WatchMatch.rule_id)
    )
    for kind, item_id, rule_id in rows:
        if rule_id in rules:
            why[(kind, item_id)].append(rules[rule_id])
    return why


def dossier_panel(dossier_id: int, day: date) -> Panel:
    rules, dismissed = rules_and_dismissed(dossier_id)
    by_id = {r.rule.id: r.rule for r in rules}
    if not rules:
        return Panel(rules, [], {group: [] for group in CASE_GROUPS}, [], 0, 0)
    upcoming = [Matched(ItemKind.ACTIVITY.value, a) for a in upcoming_activities(dossier_id)]
    cases = {group: [] for group in CASE_GROUPS}
    for group, found in latest_cases(dossier_id):
        cases[group].append(Matched(ItemKind.CASE.value, found, group))
    commitments = open_commitments(dossier_id, day)
    shown = [m.item.id for m in upcoming] + [m.item.id for ms in cases.values() for m in ms]
    shown += [row.commitment.id for row in commitments]
    why = reasons(dossier_id, shown, by_id)
    voted = [m.item.id for group in VOTED_GROUPS for m in cases[group]]
    votes = vote_tables(voted)
    for matched in upcoming + [m for ms in cases.values() for m in ms]:
        matched.why = why.get((matched.kind, matched.item.id), [])
        matched.votes = votes.get(matched.item.id, [])
    for row in commitments:
        row.why = why.get((ItemKind.COMMITMENT.value, row.commitment.id), [])
    overdue = sum(1 for row in commitments if row.overdue)
    return Panel(rules, upcoming, cases, commitments, overdue, dismissed)


def dismissals(dossier_id: int) -> list[WatchDismissal]:
    return list(
        db.session.scalars(
            select(WatchDismissal)
            .where(WatchDismissal.dossier_id == dossier_id)
            .order_by(WatchDismissal.created_at.desc(), WatchDismissal.id.desc())
        )
    )


def share_choices(sender_id: int) -> list[User]:
    """The colleagues a debate preparation can be sent to: active users, the sender left out, by name."""
    return list(
        db.session.scalars(select(User).where(User.active.is_(True), User.id != sender_id).order_by(User.name, User.id))
    )
