"""The daily digest (each user's notifications set to "digest", not yet in one) and the weekly digest for directors
(what moved in the week, counted by crm/dashboard/week.py with the dashboard's own query functions so the numbers
are the dashboard's).

A Plan says who gets one, makes (once) the delivery row of a user's digest and builds its message. The daily digest
claims its notifications in the same commit that makes its delivery row, so a notification is in one digest only,
and a rerun sends that same digest, never a second one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from crm.auth.models import User
from crm.common.time import today, utcnow
from crm.extensions import db
from crm.notifications.emails import ALL_DIGEST_KINDS, WEEKLY, compose, outside_request
from crm.notifications.kinds import Channel
from crm.notifications.models import DeliveryStatus, EmailDelivery, Notification
from crm.notifications.services import channels_of
from crm.permissions import Role
from crm.tasks.models import Job

UNSENT = (DeliveryStatus.QUEUED.value, DeliveryStatus.SENDING.value)


def day_of(job: Job) -> date:
    value = (job.arguments or {}).get("day")
    return date.fromisoformat(value) if value else today()


class Plan:
    purpose = ""  # also the name of the e-mail's templates
    unsubscribe_kind = ""  # what the e-mail's unsubscribe link turns off

    def __init__(self, day: date):
        self.day = day

    @property
    def period(self) -> str:
        return self.day.isoformat()

    def key(self, user: User) -> str:
        return f"{self.purpose}:{self.period}:{user.id}"

    def recipients(self) -> list[User]:
        raise NotImplementedError

    def _existing(self, user: User) -> EmailDelivery | None:
        return db.session.scalar(select(EmailDelivery).where(EmailDelivery.idempotency_key == self.key(user)))

    def delivery_for(self, user: User) -> EmailDelivery | None:
        """The user's delivery of this period, made now if it is not made yet; None when there is nothing to send."""
        from crm.mail.messages import new_message_id

        existing = self._existing(user)
        if existing is not None:
            return existing
        delivery = EmailDelivery(
            user_id=user.id,
            purpose=self.purpose,
            idempotency_key=self.key(user),
            period=self.period,
            message_id=new_message_id(),
        )
        try:
            db.session.add(delivery)
            db.session.flush()
            if not self.claim(delivery):
                db.session.rollback()
                return None
            db.session.commit()
        except IntegrityError:  # another run made it a moment ago
            db.session.rollback()
            return self._existing(user)
        return delivery

    def claim(self, delivery: EmailDelivery) -> bool:
        return True

    def content(self, user: User, delivery: EmailDelivery) -> dict[str, Any]:
        """What the e-mail's templates show."""
        raise NotImplementedError

    def subject(self, content: dict[str, Any]) -> str:
        raise NotImplementedError

    def message(self, user: User, delivery: EmailDelivery) -> EmailMessage:
        content = self.content(user, delivery)
        with outside_request(user):  # the subject too in the reader's language
            return compose(
                user,
                subject=self.subject(content),
                template=self.purpose,
                message_id=delivery.message_id,
                unsubscribe_kind=self.unsubscribe_kind,
                **content,
            )


class DailyPlan(Plan):
    purpose = "digest_daily"
    unsubscribe_kind = ALL_DIGEST_KINDS

    def recipients(self) -> list[User]:
        waiting = select(Notification.user_id).where(
            Notification.channel == Channel.DIGEST.value, Notification.digest_id.is_(None)
        )
        unsent = select(EmailDelivery.user_id).where(
            EmailDelivery.purpose == self.purpose, EmailDelivery.period == self.period, EmailDelivery.status.in_(UNSENT)
        )
        return list(
            db.session.scalars(
                select(User).where(User.active.is_(True), User.id.in_(waiting.union(unsent))).order_by(User.id)
            )
        )

    def claim(self, delivery: EmailDelivery) -> bool:
        claimed = db.session.execute(
            update(Notification)
            .where(
                Notification.user_id == delivery.user_id,
                Notification.channel == Channel.DIGEST.value,
                Notification.digest_id.is_(None),
                Notification.created_at < utcnow(),
            )
            .values(digest_id=delivery.id)
            .execution_options(synchronize_session=False)
        ).rowcount
        return claimed > 0

    def content(self, user: User, delivery: EmailDelivery) -> dict[str, Any]:
        notifications = db.session.scalars(
            select(Notification).where(Notification.digest_id == delivery.id).order_by(Notification.created_at)
        ).all()
        return {"notifications": notifications, "day": self.day}

    def subject(self, content: dict[str, Any]) -> str:
        n = len(content["notifications"])
        return _("Your daily digest of %(day)s: %(n)s notifications", day=self.day.isoformat(), n=n)


@dataclass
class WeekSummary:
    """What moved in one week (Monday to Sunday), as the dashboard counts it for that period."""

    start: date
    end: date
    contacts: int
    dossiers: list  # the dashboard's DossierRow: contacts, meetings and letters per dossier
    letters_signed: int
    letters_sent: int
    letters_answered: int
    meetings_ahead: list
    debates_ahead: list


def week_before(day: date) -> tuple[date, date]:
    """The last full week (Monday to Sunday) before `day`."""
    monday = day - timedelta(days=day.weekday() + 7)
    return monday, monday + timedelta(days=6)


# The week's figures are counted by the page above the domains that counts them (crm/dashboard/week.py, imported at
# start, registers itself here), so that the notifications import no dashboard.
_WEEK_SUMMARY: list[Callable[[date, datetime], WeekSummary]] = []


def summarises_weeks(function: Callable[[date, datetime], WeekSummary]) -> Callable[[date, datetime], WeekSummary]:
    """Register the function that counts the week before a day for the weekly digest (there is one)."""
    _WEEK_SUMMARY[:] = [function]
    return function


def week_summary(day: date, now: datetime) -> WeekSummary:
    if not _WEEK_SUMMARY:
        raise RuntimeError("No week summary registered: crm.dashboard.week is imported at start (crm/app_setup.py)")
    return _WEEK_SUMMARY[0](day, now)


class WeeklyPlan(Plan):
    purpose = "digest_weekly"
    unsubscribe_kind = WEEKLY

    def __init__(self, day: date):
        super().__init__(day)
        self._summary: WeekSummary | None = None

    @property
    def period(self) -> str:
        return week_before(self.day)[0].isoformat()

    def recipients(self) -> list[User]:
        directors = db.session.scalars(
            select(User).where(User.active.is_(True), User.role == Role.DIRECTOR.value).order_by(User.id)
        ).all()
        return [user for user in directors if channels_of(user.id).get(WEEKLY) != Channel.OFF]

    def summary(self) -> WeekSummary:
        if self._summary is None:
            self._summary = week_summary(self.day, utcnow())
        return self._summary

    def content(self, user: User, delivery: EmailDelivery) -> dict[str, Any]:
        from crm.interactions.queries_cold import going_cold

        summary = self.summary()
        return {"summary": summary, "cold": going_cold(utcnow() - timedelta(days=90), owner_id=user.id, limit=10)}

    def subject(self, content: dict[str, Any]) -> str:
        return _("What moved in the week of %(start)s", start=content["summary"].start.isoformat())
