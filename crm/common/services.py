"""Write steps every domain's services share. Like the services, they flush; the caller commits once."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from crm.extensions import db

T = TypeVar("T")
D = TypeVar("D")
P = ParamSpec("P")


def without_autoflush(fill: Callable[P, T]) -> Callable[P, T]:
    """For a function that fills a record in steps: the queries it runs meanwhile must not flush the half-filled
    record (a required column still empty, a relation half set)."""

    @functools.wraps(fill)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        with db.session.no_autoflush:
            return fill(*args, **kwargs)

    return run


def created(record: T, apply: Callable[[T, D], object], data: D) -> T:
    """A new record: `apply` the input `data` to it, add it to the session and flush, so that it has its id."""
    apply(record, data)
    db.session.add(record)
    db.session.flush()
    return record


def get_or_add(model: type[T], **key: Any) -> T:
    """The row of this primary key (by column name); a new one, added to the session, when there is none yet."""
    row = db.session.get(model, key)
    if row is None:
        row = model(**key)
        db.session.add(row)
    return row
