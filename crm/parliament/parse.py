"""One JSON row of an entity set → a row of its mirror table, by the definitions in records.py.

A row that fails a check (not an object, an Id that is not a GUID, a missing field, a value of the wrong type, an
unknown value of a closed list) raises `RowError`; the sync skips it and lists it in the run's errors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from crm.parliament import values as v
from crm.parliament.records import BOOL, DAY, GUID, INSTANT, INT, TEXT, EntitySet, Field, kamer_row_fields


class RowError(ValueError):
    def __init__(self, row_id: str | None, message: str):
        super().__init__(message)
        self.row_id = row_id
        self.message = message


CONVERTERS: dict[str, Callable[[Any], Any]] = {
    INT: v.integer,
    BOOL: v.boolean,
    DAY: v.calendar_day,
    INSTANT: v.instant,
    GUID: v.optional_guid,
}


def _converter(entity: EntitySet, spec: Field) -> Callable[[Any], Any]:
    if spec.kind != TEXT:
        return CONVERTERS[spec.kind]
    length = getattr(entity.table.c[spec.column].type, "length", None)
    if spec.choices:
        return lambda value: v.choice(v.text(value, length), spec.choices)  # type: ignore[arg-type]
    return lambda value: v.text(value, length)


_PLANS: dict[str, list[tuple[Field, Callable[[Any], Any]]]] = {}


def _plan(entity: EntitySet) -> list[tuple[Field, Callable[[Any], Any]]]:
    """Each field with its converter, worked out once per entity set (a sync reads hundreds of thousands of rows)."""
    if entity.name not in _PLANS:
        _PLANS[entity.name] = [(spec, _converter(entity, spec)) for spec in (*kamer_row_fields(), *entity.fields)]
    return _PLANS[entity.name]


def parse_row(entity: EntitySet, raw: Any) -> tuple[dict[str, Any], dict[str, list[str]], str]:
    """(column values, {link table name: [other ids]}, the raw ApiGewijzigdOp) of one row, or RowError."""
    if not isinstance(raw, dict):
        raise RowError(None, "not a JSON object")
    raw_id = raw.get("Id")
    try:
        row_id = v.guid(raw_id)
    except v.BadValue as error:
        raise RowError(str(raw_id)[:60] if raw_id is not None else None, f"Id: {error}") from None
    removed = raw.get("Verwijderd")
    if not isinstance(removed, bool):
        raise RowError(row_id, "Verwijderd: missing or not true/false")
    row: dict[str, Any] = {"id": row_id, "removed": removed, **entity.fixed}
    for spec, convert in _plan(entity):
        if spec.api not in raw:
            if spec.required or not removed:
                raise RowError(row_id, f"{spec.api}: missing")
            row[spec.column] = None
            continue
        try:
            row[spec.column] = convert(raw[spec.api])
        except v.BadValue as error:
            raise RowError(row_id, f"{spec.api}: {error}") from None
        if spec.required and row[spec.column] is None and not removed:
            raise RowError(row_id, f"{spec.api}: missing")
    if entity.derive:
        entity.derive(row)
    links: dict[str, list[str]] = {}
    for link in entity.links:
        items = raw.get(link.api)
        if items is None:
            continue  # not expanded: the links stay as they are
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise RowError(row_id, f"{link.api}: not a list of entities")
        try:
            links[link.table.name] = sorted({v.guid(item.get("Id")) for item in items})
        except v.BadValue as error:
            raise RowError(row_id, f"{link.api}: {error}") from None
    return row, links, raw["ApiGewijzigdOp"]
