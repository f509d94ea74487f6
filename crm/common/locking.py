"""Optimistic locking: detect that someone else saved the record since the form was opened."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm.exc import StaleDataError

from crm.extensions import db


class ConflictError(Exception):
    """Raised by a service when the submitted version is older than the stored one."""

    def __init__(self, current: Any):
        super().__init__(f"{type(current).__name__} {getattr(current, 'id', '?')} was changed by someone else")
        self.current = current


def ensure_current_version(obj: Any, submitted_version: int | None) -> None:
    if submitted_version is None or int(submitted_version) != obj.version_id:
        raise ConflictError(obj)


def flush_or_conflict(obj: Any) -> None:
    """Flush; a concurrent save between our check and our UPDATE also surfaces as a conflict."""
    try:
        db.session.flush()
    except StaleDataError as error:
        raise ConflictError(obj) from error


def locked_change(obj: Any, submitted_version: int | None, change: Callable[[], object]) -> None:
    """An edit of a versioned record: refuse a stale version, make the `change`, flush (see `flush_or_conflict`)."""
    ensure_current_version(obj, submitted_version)
    change()
    flush_or_conflict(obj)
