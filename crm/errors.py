"""Error pages: Dutch (or the user's language), no tracebacks, JSON for API-style requests.

A part of the app that answers errors under its own paths in its own format (the API: problem details under
/api/) registers that with `answer_errors_under`; this module knows no such part."""

from __future__ import annotations

from collections.abc import Callable

from babel.lists import format_list
from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from werkzeug.exceptions import HTTPException, InternalServerError

from crm.permissions import PERMISSION_LABELS, ROLE_LABELS, Role, has_permission, roles_with

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be processed. Check what you entered and try again.")),
    403: (_l("No access"), _l("You do not have permission to do this.")),
    404: (_l("Not found"), _l("This page does not exist (any more). Check the address or use the search.")),
    405: (_l("Not allowed"), _l("This action cannot be performed this way.")),
    409: (_l("Conflict"), _l("Someone else changed this record in the meantime.")),
    413: (_l("Too large"), _l("What you sent is too large. Shorten the text or choose a smaller file.")),
    429: (_l("Too many attempts"), _l("Too many attempts in a short time. Wait a minute and try again.")),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error occurred. It has been logged; please try again."),
    ),
}
CSRF_MESSAGE = _l(
    "Your form has expired or did not come from this site. Go back, reload the page and submit it again; "
    "nothing has been saved."
)


def answer_errors_under(app: Flask, prefix: str, answer: Callable[[Exception], object]) -> None:
    """Errors of requests whose path starts with `prefix` are answered by `answer` (never a web page)."""
    app.extensions.setdefault("error_answerers", {})[prefix] = answer


def _own_answer() -> Callable[[Exception], object] | None:
    for prefix, answer in current_app.extensions.get("error_answerers", {}).items():
        if request.path.startswith(prefix):
            return answer
    return None


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return _own_answer() is not None or (best == "application/json" and request.accept_mimetypes[best] > 0)


def render_error(code: int, message: str | None = None):
    title, default_message = MESSAGES.get(code, MESSAGES[500])
    text = message or default_message
    if _wants_json():
        return jsonify(error=str(title), message=str(text)), code
    try:
        return render_template("errors/error.html", code=code, title=title, message=text), code
    except Exception:  # the error page itself failed (e.g. the database is down): answer plainly
        current_app.logger.exception("Error page %s could not be rendered", code)
        body = f"<!doctype html><title>{escape(title)}</title><h1>{escape(title)}</h1><p>{escape(text)}</p>"
        return body, code


def _either(items: list[str]) -> str:
    """ "Beheerder of Directeur", "Anna, Bert of Cees": a list joined the way the user's language says "or"."""
    return format_list(items, style="or", locale=str(get_locale() or "nl"))


def _administrators() -> list[str]:
    from crm.auth.queries import active_admin_names

    try:
        return active_admin_names()
    except Exception:  # the database is unreachable: the page still says what it can
        current_app.logger.exception("The administrators could not be read for the 403 page")
        return []


def forbidden_message(error: HTTPException) -> str:
    """What a signed-in user reads on a 403: which role may do this (when the refusal was about a role), their own
    role, and the administrators to ask. Anonymous visitors get the plain sentence: no names of staff."""
    if not current_user.is_authenticated:
        return str(MESSAGES[403][1])
    permission = getattr(error, "permission", None)
    parts = []
    if permission is not None and not has_permission(current_user, permission):
        roles = _either([str(ROLE_LABELS[role]) for role in roles_with(permission)])
        what = str(PERMISSION_LABELS[permission])
        if getattr(error, "owner_may", False):
            parts.append(_("Only someone with the role %(roles)s, or the colleague it belongs to, may do this: "
                           "%(what)s.", roles=roles, what=what))  # fmt: skip
        else:
            parts.append(_("Only someone with the role %(roles)s may do this: %(what)s.", roles=roles, what=what))
        parts.append(_("Your role is %(role)s.", role=ROLE_LABELS[Role(current_user.role)]))
    else:
        parts.append(str(MESSAGES[403][1]))
    administrators = _administrators()
    if administrators:
        parts.append(_("Ask an administrator if you need it: %(names)s.", names=_either(administrators)))
    else:
        parts.append(_("Ask an administrator of Bondgenoot if you need it."))
    return " ".join(parts)


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error):
        return render_error(400, CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        answer = _own_answer()
        if answer is not None:
            return answer(error)  # the API's problem details (RFC 9457)
        if error.code == 429:
            custom = getattr(getattr(error, "limit", None), "error_message", None)
            return render_error(429, error.description if custom else None)
        if error.code == 403:
            return render_error(403, forbidden_message(error))
        return render_error(error.code if error.code in MESSAGES else 400)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return _http(error)
        answer = _own_answer()
        if answer is not None:
            return answer(error)
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        from crm.extensions import db

        db.session.rollback()
        return render_error(500)

    @app.errorhandler(InternalServerError)
    def _internal(error):
        return render_error(500)
