"""Raising notifications, each user's channel per kind, following records, marking notifications read.

`raise_notification` is the one door: the domains call it (through crm/notifications/events.py) where something
happens. It never notifies the actor of their own action, makes one row per idempotency key (an event raised twice
is one notification), and for the kinds set to "immediately by e-mail" records the e-mail and queues the job that
sends it (started after the commit, see `start_queued_mail`).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from contextvars import ContextVar
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from crm.audit.context import current_actor
from crm.auth.models import User
from crm.common.contexts import temporarily
from crm.common.errors import ServiceError
from crm.common.time import utcnow
from crm.extensions import db
from crm.mail.sending import mail_configured
from crm.notifications.emails import ALL_DIGEST_KINDS
from crm.notifications.kinds import DIGEST_ONLY, KINDS, Channel, Kind
from crm.notifications.models import EmailDelivery, Follow, FollowTarget, Notification, NotificationSetting

PENDING_JOBS = "notification_jobs"  # session.info: e-mail jobs to start once the transaction is committed
EMAIL_KIND = "notification_email"  # the job that sends one notification's e-mail (crm/notifications/tasks.py)
_paused: ContextVar[bool] = ContextVar("notifications_paused", default=False)


def paused() -> AbstractContextManager[None]:
    """Raise nothing meanwhile: loading the demo data (its hundreds of contacts are history, not news)."""
    return temporarily(_paused, True)


def channel_for(user_id: int, kind: str) -> Channel:
    setting = db.session.scalar(
        select(NotificationSetting.channel).where(
            NotificationSetting.user_id == user_id, NotificationSetting.kind == kind
        )
    )
    return Channel(setting) if setting else KINDS[Kind(kind)].default


def channels_of(user_id: int) -> dict[str, Channel]:
    """Every kind's channel for this user (one statement)."""
    chosen = dict(
        db.session.execute(
            select(NotificationSetting.kind, NotificationSetting.channel).where(NotificationSetting.user_id == user_id)
        ).all()
    )
    return {kind.value: Channel(chosen.get(kind.value, info.default.value)) for kind, info in KINDS.items()}


def set_channel(user: User, kind: str, channel: str) -> None:
    if kind not in {k.value for k in KINDS} or channel not in {c.value for c in Channel}:
        raise ServiceError(_l("Choose one of the options."))
    row = db.session.scalar(
        select(NotificationSetting).where(NotificationSetting.user_id == user.id, NotificationSetting.kind == kind)
    )
    if row is None:
        db.session.add(NotificationSetting(user_id=user.id, kind=kind, channel=channel))
    else:
        row.channel = channel
    db.session.flush()


