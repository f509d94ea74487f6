"""Bulk inserts with ids chosen up front: far faster than RETURNING the ids row by row.

The generator owns the database while it loads, so the next free ids are simply max(id) + 1, …; afterwards
PostgreSQL's sequence is moved past them (`bulk_insert` does that), or the app's next insert would collide.
"""

from __future__ import annotations

from sqlalchemy import Table, func, insert, select

from crm.extensions import db

BATCH = 20_000


def next_id(table: Table) -> int:
    return (db.session.scalar(select(func.max(table.c.id))) or 0) + 1


def bulk_insert(table: Table, rows: list[dict]) -> None:
    """An executemany per batch (multi-row VALUES on PostgreSQL); keeps a serial `id` sequence in step."""
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(table), rows[start : start + BATCH])
    if rows and "id" in rows[0] and db.engine.dialect.name == "postgresql":
        sequence = func.pg_get_serial_sequence(table.name, "id")
        db.session.execute(select(func.setval(sequence, select(func.max(table.c.id)).scalar_subquery())))
