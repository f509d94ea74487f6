"""How long a sign-in lasts.

Flask-Login's id for a user is `id:session_token` (User.get_id); rotating the token (sign-out, a new password, a
second factor switched on or off, deactivation) ends every session of that user, on every device, including a
copied cookie. Each session also ends after SESSION_IDLE_MINUTES without a request, and SESSION_LIFETIME_SECONDS after
signing in whatever happens. "Keep me signed in" keeps the session cookie when the browser closes (within those
limits); there is no separate long-lived remember-me cookie.
"""

from __future__ import annotations

import time
from datetime import timedelta

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from crm.common.urls import safe_next

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen"
AUTHENTICATED_AT = "authenticated_at"  # the last time the password was checked (sign-in or re-authentication)
LAST_SEEN_RESOLUTION = 60  # seconds: the cookie is rewritten at most once a minute for activity


def now() -> int:
    return int(time.time())


def clear_keeping_language() -> None:
    """A brand-new session (no session fixation) that keeps only the chosen language."""
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language


def start(user, *, remember: bool) -> None:
    """Sign in on a brand-new session (no session fixation), keeping only the chosen language."""
    clear_keeping_language()
    session.permanent = bool(remember)
    login_user(user, remember=False)
    moment = now()
    session[SIGNED_IN_AT] = moment
    session[LAST_SEEN] = moment
    session[AUTHENTICATED_AT] = moment


def keep_this_session() -> None:
    """The user's session token rotated (their other sessions ended): keep this one, on its current timestamps."""
    login_user(current_user._get_current_object())


def end() -> None:
    """Sign out in this browser. The caller rotates the user's session token to end their other sessions too."""
    logout_user()
    clear_keeping_language()


def _lifetime_seconds() -> int:
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
    return int(lifetime.total_seconds() if isinstance(lifetime, timedelta) else lifetime)


def expire_idle_session():
    """before_request: end a session that was idle too long or is older than its lifetime; note activity."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    if g.get("api_token") is not None:  # an API token is no session: it has its own expiry
        return None
    moment = now()
    last_seen = session.get(LAST_SEEN)
    signed_in_at = session.get(SIGNED_IN_AT)
    idle_minutes = current_app.config["SESSION_IDLE_MINUTES"]
    if not isinstance(last_seen, int) or not isinstance(signed_in_at, int):
        end()  # a session from before these limits (or tampered with): sign in again
    elif moment - last_seen > idle_minutes * 60:
        end()
        flash(_("You were signed out after %(minutes)d minutes without activity. Sign in again.",
                minutes=idle_minutes), "info")  # fmt: skip
    elif moment - signed_in_at > _lifetime_seconds():
        end()
        flash(_("Your sign-in has expired. Sign in again."), "info")
    else:
        if moment - last_seen >= LAST_SEEN_RESOLUTION:
            session[LAST_SEEN] = moment
        return None
    return redirect_to_login(quiet=True)


def redirect_to_login(*, quiet: bool = False):
    """The login page, remembering a safe way back (a GET page; a form's data cannot be replayed)."""
    target = request.full_path if request.method == "GET" else None
    if target and target.endswith("?"):
        target = target[:-1]
    if target == "/":
        target = None
    elif not quiet:
        flash(_("Please sign in to see this page."), "info")
    return redirect(url_for("auth.login", next=safe_next(target, "") or None))