def raise_notification(
    user: User | None,
    kind: Kind,
    message: str,
    *,
    key: str,
    params: dict[str, Any],
    url: str,
    record: tuple[str, int] | None = None,
) -> Notification | None:
    """Tell `user` that something happened. None when it is not for them (their own action, an inactive account, a
    read-only colleague for kinds about work they cannot do, the kind switched off) or raised before (`key`)."""
    if user is None or not user.active or _paused.get():
        return None
    actor_id, _label = current_actor()
    if actor_id is not None and actor_id == user.id:
        return None  # never about one's own action
    channel = channel_for(user.id, kind)
    if channel == Channel.OFF:
        return None
    key = f"{kind}:{user.id}:{key}"[:200]
    if db.session.scalar(select(Notification.id).where(Notification.idempotency_key == key)) is not None:
        return None
    notification = Notification(
        user_id=user.id,
        kind=kind.value,
        message=message,
        params=params,
        url=url,
        channel=channel.value,
        idempotency_key=key,
        record_type=record[0] if record else None,
        record_id=record[1] if record else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(notification)
    except IntegrityError:  # another worker raised it at the same moment
        return None
    if channel == Channel.EMAIL and mail_configured():
        queue_email(notification)
    return notification


def queue_email(notification: Notification) -> EmailDelivery:
    """The e-mail of one notification, and the job that sends it (flushed; started after the commit)."""
    from crm.mail.messages import new_message_id
    from crm.tasks.services import new_job

    delivery = EmailDelivery(
        user_id=notification.user_id,
        purpose="notification",
        idempotency_key=f"notification:{notification.id}",
        message_id=new_message_id(),
    )
    db.session.add(delivery)
    db.session.flush()
    job = new_job(EMAIL_KIND, owner=None, arguments={"delivery_id": delivery.id}, total=1)
    job.not_before = utcnow()  # a message that never reached the queue is sent again by the sweeper
    delivery.job_id = job.id
    notification.email_id = delivery.id
    db.session.flush()
    db.session.info.setdefault(PENDING_JOBS, []).append(job.id)
    return delivery


def start_queued_mail() -> None:
    """Deliver the e-mail jobs raised in the transaction just committed (after a request, or by a job)."""
    from crm.tasks.queue import QueueUnavailable, task_queue

    pending = db.session.info.pop(PENDING_JOBS, [])
    if not pending:
        return
    # End the transaction a read after the caller's commit may have opened, so a job run in this process (the
    # test suite's immediate mode) is not nested in it; it holds no writes (the caller committed them).
    db.session.commit()
    for job_id in pending:
        try:
            task_queue().enqueue(job_id)
        except QueueUnavailable:  # the sweeper sends it once the storage is back
            return


def discard_queued_mail() -> None:
    db.session.info.pop(PENDING_JOBS, None)


# --- following -----------------------------------------------------------------------------------------------------


def follow(user: User, target_type: str, target_id: int, *, automatic: bool = False) -> bool:
    """Follow a record; False when the user already did."""
    FollowTarget(target_type)
    exists = db.session.scalar(
        select(Follow.id).where(
            Follow.user_id == user.id, Follow.target_type == target_type, Follow.target_id == target_id
        )
    )
    if exists is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(Follow(user_id=user.id, target_type=target_type, target_id=target_id, automatic=automatic))
    except IntegrityError:
        return False
    return True


def move_references(target_type: str, from_id: int, to_id: int) -> int:
    """A record merged into another (crm/merging): its follows and the notifications about it now point at the kept
    one. Follows point at records by type and id, so no foreign key carries them; a user who followed both keeps
    one follow. Flushes; returns the follows moved."""
    kept_by = set(
        db.session.scalars(select(Follow.user_id).where(Follow.target_type == target_type, Follow.target_id == to_id))
    )
    moved = 0
    for row in db.session.scalars(
        select(Follow).where(Follow.target_type == target_type, Follow.target_id == from_id)
    ).all():
        if row.user_id in kept_by:
            db.session.delete(row)
        else:
            row.target_id = to_id
            moved += 1
    db.session.execute(
        update(Notification)
        .where(Notification.record_type == target_type, Notification.record_id == from_id)
        .values(record_id=to_id)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return moved


def unfollow(user: User, target_type: str, target_id: int) -> bool:
    row = db.session.scalar(
        select(Follow).where(
            Follow.user_id == user.id, Follow.target_type == target_type, Follow.target_id == target_id
        )
    )
    if row is None:
        return False
    db.session.delete(row)
    db.session.flush()
    return True


# --- reading -------------------------------------------------------------------------------------------------------


def mark_read(user: User, notification_id: int) -> Notification | None:
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        return None
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()
    return notification


def mark_all_read(user: User) -> int:
    return db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount


def unsubscribe(user_id: int, kind: str) -> list[str]:
    """The one-click unsubscribe: this kind reaches the user in the app only (the weekly digest: off; the daily
    digest: every kind in it). Returns the kinds switched; empty for an unknown user or kind."""
    user = db.session.get(User, user_id)
    if user is None:
        return []
    if kind == ALL_DIGEST_KINDS:
        kinds = [k for k, channel in channels_of(user.id).items() if channel == Channel.DIGEST]
    elif kind in {k.value for k in KINDS}:
        kinds = [kind]
    else:
        return []
    for each in kinds:
        set_channel(user, each, (Channel.OFF if each in DIGEST_ONLY else Channel.APP).value)
    return kinds
