"""Personal access tokens: made (shown once), found by their hash, revoked. Services flush; the view commits."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from crm.api.models import ApiToken, TokenScope
from crm.common.errors import ServiceError
from crm.common.time import utcnow
from crm.extensions import db
from crm.permissions import has_permission, refuse

TOKEN_PREFIX = "bg_"  # noqa: S105 (a marker that tells a token apart in logs and secret scanners)
LAST_USED_RESOLUTION = timedelta(minutes=1)  # no write on every request: a minute is precise enough to show


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user, *, name: str, scope: str, expires_at: datetime | None) -> tuple[ApiToken, str]:
    """A new token for this user; returns the row and the token itself (shown once, never stored)."""
    if scope not in (TokenScope.READ, TokenScope.WRITE):
        raise ServiceError(_l("Choose read-only or read and write."), field="scope")
    if expires_at is not None and expires_at <= utcnow():
        raise ServiceError(_l("Choose an expiry date in the future."), field="expires_on")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip(), scope=scope, expires_at=expires_at,
                     token_hash=hash_token(plain), prefix=plain[:10])  # fmt: skip
    db.session.add(token)
    db.session.flush()
    return token, plain


def revoke_token(token: ApiToken, *, actor) -> None:
    """Its owner, or an administrator, revokes it; a revoked token answers 401 from then on."""
    if token.user_id != actor.id and not has_permission(actor, "integrations.manage"):
        refuse("integrations.manage", owner_may=True)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()


def token_by_plain(plain: str) -> ApiToken | None:
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 200:
        return None
    return db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(plain)))


def note_use(token: ApiToken) -> None:
    moment = utcnow()
    if token.last_used_at is None or moment - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = moment
        db.session.flush()


def tokens_of(user) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())))


def all_tokens() -> list[ApiToken]:
    query = select(ApiToken).options(joinedload(ApiToken.user)).order_by(ApiToken.id.desc())
    return list(db.session.scalars(query))


def get_token(token_id: int) -> ApiToken | None:
    return db.session.get(ApiToken, token_id)
