"""Pairs of organisations that take part in the same thing — a coalition, a letter, a meeting — counted in SQL.

A domain says who takes part in what as a select of distinct (organisation_id, item_id) rows. These helpers
self-join those rows in the database: `pair_counts` gives each pair of organisations once (the lower id first) with
the number of items they share, `shared_counts` gives each organisation the number of items it shares with at
least one other. Nothing is looped over in Python, so the work stays in the database whatever the data size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import CompoundSelect, Select, and_, func, select

Participants = Select | CompoundSelect


@dataclass(frozen=True)
class NetworkScope:
    """What the network is narrowed to. `among` holds selects of organisation ids or lists of ids: only those
    organisations take part (every one of them applies). Dates are naive UTC instants, [start, end)."""

    coalition_id: int | None = None
    dossier_id: int | None = None
    start: datetime | None = None
    end: datetime | None = None
    among: tuple[Select | Sequence[int], ...] = ()

    def narrowed(self, *among: Select | Sequence[int]) -> NetworkScope:
        return NetworkScope(self.coalition_id, self.dossier_id, self.start, self.end, (*self.among, *among))


def _participants(participants: Participants, name: str, among: tuple) -> tuple:
    rows = participants.subquery(f"{name}_rows")
    narrowed = select(rows.c.organisation_id, rows.c.item_id).where(*(rows.c.organisation_id.in_(ids) for ids in among))
    cte = narrowed.cte(f"{name}_participants")
    return cte.alias(f"{name}_one"), cte.alias(f"{name}_two")


def pair_counts(participants: Participants, name: str, among: tuple = ()) -> Select:
    """(a, b, weight): organisations a < b and the number of items both take part in."""
    one, two = _participants(participants, name, among)
    return (
        select(one.c.organisation_id.label("a"), two.c.organisation_id.label("b"), func.count().label("weight"))
        .join_from(one, two, and_(one.c.item_id == two.c.item_id, one.c.organisation_id < two.c.organisation_id))
        .group_by(one.c.organisation_id, two.c.organisation_id)
    )


def shared_counts(participants: Participants, name: str, among: tuple = ()) -> Select:
    """(organisation_id, shared_items): the number of items an organisation shares with at least one other one."""
    one, two = _participants(participants, name, among)
    return (
        select(
            one.c.organisation_id.label("organisation_id"), func.count(one.c.item_id.distinct()).label("shared_items")
        )
        .join_from(one, two, and_(one.c.item_id == two.c.item_id, one.c.organisation_id != two.c.organisation_id))
        .group_by(one.c.organisation_id)
    )
