"""Pairs of organisations that take part in the same thing — a coalition, a letter, a meeting — counted in SQL.

A domain says who takes part in what as a select of distinct (organisation_id, item_id) rows. These helpers
self-join those rows in the database: `pair_counts` gives each pair of organisations once (the lower id first) with
the number of items they share, `shared_counts` gives each organisation the number of items it shares with at
least one other. `link_counts` ranks without forming pairs: an item with n participants gives each of them n − 1
links, so it reads every participation once however many pairs there are. Nothing is looped over in Python.
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


def among(column, scope: NetworkScope) -> list:
    """The conditions that keep `column` (an organisation id) to the organisations the scope is narrowed to. Domains
    apply them in their own select, where an index on the column can do the narrowing."""
    return [column.in_(ids) for ids in scope.among]


def _participants(participants: Participants, name: str) -> tuple:
    cte = participants.cte(f"{name}_participants")
    return cte.alias(f"{name}_one"), cte.alias(f"{name}_two")


def link_counts(participants: Participants, name: str) -> Select:
    """(organisation_id, links): per organisation, the sum over its items of the number of other participants."""
    rows = participants.cte(f"{name}_participants")
    size = func.count().label("size")
    sizes = select(rows.c.item_id, size).group_by(rows.c.item_id).having(func.count() > 1).subquery(f"{name}_sizes")
    return (
        select(rows.c.organisation_id.label("organisation_id"), func.sum(sizes.c.size - 1).label("links"))
        .join_from(rows, sizes, rows.c.item_id == sizes.c.item_id)
        .group_by(rows.c.organisation_id)
    )


def pair_counts(participants: Participants, name: str) -> Select:
    """(a, b, weight): organisations a < b and the number of items both take part in."""
    one, two = _participants(participants, name)
    return (
        select(one.c.organisation_id.label("a"), two.c.organisation_id.label("b"), func.count().label("weight"))
        .join_from(one, two, and_(one.c.item_id == two.c.item_id, one.c.organisation_id < two.c.organisation_id))
        .group_by(one.c.organisation_id, two.c.organisation_id)
    )


def shared_counts(participants: Participants, name: str) -> Select:
    """(organisation_id, shared_items): the number of items an organisation shares with at least one other one."""
    one, two = _participants(participants, name)
    return (
        select(
            one.c.organisation_id.label("organisation_id"), func.count(one.c.item_id.distinct()).label("shared_items")
        )
        .join_from(one, two, and_(one.c.item_id == two.c.item_id, one.c.organisation_id != two.c.organisation_id))
        .group_by(one.c.organisation_id)
    )
