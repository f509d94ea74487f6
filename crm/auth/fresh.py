"""Sensitive actions need a fresh sign-in.

Decorate a view with `@recent_login_required` (below the route and `@requires(...)` decorators):

    @bp.route("/privacy/<int:person_id>/erase", methods=["GET", "POST"])
    @requires("privacy.manage")
    @recent_login_required
    def erase(person_id): ...

When the user's last password check (signing in, or the re-authentication page) is older than RECENT_LOGIN_MINUTES
(default 15), the view does not run: the user is sent to `/reauth?next=…`, enters the password again, and comes back
to the page (a GET page: for a refused POST, the form page it came from; nothing was changed). Used for changing
one's own password or second factor, every user-management write and everything under /privacy/.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _

from crm.auth.sessions import AUTHENTICATED_AT, now
from crm.common.urls import safe_next

F = TypeVar("F", bound=Callable[..., Any])
MARKER = "recent_login_required"


def mark_recent() -> None:
    """The user has just proven who they are (password checked)."""
    session[AUTHENTICATED_AT] = now()


def is_recent() -> bool:
    moment = session.get(AUTHENTICATED_AT)
    if not isinstance(moment, int):
        return False
    return now() - moment <= current_app.config["RECENT_LOGIN_MINUTES"] * 60


def _way_back() -> str | None:
    """Where to return after re-authenticating: this page for a GET; for a POST the form page it came from."""
    if request.method == "GET":
        target = request.full_path.removesuffix("?")
    elif request.url_rule is not None and "GET" in request.url_rule.methods:
        target = request.path
    else:
        referrer = urlsplit(request.referrer or "")
        same_site = referrer.netloc == request.host
        target = (referrer.path + (f"?{referrer.query}" if referrer.query else "")) if same_site else None
    return safe_next(target, "") or None


def recent_login_required(view: F) -> F:
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not is_recent():
            flash(_("For your security, enter your password again to continue."), "info")
            return redirect(url_for("auth.reauthenticate", next=_way_back()))
        return view(*args, **kwargs)

    setattr(wrapper, MARKER, True)
    return wrapper  # type: ignore[return-value]
