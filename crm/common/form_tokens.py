"""One-time form tokens: a form submitted twice (a double click, a replayed POST) saves once.

Every create form carries a random token in a hidden field (`crm.common.forms.OnceForm`). A POST that brings one
claims it before the view runs (`crm.common.views.replay_guard`): a row in `used_form_tokens`, inserted in the
request's own transaction. The unique constraint on the token makes a second claim of the same token fail — across
gunicorn workers and machines, since the database decides — so:

- the first request commits its record and the token together, or neither (a refused form, an error: the token is
  free again and the user can submit the same page once more);
- a second request with the same token waits for the first to finish (PostgreSQL: the unique index; SQLite: the
  write lock), finds the token used and is sent to the record the first one made, creating nothing.

While the first request flushes, the token row notes which record the form made (the first new audited record that
stands on its own, else the record a new row belongs to, else any new row with an id; for an edit form the record it
changed), so a replay can go to that record's page. Tokens older than any form can be (they are only replayable with
a CSRF token of the same age) are deleted by a scheduled job (SCHEDULE_FORM_TOKEN_CLEANUP, crm/maintenance/tasks.py),
not inside a request.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import String, delete, event, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from crm.audit.models import Audited
from crm.common.time import utcnow
from crm.extensions import db

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")
_CLAIMED = "form_token"  # session.info keys for the token this transaction claimed and the record it made
_MADE = "form_token_record"


class UsedFormToken(db.Model):
    __tablename__ = "used_form_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None]
    record_type: Mapped[str | None] = mapped_column(String(50))
    record_id: Mapped[int | None]


@dataclass(frozen=True)
class EarlierUse:
    user_id: int | None
    record_type: str | None
    record_id: int | None


def new_token() -> str:
    return secrets.token_urlsafe(24)


def is_well_formed(token: str) -> bool:
    return TOKEN_PATTERN.fullmatch(token) is not None


def claim(token: str, user_id: int | None, *, again: bool = True) -> EarlierUse | None:
    """Use `token` in this transaction. None when it is ours now; the earlier use when a committed request had it."""
    session = db.session()
    try:
        with session.begin_nested():
            session.add(UsedFormToken(token=token, user_id=user_id))
    except IntegrityError:
        earlier = session.scalar(select(UsedFormToken).where(UsedFormToken.token == token))
        if earlier is None:  # deleted in between (expired): the token is free again
            return claim(token, user_id, again=False) if again else EarlierUse(None, None, None)
        return EarlierUse(earlier.user_id, earlier.record_type, earlier.record_id)
    session.info[_CLAIMED] = token
    return None


def purge_expired(now: datetime | None = None) -> int:
    """Delete the tokens no form can bring any more; returns how many."""
    keep = timedelta(seconds=current_app.config["FORM_TOKEN_KEEP_SECONDS"])
    result = db.session.execute(delete(UsedFormToken).where(UsedFormToken.used_at < (now or utcnow()) - keep))
    return result.rowcount or 0


def _single_id(obj) -> int | None:
    keys = inspect(obj).mapper.primary_key_from_instance(obj)
    return keys[0] if len(keys) == 1 and isinstance(keys[0], int) else None


def _candidates(session: Session):
    """(rank, type, id) of what this flush created or changed; the lowest rank names the record the form made."""
    for rank_offset, objects in ((0, session.new), (3, session.dirty)):
        for obj in objects:
            if isinstance(obj, UsedFormToken) or (record_id := _single_id(obj)) is None:
                continue
            if isinstance(obj, Audited):
                parent = obj.audit_parent()
                if parent is None:
                    yield rank_offset, obj.audit_type(), record_id
                elif parent[1] is not None:
                    yield rank_offset + 1, parent[0], parent[1]
            elif rank_offset == 0:
                yield 2, type(obj).__name__.lower(), record_id


def _note_record(session: Session, _flush_context) -> None:
    if _CLAIMED not in session.info:
        return
    best = session.info.get(_MADE)
    for found in _candidates(session):
        if best is None or found[0] < best[0]:
            best = found
    if best is not None:
        session.info[_MADE] = best


def _store_record(session: Session) -> None:
    token = session.info.get(_CLAIMED)
    if token is None:
        return
    session.flush()  # what the view has not flushed yet is part of the record too
    made = session.info.get(_MADE)
    if made is not None:
        statement = update(UsedFormToken).where(UsedFormToken.token == token)
        session.connection().execute(statement.values(record_type=made[1], record_id=made[2]))


def _forget(session: Session, transaction) -> None:
    if transaction.parent is None:  # the request's transaction ended (commit or rollback), not a savepoint
        session.info.pop(_CLAIMED, None)
        session.info.pop(_MADE, None)


def install() -> None:
    for name, listener in (("after_flush", _note_record), ("before_commit", _store_record),
                           ("after_transaction_end", _forget)):  # fmt: skip
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
