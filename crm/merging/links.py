"""Every record that points at a person or an organisation, found from the schema itself (SQLAlchemy's metadata),
so a table added later (follows, API tokens, …) is moved by a merge without anyone remembering to list it.

For each foreign key to the merged table: the rows of the merged-away record move to the kept one. A row that would
then repeat a row of the kept record (a unique constraint: both attended the same meeting, both carry the same tag)
is kept once when the two say the same (or the table is a plain link, or a table where once is the meaning:
attendance); when they differ in what they say (both signed the same letter, two different privacy records), the
merge is refused, naming what would be lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Column,
    PrimaryKeyConstraint,
    Table,
    UniqueConstraint,
    and_,
    delete,
    inspect,
    select,
    tuple_,
    update,
)

from crm.extensions import db

# Tables where a second row for the same thing is dropped even when it differs: one attendance per meeting.
KEPT_ONCE = frozenset({"meeting_attendees"})
# Bookkeeping columns that do not change what a row says.
IGNORED_COLUMNS = frozenset({"id", "created_at", "updated_at", "version_id"})

TABLE_LABELS = {
    "signatories": _l("signatories of a joint letter"),
    "coalition_members": _l("coalition memberships"),
    "person_privacy": _l("privacy records"),
    "organisation_logos": _l("logos"),
}


@dataclass(frozen=True)
class Link:
    table: Table
    column: Column
    uniques: tuple[tuple[Column, ...], ...]  # the other columns of each unique constraint that holds `column`
    mapped: Any  # the mapped class of the table, or None for a plain link table


@dataclass
class Plan:
    moves: list[tuple[Link, int]] = field(default_factory=list)  # (link, number of rows to move)
    drops: list[tuple[Link, list[Any]]] = field(default_factory=list)  # (link, rows of the other kept once)
    refusals: list[str] = field(default_factory=list)


def links_to(target: Table) -> list[Link]:
    classes = {mapper.local_table: mapper.class_ for mapper in db.Model.registry.mappers}
    found = []
    for table in db.metadata.sorted_tables:
        for foreign_key in table.foreign_keys:
            if foreign_key.column.table is not target:
                continue
            column = foreign_key.parent
            uniques = []
            for constraint in table.constraints:
                if isinstance(constraint, UniqueConstraint | PrimaryKeyConstraint) and _holds(
                    constraint.columns, column
                ):
                    uniques.append(tuple(c for c in constraint.columns if c is not column))
            for index in table.indexes:
                if index.unique and _holds(index.columns, column):
                    uniques.append(tuple(c for c in index.columns if c is not column))
            found.append(Link(table, column, tuple(uniques), classes.get(table)))
    return found


def _holds(columns, column: Column) -> bool:
    return any(c is column for c in columns)


def _label(link: Link) -> str:
    return str(TABLE_LABELS.get(link.table.name, link.table.name.replace("_", " ")))


def _content(row, link: Link) -> tuple:
    skip = IGNORED_COLUMNS | {link.column.name} | {c.name for c in link.table.primary_key.columns}
    return tuple(getattr(row, c.name) for c in link.table.columns if c.name not in skip)


def plan(target: Table, keep_id: int, other_id: int) -> Plan:
    """What a merge of `other_id` into `keep_id` would do to each linked table (a few statements per table)."""
    result = Plan()
    for link in links_to(target):
        rows = db.session.execute(select(link.table).where(link.column == other_id)).all()
        if not rows:
            continue
        dropped: list[Any] = []
        for others in link.uniques:
            if not others:  # unique on the column alone (one privacy record, one logo): at most one row each
                mine = db.session.execute(select(link.table).where(link.column == keep_id)).all()
                clashes = [(row, mine[0]) for row in rows] if mine else []
            else:
                wanted = [tuple(getattr(row, c.name) for c in others) for row in rows]
                mine = db.session.execute(
                    select(link.table).where(link.column == keep_id, tuple_(*others).in_(wanted))
                ).all()
                by_key = {tuple(getattr(row, c.name) for c in others): row for row in mine}
                clashes = [(row, by_key[key]) for row, key in zip(rows, wanted, strict=True) if key in by_key]
            for theirs, ours in clashes:
                same = _content(theirs, link) == _content(ours, link)
                if same or link.mapped is None or link.table.name in KEPT_ONCE:
                    if all(theirs is not row for row in dropped):
                        dropped.append(theirs)
                else:
                    result.refusals.append(_label(link))
        if dropped:
            result.drops.append((link, dropped))
        result.moves.append((link, len(rows) - len(dropped)))
    result.refusals = list(dict.fromkeys(result.refusals))
    return result


def _where_row(link: Link, row) -> Any:
    return and_(*(c == getattr(row, c.name) for c in link.table.primary_key.columns))


def carry_out(target: Table, plan_: Plan, keep_id: int, other_id: int) -> None:
    """Drop the rows kept once, then move the rest: through the ORM where the table is mapped (so the audit trail
    records each change), with one statement per plain link table."""
    for link, rows in plan_.drops:
        if link.mapped is not None:
            for row in rows:
                obj = db.session.get(link.mapped, tuple(getattr(row, c.name) for c in link.table.primary_key.columns))
                db.session.delete(obj)
        else:
            for row in rows:
                db.session.execute(delete(link.table).where(_where_row(link, row)))
    db.session.flush()
    for link, count in plan_.moves:
        if not count:
            continue
        if link.mapped is not None:
            mapper = inspect(link.mapped)
            key = mapper.get_property_by_column(link.column).key
            for obj in db.session.scalars(select(link.mapped).where(link.column == other_id)):
                if link.table is target and obj.id == keep_id:
                    continue
                setattr(obj, key, keep_id)
        else:
            db.session.execute(update(link.table).where(link.column == other_id).values({link.column.name: keep_id}))
    db.session.flush()
