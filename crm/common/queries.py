"""Query building blocks shared by the list pages of every domain."""

from __future__ import annotations

from itertools import pairwise

from sqlalchemy import DateTime, Integer, case, column, literal, or_, select, values

from crm.common.text import escape_like, fold
from crm.extensions import db

STATUSES = ("active", "archived", "all")


def word_filters(column, q: str, *, also=None) -> list:
    """Every word of the query must occur in the folded search text (any order, accents ignored).

    `also(pattern)` may return another condition a word may satisfy instead (e.g. a matching tag).
    """
    conditions = []
    for word in fold(q).split()[:8]:
        pattern = f"%{escape_like(word)}%"
        condition = column.like(pattern, escape="\\")
        conditions.append(or_(condition, also(pattern)) if also else condition)
    return conditions


def sort_orders(**columns) -> dict:
    """The orders of a list page sorted by a column header: `key` ascending and `-key` descending on the first
    column of each tuple; the columns after it break ties, the same way in both directions."""
    orders = {}
    for key, (first, *ties) in columns.items():
        orders[key] = (first.asc(), *ties)
        orders[f"-{key}"] = (first.desc(), *ties)
    return orders


def equal_filters(filters, **columns) -> list:
    """`column == value` for each named filter that is set: the plain "of this owner", "of this kind" choices."""
    return [column == getattr(filters, name) for name, column in columns.items() if getattr(filters, name)]


def archived_filter(model, status: str) -> list:
    if status == "archived":
        return [model.archived_at.is_not(None)]
    if status == "all":
        return []
    return [model.archived_at.is_(None)]


def records_by_ids(model, ids: list[int]) -> dict:
    """The records of one model with these ids, by id (missing ids are simply absent)."""
    if not ids:
        return {}
    return {record.id: record for record in db.session.scalars(select(model).where(model.id.in_(ids)))}


def records_in_order(model, ids: list[int], *, active_only: bool = False, order_by=None, options=()) -> list:
    """The records of one model with these ids, each once, in the order of `ids` (or by `order_by`), in one
    statement: the lookup a form's chosen ids or a page of ids needs. Ids without a record, and with `active_only`
    those of archived records, are left out: a caller that must refuse them compares the lengths."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    query = select(model).where(model.id.in_(wanted)).options(*options)
    if active_only:
        query = query.where(model.archived_at.is_(None))
    if order_by is not None:
        return list(db.session.scalars(query.order_by(order_by)).unique())
    found = {record.id: record for record in db.session.scalars(query).unique()}
    return [found[i] for i in wanted if i in found]


def bucket_index(column, boundaries: list):
    """0 for values in [b0, b1), 1 for [b1, b2), …: consecutive buckets (weeks, months) as one SQL expression, the
    same on SQLite and PostgreSQL, so a GROUP BY counts per bucket in the database. Rows outside [b0, bn) must be
    filtered out by the caller. The CASE is nested as a binary search: a row is placed in ⌈log₂ n⌉ comparisons, so a
    year of weeks costs 6 comparisons a row, not 52. Meant for rows another index has narrowed already (one
    organisation's); to count all rows of a long period, join `bucket_ranges` instead."""

    def place(first: int, last: int):  # the bucket among first..last (inclusive) that the value falls in
        if first == last:
            return literal(first)
        middle = (first + last + 1) // 2
        return case((column < boundaries[middle], place(first, middle - 1)), else_=place(middle, last))

    return place(0, len(boundaries) - 2)


def bucket_ranges(boundaries: list):
    """Consecutive buckets [b0, b1), [b1, b2), … as a small table (bucket, starts, ends), to join the rows to count
    on their time: a range join over an index on that time reads each bucket's rows in order, which is several times
    cheaper than placing every row with a CASE (`bucket_index`) when a bucket holds many rows (a year of contacts).
    The same SQL on SQLite and PostgreSQL (a common table expression of VALUES)."""
    rows = [(index, starts, ends) for index, (starts, ends) in enumerate(pairwise(boundaries))]
    table = values(column("bucket", Integer), column("starts", DateTime), column("ends", DateTime), name="buckets")
    return table.data(rows).cte("buckets")
