"""Between the password and the code: who is signing in, kept in the session for a few minutes, not signed in yet."""

from __future__ import annotations

from typing import Any

from flask import session
from flask_limiter.util import get_remote_address

from crm.auth.models import User
from crm.auth.queries import get_user
from crm.auth.sessions import clear_keeping_language, now

PENDING = "two_factor_pending"
MAX_AGE_SECONDS = 5 * 60


def begin(user: User, *, remember: bool, next_url: str) -> None:
    clear_keeping_language()
    session[PENDING] = {
        "user": user.id,
        "token": user.session_token,
        "at": now(),
        "remember": bool(remember),
        "next": next_url,
    }


def _state() -> dict[str, Any] | None:
    state = session.get(PENDING)
    if not isinstance(state, dict) or not isinstance(state.get("at"), int) or not isinstance(state.get("user"), int):
        return None
    if now() - state["at"] > MAX_AGE_SECONDS:
        session.pop(PENDING, None)
        return None
    return state


def pending_user() -> User | None:
    """The user whose password was right a moment ago, while that is still valid (same token, active, has 2FA)."""
    state = _state()
    if state is None:
        return None
    user = get_user(state["user"])
    if user is None or not user.active or user.session_token != state.get("token") or not user.has_second_factor:
        return None
    return user


def finish() -> tuple[bool, str]:
    """Ends the pending state: (remember, next) as chosen on the login page."""
    state = session.pop(PENDING, None) or {}
    return bool(state.get("remember")), str(state.get("next") or "")


def rate_limit_key() -> str:
    """Codes are limited per account being signed in to (and per address otherwise), whatever the client's IP."""
    state = _state()
    return f"totp-user:{state['user']}" if state else f"totp-ip:{get_remote_address()}"
