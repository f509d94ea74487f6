from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String, false, true
from sqlalchemy.orm import Mapped, mapped_column

from crm.audit.models import Audited
from crm.common.choices import choices
from crm.common.models import TimestampMixin, VersionedMixin
from crm.extensions import db
from crm.permissions import Role


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, Audited, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "users"
    __audit_exclude__ = frozenset(
        {"password_hash", "session_token", "last_login_at", "totp_secret", "totp_last_counter"}
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.VIEWER.value, info=choices(Role))
    language: Mapped[str] = mapped_column(String(5), default="nl")
    active: Mapped[bool] = mapped_column(default=True)
    # Single-key shortcuts ("c", "/") can be switched off: speech-input users trigger them by accident (WCAG 2.1.4).
    keyboard_shortcuts: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Editors an administrator trusts with the shared document templates (see permissions.can_manage_templates).
    template_editor: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Part of the login id: rotating it ends every session of this user (password change, deactivation).
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    last_login_at: Mapped[datetime | None]
    # Two-factor sign-in (TOTP): the secret sealed with a key derived from SECRET_KEY (crm/auth/sealing.py); set but
    # not enabled while the user is enrolling. The last accepted time step refuses a code used twice.
    totp_secret: Mapped[str | None] = mapped_column(String(255))
    totp_enabled_at: Mapped[datetime | None]
    totp_last_counter: Mapped[int | None]

    def __str__(self) -> str:
        return self.name or self.email

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def get_id(self) -> str:  # Flask-Login
        return f"{self.id}:{self.session_token}"

    @property
    def has_second_factor(self) -> bool:
        return self.totp_enabled_at is not None

    role_label = Role.label_property("role")

    @property
    def initials(self) -> str:
        parts = [p for p in (self.name or self.email).replace(".", " ").split() if p]
        return "".join(p[0] for p in parts[:2]).upper()
