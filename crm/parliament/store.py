"""Upsert one page of an entity set into its mirror table, by `Id`, counting what changed.

A page is read in one statement per 500 ids, written with one executemany per kind of write; a row equal to the one
we have is not written at all, so a sync that finds nothing new changes nothing. Rows that fail their checks are
skipped and returned as errors (entity, id, message).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, delete, select

from crm.extensions import db
from crm.parliament.parse import RowError, parse_row
from crm.parliament.records import EntitySet
from crm.parliament.values import BadValue, instant

CHUNK = 500
BOOKKEEPING = frozenset({"needs_projection"})


@dataclass
class PageResult:
    counts: Counter = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)
    last_mark: str | None = None
    touched: list[str] = field(default_factory=list)  # ids of new, changed and removed rows


def _existing(entity: EntitySet, ids: list[str]) -> dict[str, dict[str, Any]]:
    table = entity.table
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for row in db.session.execute(select(table).where(table.c.id.in_(chunk))).mappings():
            found[row["id"]] = dict(row)
    return found


def _existing_links(entity: EntitySet, ids: list[str]) -> dict[str, dict[str, set[str]]]:
    found: dict[str, dict[str, set[str]]] = {}
    for link in entity.links:
        own, other = link.table.c[link.own], link.table.c[link.other]
        by_row: dict[str, set[str]] = {}
        for start in range(0, len(ids), CHUNK):
            for owner, target in db.session.execute(select(own, other).where(own.in_(ids[start : start + CHUNK]))):
                by_row.setdefault(owner, set()).add(target)
        found[link.table.name] = by_row
    return found


def page_mark(raw_rows: list[Any]) -> str | None:
    """The `ApiGewijzigdOp` of the page's last row that has a readable one (skipped rows included: asking for
    them again would not make them better), exactly as written."""
    for raw in reversed(raw_rows):
        value = raw.get("ApiGewijzigdOp") if isinstance(raw, dict) else None
        try:
            if isinstance(value, str) and instant(value) is not None:
                return value
        except BadValue:
            continue
    return None


def store_page(entity: EntitySet, raw_rows: list[Any]) -> PageResult:
    result = PageResult()
    parsed: dict[str, tuple[dict[str, Any], dict[str, list[str]]]] = {}
    for raw in raw_rows:
        try:
            row, links, _mark = parse_row(entity, raw)
        except RowError as error:
            result.errors.append({"entity": entity.name, "id": error.row_id, "message": error.message})
            result.counts["skipped"] += 1
            continue
        parsed[row["id"]] = (row, links)  # a row twice on one page: the later one wins
    result.last_mark = page_mark(raw_rows)
    ids = list(parsed)
    existing = _existing(entity, ids)
    existing_links = _existing_links(entity, ids) if entity.links else {}
    inserts, updates, link_changes = [], [], []
    for row_id, (row, links) in parsed.items():
        old = existing.get(row_id)
        links_differ = any(set(targets) != existing_links[name].get(row_id, set()) for name, targets in links.items())
        if entity.projected:
            row["needs_projection"] = True
        if old is None:
            inserts.append(row)
            result.counts["removed" if row["removed"] else "new"] += 1
        elif any(old.get(key) != value for key, value in row.items() if key not in BOOKKEEPING) or links_differ:
            updates.append({**row, "_id": row_id})
            result.counts["removed" if row["removed"] and not old["removed"] else "changed"] += 1
        else:
            result.counts["unchanged"] += 1
            continue
        result.touched.append(row_id)
        if links and (old is None or links_differ):
            link_changes.append((row_id, links))
    table = entity.table
    if inserts:
        db.session.execute(table.insert(), inserts)
    if updates:
        keys = [key for key in updates[0] if key not in ("_id", "id")]
        statement = table.update().where(table.c.id == bindparam("_id")).values({k: bindparam(f"v_{k}") for k in keys})
        db.session.execute(statement, [{"_id": u["_id"], **{f"v_{k}": u[k] for k in keys}} for u in updates])
    _replace_links(entity, link_changes)
    return result


def _replace_links(entity: EntitySet, changes: list[tuple[str, dict[str, list[str]]]]) -> None:
    for link in entity.links:
        owners = [row_id for row_id, links in changes if link.table.name in links]
        if not owners:
            continue
        db.session.execute(delete(link.table).where(link.table.c[link.own].in_(owners)))
        pairs = [
            {link.own: row_id, link.other: target}
            for row_id, links in changes
            for target in links.get(link.table.name, ())
        ]
        if pairs:
            db.session.execute(link.table.insert(), pairs)
