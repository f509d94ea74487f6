"""The save step of a view: one service call, one commit, or the business rule's message where the user sees it.

    if form.validate_on_submit() and saved(lambda: services.deactivate_user(user, acting_user=current_user), form):
        flash(...)
        return redirect(...)

A `ServiceError` rolls the session back and shows its message: on the form (its field, or the form's own errors)
when there is one, else as an error flash. Anything else (a `ConflictError`, a bug) passes to the caller untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import flash

from crm.common.errors import ServiceError
from crm.extensions import db

T = TypeVar("T")


def saved(write: Callable[[], object], form: Any = None) -> bool:
    """Run `write` (one service call) and commit: True once it is stored, False when a business rule refused it."""
    try:
        write()
    except ServiceError as error:
        db.session.rollback()
        if form is None:
            flash(str(error.message), "error")
        else:
            error.attach_to(form)
        return False
    db.session.commit()
    return True


def made(make: Callable[[], T], form: Any = None) -> T | None:
    """As `saved`, for a write that returns the record it made (to lead to its page): that record, or None."""
    records: list[T] = []
    return records[0] if saved(lambda: records.append(make()), form) else None
