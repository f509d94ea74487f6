"""One listener records every write to an `Audited` model, in the same transaction as the write."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import MANYTOONE, Session
from sqlalchemy.orm.base import NO_VALUE

from crm.audit.context import auditing_enabled, current_actor
from crm.audit.models import Audited, AuditEvent
from crm.common.time import utcnow

MAX_VALUE_LENGTH = 1000


def _plain(value: Any) -> Any:
    if value is None or value is NO_VALUE or isinstance(value, bool | int | float):
        return None if value is NO_VALUE else value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Audited):
        return value.audit_label
    text = str(value)
    return text if len(text) <= MAX_VALUE_LENGTH else text[:MAX_VALUE_LENGTH] + "…"


def _label_of(session: Session, target_cls: type, pk: Any) -> Any:
    if pk is None:
        return None
    with session.no_autoflush:
        target = session.get(target_cls, pk)
    return _plain(target) if target is not None else pk


def _many_to_one(mapper) -> dict[str, tuple[str, type]]:
    """Each many-to-one relationship with its foreign key attribute and target class."""
    found = {}
    for rel in mapper.relationships:
        if rel.direction is MANYTOONE and not rel.viewonly and len(rel.local_columns) == 1:
            (column,) = rel.local_columns
            found[rel.key] = (mapper.get_property_by_column(column).key, rel.mapper.class_)
    return found


def _reference_change(session: Session, state, rel_key: str, fk_key: str, target, *, snapshot: bool):
    """[old, new] labels of a many-to-one reference, or None when it did not change."""
    if snapshot:
        value = state.dict.get(rel_key)
        new = _plain(value) if value is not None else _label_of(session, target, state.dict.get(fk_key))
        return [None, new] if new is not None else None
    hist = state.attrs[rel_key].history
    if hist.has_changes():
        old = _plain(hist.deleted[0]) if hist.deleted and hist.deleted[0] is not None else None
        new = _plain(hist.added[0]) if hist.added and hist.added[0] is not None else None
    else:
        fk_hist = state.attrs[fk_key].history
        if not fk_hist.has_changes():
            return None
        old = _label_of(session, target, fk_hist.deleted[0] if fk_hist.deleted else None)
        new = _label_of(session, target, fk_hist.added[0] if fk_hist.added else None)
    return [old, new] if old != new else None


def _changes(session: Session, obj: Audited, *, snapshot: bool) -> dict[str, list[Any]]:
    state = inspect(obj)
    mapper = state.mapper
    excluded = obj.__audit_exclude__ | {"id", "version_id", "created_at", "updated_at"}
    references = _many_to_one(mapper)
    fk_keys = {fk_key for fk_key, _target in references.values()}
    changes: dict[str, list[Any]] = {}
    for attr in mapper.column_attrs:
        key = attr.key
        if key in excluded or key in fk_keys:
            continue
        if snapshot:
            new = state.dict.get(key)
            if new is not None:
                changes[key] = [None, _plain(new)]
            continue
        hist = state.attrs[key].history
        if hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old != new:
                changes[key] = [_plain(old), _plain(new)]
    for rel_key, (fk_key, target) in references.items():
        if rel_key in excluded:
            continue
        change = _reference_change(session, state, rel_key, fk_key, target, snapshot=snapshot)
        if change is not None:
            changes[rel_key] = change
    for rel in mapper.relationships:
        if rel.secondary is None or rel.key in excluded or rel.viewonly:
            continue
        hist = state.attrs[rel.key].history
        if not hist.has_changes():
            continue
        before = sorted(_plain(v) for v in [*hist.unchanged, *hist.deleted])
        after = sorted(_plain(v) for v in [*hist.unchanged, *hist.added])
        if before != after:
            changes[rel.key] = [before, after]
    return changes


def _row(obj: Audited, action: str, changes: dict, actor: tuple[int | None, str], now) -> dict:
    parent = obj.audit_parent()
    return {
        "created_at": now,
        "actor_id": actor[0],
        "actor_label": actor[1],
        "action": action,
        "entity_type": obj.audit_type(),
        "entity_id": inspect(obj).mapper.primary_key_from_instance(obj)[0],
        "entity_label": _plain(obj.audit_label)[:255],
        "parent_type": parent[0] if parent else None,
        "parent_id": parent[1] if parent else None,
        "changes": changes,
    }


def _update_action(changes: dict) -> str:
    if "archived_at" in changes:
        old, new = changes["archived_at"]
        if old is None and new is not None:
            return "archive"
        if old is not None and new is None:
            return "restore"
    return "update"


def record_flush(session: Session, _flush_context) -> None:
    if not auditing_enabled():
        return
    actor = current_actor()
    now = utcnow()
    rows = []
    for obj in session.new:
        if isinstance(obj, Audited):
            rows.append(_row(obj, "create", _changes(session, obj, snapshot=True), actor, now))
    for obj in session.dirty:
        if isinstance(obj, Audited) and session.is_modified(obj):
            changes = _changes(session, obj, snapshot=False)
            if changes:
                rows.append(_row(obj, _update_action(changes), changes, actor, now))
    for obj in session.deleted:
        if isinstance(obj, Audited):
            removed = {key: [new, None] for key, (_old, new) in _changes(session, obj, snapshot=True).items()}
            rows.append(_row(obj, "delete", removed, actor, now))
    if rows:
        session.connection().execute(AuditEvent.__table__.insert(), rows)


def install() -> None:
    if not event.contains(Session, "after_flush", record_flush):
        event.listen(Session, "after_flush", record_flush)
