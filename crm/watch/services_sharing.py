"""Sending a debate preparation to colleagues: the document is stored once (the caller makes it), and each colleague
chosen is told through the notifications (crm/notifications/events.py: "preparation_shared"), which e-mail it through
the task queue unless they chose otherwise. Active colleagues only; the sender never sends it to themselves.
Services flush; the caller commits.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from crm.auth.models import User
from crm.common.errors import ServiceError
from crm.documents.models import GeneratedDocument
from crm.extensions import db
from crm.notifications import events

NOTE_LENGTH = 1000


def recipients(user_ids: list[int], *, sender: User) -> list[User]:
    """The colleagues named, checked before anything is made: a ServiceError for none, oneself, or an account that
    is not active (or does not exist)."""
    wanted = sorted(set(user_ids))
    if not wanted:
        raise ServiceError(_l("Choose at least one colleague."), field="user_ids")
    if sender.id in wanted:
        raise ServiceError(_l("You cannot send it to yourself."), field="user_ids")
    users = list(db.session.scalars(select(User).where(User.id.in_(wanted)).order_by(User.name, User.id)))
    inactive = [u.name for u in users if not u.active]
    if inactive or len(users) != len(wanted):
        raise ServiceError(
            _l("Only active colleagues can receive it; not: %(names)s.", names=", ".join(inactive) or "?"),
            field="user_ids",
        )
    return users


def share(document: GeneratedDocument, users: list[User], *, sender: User, note: str = "") -> int:
    """Tell each colleague about the document (one notification each, by e-mail as they chose). Returns how many
    were told now (a colleague told about this document before is not told again)."""
    note = (note or "").strip()[:NOTE_LENGTH]
    told = events.preparation_shared(document, [u for u in users if u.id != sender.id], sender, note)
    db.session.flush()
    return told
