"""Pairs of organisations that take part in the same thing — a coalition, a letter, a meeting — counted in SQL.

A domain says who takes part in what as a select of distinct (organisation_id, item_id) rows. These helpers
self-join those rows in the database: `pair_counts` gives each pair of organisations once (the lower id first) with
the number of items they share, and, in the same statement, the number of items each organisation shares with at
least one other. `link_counts` ranks without forming pairs (an item with n participants gives each of them n − 1
links), so it reads every participation once however many pairs there are. Nothing is looped over in Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import CompoundSelect, Select, and_, func, null, select, union_all

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


def among(column, scope: NetworkScope) -> list:
    """The conditions that keep `column` (an organisation id) to the organisations the scope is narrowed to. Domains
    apply them in their own select, where an index on the column can do the narrowing."""
    return [column.in_(ids) for ids in scope.among]


def _with_company(rows) -> Select:
    """The items that have more than one participant, with their number of participants."""
    size = func.count().label("size")
    return select(rows.c.item_id, size).group_by(rows.c.item_id).having(func.count() > 1)


def link_counts(participants: Participants, name: str) -> Select:
    """(organisation_id, links): per organisation, the sum over its items of the number of other participants."""
    rows = participants.cte(f"{name}_participants")
    sizes = _with_company(rows).subquery(f"{name}_sizes")
    return (
        select(rows.c.organisation_id.label("organisation_id"), func.sum(sizes.c.size - 1).label("links"))
        .join_from(rows, sizes, rows.c.item_id == sizes.c.item_id)
        .group_by(rows.c.organisation_id)
    )


def pair_counts(participants: Participants, name: str) -> CompoundSelect:
    """(a, b, weight) rows of two kinds, from one reading of the participants:
    - b set: organisations a < b and the number of items both take part in;
    - b NULL: the number of items organisation a shares with at least one other one (a pair per item would
      double count an item with three participants, so these are counted per item)."""
    rows = participants.cte(f"{name}_participants")
    one, two = rows.alias(f"{name}_one"), rows.alias(f"{name}_two")
    pairs = (
        select(one.c.organisation_id.label("a"), two.c.organisation_id.label("b"), func.count().label("weight"))
        .join_from(one, two, and_(one.c.item_id == two.c.item_id, one.c.organisation_id < two.c.organisation_id))
        .group_by(one.c.organisation_id, two.c.organisation_id)
    )
    sizes = _with_company(rows).subquery(f"{name}_sizes")
    shared = (
        select(rows.c.organisation_id, null(), func.count())
        .join_from(rows, sizes, rows.c.item_id == sizes.c.item_id)
        .group_by(rows.c.organisation_id)
    )
    return union_all(pairs, shared)
