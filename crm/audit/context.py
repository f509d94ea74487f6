"""Who is acting: the logged-in user in a request, or a named actor for CLI commands and jobs."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from flask import g, has_request_context

_actor: contextvars.ContextVar[tuple[int | None, str] | None] = contextvars.ContextVar("audit_actor", default=None)
_enabled: contextvars.ContextVar[bool] = contextvars.ContextVar("audit_enabled", default=True)


@contextmanager
def acting_as(label: str, actor_id: int | None = None) -> Iterator[None]:
    token = _actor.set((actor_id, label))
    try:
        yield
    finally:
        _actor.reset(token)


@contextmanager
def auditing_disabled() -> Iterator[None]:
    """Only for bulk benchmark data: the trail of generated rows has no value."""
    token = _enabled.set(False)
    try:
        yield
    finally:
        _enabled.reset(token)


def auditing_enabled() -> bool:
    return _enabled.get()


def current_actor() -> tuple[int | None, str]:
    explicit = _actor.get()
    if explicit is not None:
        return explicit
    if has_request_context() and g.get("audit_actor"):
        return g.audit_actor
    return None, "system"


def set_request_actor(actor_id: int, label: str) -> None:
    """Called once per request by the auth layer, so the flush listener never touches ORM state."""
    g.audit_actor = (actor_id, label)
