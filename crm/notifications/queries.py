"""Reading notifications, settings and follows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from crm.extensions import db
from crm.notifications.kinds import KINDS
from crm.notifications.models import EmailDelivery, Follow, Notification


def unread_count_query(user_id: int):
    """The bell's number as a scalar subquery (the navigation reads it with the open actions, in one statement)."""
    return (
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .scalar_subquery()
    )


@dataclass(frozen=True)
class NotificationFilters:
    kind: str = ""
    state: str = ""  # "" (all), "unread", "read"

    @classmethod
    def from_args(cls, args) -> NotificationFilters:
        kind = args.get("kind", "")
        state = args.get("state", "")
        return cls(kind if kind in {k.value for k in KINDS} else "", state if state in ("unread", "read") else "")

    @property
    def active(self) -> bool:
        return bool(self.kind or self.state)


def notifications_query(user_id: int, filters: NotificationFilters) -> Select:
    query = select(Notification).options(joinedload(Notification.email)).where(Notification.user_id == user_id)
    if filters.kind:
        query = query.where(Notification.kind == filters.kind)
    if filters.state == "unread":
        query = query.where(Notification.read_at.is_(None))
    elif filters.state == "read":
        query = query.where(Notification.read_at.is_not(None))
    return query.order_by(Notification.created_at.desc(), Notification.id.desc())


def failed_digests(user_id: int, limit: int = 5) -> list[EmailDelivery]:
    """Digests that could not be sent (shown on the notifications page)."""
    return list(
        db.session.scalars(
            select(EmailDelivery)
            .where(
                EmailDelivery.user_id == user_id,
                EmailDelivery.status == "failed",
                EmailDelivery.purpose != "notification",
            )
            .order_by(EmailDelivery.created_at.desc())
            .limit(limit)
        )
    )


def follows(user_id: int, target_type: str, target_id: int) -> bool:
    return (
        db.session.scalar(
            select(Follow.id).where(
                Follow.user_id == user_id, Follow.target_type == target_type, Follow.target_id == target_id
            )
        )
        is not None
    )


def about_records(record_type: str, record_ids: list[int]) -> list[Notification]:
    """Notifications about these records (a privacy erasure rewrites the names in them)."""
    if not record_ids:
        return []
    return list(db.session.scalars(
        select(Notification).where(Notification.record_type == record_type, Notification.record_id.in_(record_ids))
    ))  # fmt: skip


def target_name(target_type: str, target_id: int) -> str | None:
    """The followed record's name; None when there is no such dossier, coalition or organisation."""
    from crm.coalitions.models import Coalition, Dossier
    from crm.partners.models import Organisation

    model = {"dossier": Dossier, "coalition": Coalition, "organisation": Organisation}.get(target_type)
    record = db.session.get(model, target_id) if model is not None else None
    if record is None:
        return None
    return getattr(record, "title", None) or record.name
