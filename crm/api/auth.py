"""Who calls the API: a personal access token in `Authorization: Bearer …`, never the session cookie.

The API ignores the session, so a page on another site cannot make a signed-in browser call it: that is why its
routes may be exempt from CSRF. A token acts as its user, with the user's role and object rights; a read-only token
only reads; a token of a deactivated user, an expired or a revoked one answers 401.
"""

from __future__ import annotations

from flask import g, request
from flask_babel import lazy_gettext as _l

from crm.api import tokens
from crm.api.problems import ApiProblem
from crm.auth.queries import load_user_for_session
from crm.common.time import utcnow
from crm.extensions import READ_ONLY_METHODS

API_PREFIX = "/api/"


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def load_session_user(login_id: str):
    """Flask-Login's session loader, except under /api/: there only a token counts."""
    if is_api_request():
        return None
    return load_user_for_session(login_id)


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def load_token_user(_request):
    """Flask-Login's request loader: the token's user, for API requests only."""
    if not is_api_request():
        return None
    plain = _bearer()
    if plain is None:
        return None
    token = tokens.token_by_plain(plain)
    if token is None or not token.is_usable(utcnow()):
        g.api_token_refused = True
        return None
    g.api_token = token
    return token.user


def unauthorized():
    """401 for the API: no token, or one that is unknown, expired, revoked or of a deactivated user."""
    detail = (
        _l("This token is not valid: it is unknown, expired or revoked, or its user was deactivated.")
        if g.get("api_token_refused")
        else _l("Send a personal access token: Authorization: Bearer <token>. Make one under My account.")
    )
    raise ApiProblem(401, _l("Not signed in"), detail, headers={"WWW-Authenticate": 'Bearer realm="bondgenoot"'})


def refuse_writes_of_read_only_tokens() -> None:
    """before_request of the API blueprints: a read-only token never changes anything."""
    token = g.get("api_token")
    if token is not None and request.method not in READ_ONLY_METHODS and not token.may_write:
        raise ApiProblem(403, _l("No access"), _l("This token may only read. Make a token that may read and write."))
