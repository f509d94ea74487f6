"""Who is acting: the logged-in user in a request, or a named actor for CLI commands and jobs."""

from __future__ import annotations

import contextvars
from contextlib import AbstractContextManager

from flask import g, has_request_context

from crm.common.contexts import temporarily

_actor: contextvars.ContextVar[tuple[int | None, str] | None] = contextvars.ContextVar("audit_actor", default=None)
_enabled: contextvars.ContextVar[bool] = contextvars.ContextVar("audit_enabled", default=True)


def acting_as(label: str, actor_id: int | None = None) -> AbstractContextManager[None]:
    return temporarily(_actor, (actor_id, label))


def auditing_disabled() -> AbstractContextManager[None]:
    """Only for bulk benchmark data: the trail of generated rows has no value."""
    return temporarily(_enabled, False)


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
