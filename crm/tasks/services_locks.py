"""A lease per kind of exclusive work, in the database, so it holds across workers on several machines whatever the
task storage is. A lock whose holder died frees itself when its lease runs out."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from crm.common.time import utcnow
from crm.extensions import db
from crm.tasks.models import TaskLock


def acquire(kind: str, holder: str, seconds: float) -> bool:
    """Take the lock of `kind` for `holder` (in the session's transaction; the caller commits). False when another
    holder's lease is still running."""
    now = utcnow()
    until = now + timedelta(seconds=seconds)
    taken = db.session.execute(
        update(TaskLock)
        .where(TaskLock.kind == kind, (TaskLock.lease_until < now) | (TaskLock.holder == holder))
        .values(holder=holder, lease_until=until)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken == 1:
        return True
    try:
        with db.session.begin_nested():
            db.session.add(TaskLock(kind=kind, holder=holder, lease_until=until))
    except IntegrityError:  # held by someone else
        return False
    return True


def renew(connection, kind: str, holder: str, seconds: float) -> None:
    connection.execute(
        update(TaskLock)
        .where(TaskLock.kind == kind, TaskLock.holder == holder)
        .values(lease_until=utcnow() + timedelta(seconds=seconds))
    )


def release(kind: str, holder: str) -> None:
    db.session.rollback()
    db.session.execute(delete(TaskLock).where(TaskLock.kind == kind, TaskLock.holder == holder))
    db.session.commit()
