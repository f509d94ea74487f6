"""Votes on the zaken a dossier watches: each decision with every fraction's vote, in seats.

A hand-raising vote has one row per fraction with its size; a roll call (hoofdelijke stemming) one row per member,
who counts as one seat. "Niet deelgenomen" counts apart: its seats neither for nor against. A vote marked as a
mistake (Vergissing) stays counted as cast, as the Kamer counts it, and is flagged.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, select

from crm.extensions import db
from crm.parliament.models import KamerDecision, KamerVote, decision_cases

FOR, AGAINST, ABSENT = "voor", "tegen", "niet deelgenomen"


def vote_side(soort: str | None) -> str:
    text = (soort or "").strip().lower()
    return text if text in (FOR, AGAINST) else ABSENT


@dataclass
class VoteRow:
    actor: str
    side: str  # voor / tegen / niet deelgenomen
    seats: int
    fraction_id: str | None
    mistake: bool = False


@dataclass
class VoteTable:
    decision: KamerDecision
    rows: list[VoteRow] = field(default_factory=list)

    def seats(self, side: str) -> int:
        return sum(row.seats for row in self.rows if row.side == side)

    @property
    def for_seats(self) -> int:
        return self.seats(FOR)

    @property
    def against_seats(self) -> int:
        return self.seats(AGAINST)

    @property
    def absent_seats(self) -> int:
        return self.seats(ABSENT)

    @property
    def total(self) -> int:
        return sum(row.seats for row in self.rows)

    @property
    def outcome(self) -> str:
        """The Kamer's own decision ("Stemmen - aangenomen"), shown as is."""
        return self.decision.decision_kind or self.decision.text or ""

    def bar(self, width: float = 300.0) -> list[tuple[str, float, float, int]]:
        """(side, x, width, seats) of the stacked bar's parts, drawn against the seats that could vote."""
        whole = self.total or 1
        parts, x = [], 0.0
        for side in (FOR, AGAINST, ABSENT):
            seats = self.seats(side)
            part = round(width * seats / whole, 1)
            parts.append((side, round(x, 1), part, seats))
            x += part
        return parts

    def by_actor(self) -> list[VoteRow]:
        """One row per fraction (or member) and side, seats added up: a summary that stays short whatever the
        source sent."""
        merged: dict[tuple[str, str], VoteRow] = {}
        for row in self.rows:
            key = (row.actor, row.side)
            if key in merged:
                merged[key].seats += row.seats
            else:
                merged[key] = VoteRow(row.actor, row.side, row.seats, row.fraction_id, row.mistake)
        return list(merged.values())

    def side_of(self, fraction_id: str) -> str | None:
        """How a fraction voted: its own row, or the side most of its members took in a roll call."""
        sides: dict[str, int] = defaultdict(int)
        for row in self.rows:
            if row.fraction_id == fraction_id:
                sides[row.side] += row.seats
        return max(sides, key=lambda side: sides[side]) if sides else None


def vote_tables(case_ids: list[str]) -> dict[str, list[VoteTable]]:
    """The decisions on the zaken with their votes, newest first per zaak (one statement: decisions outer-joined
    with their votes)."""
    if not case_ids:
        return {}
    rows = db.session.execute(
        select(decision_cases.c.case_id, KamerDecision, KamerVote)
        .join(KamerDecision, KamerDecision.id == decision_cases.c.decision_id)
        .outerjoin(KamerVote, and_(KamerVote.decision_id == KamerDecision.id, KamerVote.removed.is_(False)))
        .where(decision_cases.c.case_id.in_(case_ids), KamerDecision.removed.is_(False))
        .order_by(
            KamerDecision.changed_at.desc(),
            KamerDecision.position,
            KamerDecision.id,
            KamerVote.actor_fraction,
            KamerVote.actor_name,
            KamerVote.id,
        )
    ).all()
    tables: dict[tuple[str, str], VoteTable] = {}  # per zaak: one decision may be about several zaken
    by_case: dict[str, list[VoteTable]] = defaultdict(list)
    for case_id, decision, vote in rows:
        table = tables.get((case_id, decision.id))
        if table is None:
            table = tables[(case_id, decision.id)] = VoteTable(decision)
            by_case[case_id].append(table)
        if vote is not None:
            seats = 1 if vote.person_id else (vote.fraction_size or 0)
            actor = vote.actor_name or vote.actor_fraction or "?"
            table.rows.append(VoteRow(actor, vote_side(vote.soort), seats, vote.fraction_id, bool(vote.mistake)))
    return {case_id: [t for t in found if t.rows or t.decision.decision_kind] for case_id, found in by_case.items()}
