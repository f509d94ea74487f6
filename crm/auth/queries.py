"""Reads for users."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from crm.auth.models import User
from crm.common.text import escape_like
from crm.extensions import db
from crm.permissions import ACTING_ROLES, Role


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def load_user_for_session(login_id: str) -> User | None:
    """Flask-Login loader: the id carries a session token, so rotated tokens end old sessions."""
    user_id, _, token = login_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def active_users() -> list[User]:
    return list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)))


def active_admin_names() -> list[str]:
    """Whom to ask for access: the names of the active administrators, in name order."""
    query = select(User.name).where(User.active.is_(True), User.role == Role.ADMIN.value).order_by(User.name)
    return list(db.session.scalars(query))


def colleagues_who_act(include: list[int] | None = None) -> list[User]:
    """Active users who may do the work, not read-only ones: the owners of follow-ups, the colleagues who take part
    in a contact. Plus the read-only ones in `include` (already chosen), so an edit never silently drops one."""
    acting = User.role.in_([role.value for role in ACTING_ROLES])
    query = select(User).where(User.active.is_(True), or_(acting, User.id.in_(include)) if include else acting)
    return list(db.session.scalars(query.order_by(User.name)))


def count_active_admins(excluding: int | None = None) -> int:
    query = select(func.count()).select_from(User).where(User.active.is_(True), User.role == Role.ADMIN.value)
    if excluding is not None:
        query = query.where(User.id != excluding)
    return db.session.scalar(query) or 0


def users_query(search: str = "", role: str = "", status: str = "active"):
    query = select(User)
    if search:
        pattern = f"%{escape_like(search.lower())}%"
        query = query.where(
            or_(func.lower(User.name).like(pattern, escape="\\"), User.email.like(pattern, escape="\\"))
        )
    if role in {r.value for r in Role}:
        query = query.where(User.role == role)
    if status == "active":
        query = query.where(User.active.is_(True))
    elif status == "inactive":
        query = query.where(User.active.is_(False))
    return query.order_by(func.lower(User.name), User.id)
