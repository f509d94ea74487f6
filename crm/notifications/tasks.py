"""Notification work on the task queue: each e-mail at once, the daily reminders, the daily and weekly digests.

- `notification_email`: one notification's e-mail (retried with a doubling wait while the mail server is away).
- `notification_reminders` (NOTIFY_REMINDERS_CRON, daily): follow-ups and action items due today or overdue, letters
  whose signature deadline is in 3 days, meetings tomorrow (the briefing). Keyed per item and day: once per day
  however often it runs.
- `digest_daily` (DIGEST_DAILY_CRON) and `digest_weekly` (DIGEST_WEEKLY_CRON): one e-mail per user and day (week),
  made and sent exactly once (crm/notifications/delivery.py); a restarted run continues with whom it had not sent.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from crm.common.errors import ServiceError
from crm.extensions import db
from crm.mail.sending import mail_configured, retry_wait
from crm.meetings import queries as meeting_queries
from crm.notifications import digests, reminders
from crm.notifications.briefing import briefing
from crm.notifications.delivery import NotDelivered, deliver
from crm.notifications.emails import base_url, compose, outside_request
from crm.notifications.kinds import Kind
from crm.notifications.models import DeliveryStatus, EmailDelivery, Notification
from crm.notifications.services import EMAIL_KIND, start_queued_mail
from crm.tasks.models import Job
from crm.tasks.registry import RetryLater, job_kind
from crm.tasks.services_runner import Run


@job_kind(EMAIL_KIND, label=_l("Notification e-mail"), max_attempts="MAIL_ATTEMPTS")
def send_notification_email(job: Job, run: Run) -> None:
    delivery = db.session.get(EmailDelivery, job.arguments.get("delivery_id"))
    if delivery is None:
        return
    notification = db.session.scalar(db.select(Notification).where(Notification.email_id == delivery.id))
    if notification is None:
        return
    user = notification.user

    def message():
        with outside_request(user):  # the briefing's labels (stances, kinds) in the reader's language too
            brief = None
            if notification.kind == Kind.MEETING_BRIEFING and notification.record_id:
                meeting = meeting_queries.get_meeting(notification.record_id)
                brief = briefing(meeting, user) if meeting is not None else None
            return compose(
                user,
                subject=notification.title,
                template="notification",
                message_id=delivery.message_id,
                unsubscribe_kind=notification.kind,
                notification=notification,
                briefing=brief,
                kind_label=notification.kind_label,
                link=base_url() + notification.url,
            )

    run.check()
    try:
        deliver(delivery, message)
    except NotDelivered as failure:
        if failure.final:
            raise ServiceError(failure.reason) from None
        raise RetryLater(failure.reason, retry_wait(delivery.attempts)) from None
    if delivery.status == "failed":
        raise ServiceError(delivery.error or "")


@job_kind(
    "notification_reminders",
    label=_l("Reminders and meeting briefings"),
    exclusive=True,
    schedule="NOTIFY_REMINDERS_CRON",
)
def raise_reminders(job: Job, run: Run) -> None:
    counts = reminders.raise_for_day(reminders.day_of(job))
    db.session.commit()
    start_queued_mail()
    job.arguments = {**job.arguments, "raised": counts}
    db.session.commit()


def _digest_run(job: Job, run: Run, plan: digests.Plan) -> None:
    if not mail_configured():
        return  # nothing to send with: the notifications stay in the app
    users = plan.recipients()
    run.progress(0, len(users))
    waiting: list[str] = []
    failed: list[str] = []
    for done, user in enumerate(users, start=1):
        run.check()
        delivery = plan.delivery_for(user)
        if delivery is not None and delivery.status != DeliveryStatus.FAILED:  # one that failed before stays so
            try:
                if not deliver(delivery, lambda user=user, delivery=delivery: plan.message(user, delivery)):
                    failed.append(delivery.error or "")
            except NotDelivered as failure:
                (failed if failure.final else waiting).append(failure.reason)
        run.progress(done)
    if waiting:
        raise RetryLater(waiting[0], retry_wait(job.attempts))
    if failed:  # the others were sent; the jobs page (and each user's notifications page) shows these as failed
        raise ServiceError(_l("%(n)s digests could not be sent: %(reason)s", n=len(failed), reason=failed[0]))


@job_kind(
    "digest_daily", label=_l("Daily digest"), exclusive=True, schedule="DIGEST_DAILY_CRON", max_attempts="MAIL_ATTEMPTS"
)
def daily_digest(job: Job, run: Run) -> None:
    _digest_run(job, run, digests.DailyPlan(digests.day_of(job)))


@job_kind(
    "digest_weekly",
    label=_l("Weekly digest for directors"),
    exclusive=True,
    schedule="DIGEST_WEEKLY_CRON",
    max_attempts="MAIL_ATTEMPTS",
)
def weekly_digest(job: Job, run: Run) -> None:
    _digest_run(job, run, digests.WeeklyPlan(digests.day_of(job)))
