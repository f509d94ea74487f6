"""Personal access tokens and the answers kept for Idempotency-Key retries (webhooks: crm/webhooks/models.py)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.audit.models import Audited
from crm.common.labels import ENTITY_LABELS, FIELD_LABELS
from crm.common.time import utcnow
from crm.extensions import db

if TYPE_CHECKING:
    from crm.auth.models import User

# What the history and the audit log call these records and their fields (crm/common/labels.py is the table).
ENTITY_LABELS.update({"api_token": _l("API token")})
for _field, _label in (("prefix", _l("Token start")), ("scope", _l("May")), ("expires_at", _l("Valid until"))):
    FIELD_LABELS.setdefault(_field, _label)


class TokenScope:
    READ = "read"
    WRITE = "write"


class ApiToken(Audited, db.Model):
    """A personal access token: acts as its user (role and object rights), never more. Only its hash is stored."""

    __tablename__ = "api_tokens"
    __audit_type__ = "api_token"
    __audit_exclude__ = frozenset({"token_hash", "last_used_at"})

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # SHA-256 of the token: the token is 256 random bits, so a fast hash is enough (nothing to brute-force).
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))  # the first characters, shown so people can tell tokens apart
    scope: Mapped[str] = mapped_column(String(10), default=TokenScope.READ)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    def __str__(self) -> str:
        return self.name

    @property
    def may_write(self) -> bool:
        return self.scope == TokenScope.WRITE

    def is_usable(self, moment: datetime) -> bool:
        if self.revoked_at is not None or (self.expires_at is not None and self.expires_at <= moment):
            return False
        return bool(self.user and self.user.active)


class IdempotentAnswer(db.Model):
    """The answer to a POST sent with an Idempotency-Key, kept per token: a retry gets it again, made once."""

    __tablename__ = "api_idempotent_answers"
    __table_args__ = (UniqueConstraint("token_id", "key", name="uq_api_idempotent_answers_token_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_tokens.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))  # method, path and body: the same key with another body is 422
    status_code: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
