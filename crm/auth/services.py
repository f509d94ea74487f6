"""Writes for users: create, update, passwords, (de)activation, authentication."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from crm.auth.models import User, new_session_token
from crm.auth.passwords import hash_password, needs_rehash, verify_password
from crm.auth.queries import count_active_admins, user_by_email
from crm.common.errors import ServiceError
from crm.common.locking import ensure_current_version
from crm.common.time import utcnow
from crm.extensions import db
from crm.permissions import Role


def _normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(*, email: str, name: str, role: str, password: str, language: str = "nl") -> User:
    email = _normalise_email(email)
    if user_by_email(email) is not None:
        raise ServiceError(_l("A user with this email address already exists."), field="email")
    user = User(
        email=email,
        name=name.strip(),
        role=Role(role).value,
        language=language,
        password_hash=hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    return user


def update_user(
    user: User,
    *,
    email: str,
    name: str,
    role: str,
    language: str,
    expected_version: int | None,
    template_editor: bool | None = None,
) -> User:
    ensure_current_version(user, expected_version)
    email = _normalise_email(email)
    other = user_by_email(email)
    if other is not None and other.id != user.id:
        raise ServiceError(_l("A user with this email address already exists."), field="email")
    if user.role == Role.ADMIN and role != Role.ADMIN and count_active_admins(excluding=user.id) == 0:
        raise ServiceError(_l("There must always be at least one active administrator."), field="role")
    user.email = email
    user.name = name.strip()
    user.role = Role(role).value
    user.language = language
    if template_editor is not None:
        user.template_editor = template_editor
    db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    """Sets the password and ends every other session of this user."""
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()
    db.session.flush()


def change_own_password(user: User, *, current_password: str, new_password: str) -> None:
    if not verify_password(user.password_hash, current_password):
        raise ServiceError(_l("Your current password is not correct."), field="current_password")
    set_password(user, new_password)


def password_matches(user: User, password: str) -> bool:
    """Re-authentication: is this the user's password (same work as signing in)."""
    return verify_password(user.password_hash, password or "")


def end_all_sessions(user: User) -> None:
    """Signing out ends every session of this user, on every device (the session token is part of the login id)."""
    user.session_token = new_session_token()
    db.session.flush()


def update_profile(user: User, *, name: str, language: str, keyboard_shortcuts: bool | None = None) -> None:
    user.name = name.strip()
    user.language = language
    if keyboard_shortcuts is not None:
        user.keyboard_shortcuts = keyboard_shortcuts
    db.session.flush()


def deactivate_user(user: User, *, acting_user: User) -> None:
    if user.id == acting_user.id:
        raise ServiceError(_l("You cannot deactivate your own account."))
    if user.role == Role.ADMIN and count_active_admins(excluding=user.id) == 0:
        raise ServiceError(_l("There must always be at least one active administrator."))
    user.active = False
    user.session_token = new_session_token()
    db.session.flush()


def activate_user(user: User) -> None:
    user.active = True
    db.session.flush()


def authenticate(email: str, password: str) -> User | None:
    """The user for these credentials, or None. Same work and same answer for unknown and wrong."""
    user = user_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    db.session.flush()
    return user
