"""Mail the listener accepted, logged by a task worker as the user whose address it was sent to.

The listener keeps the message (a RawEmail row) and queues a job in one commit, then answers 250. The job logs the
contact and deletes the row in one transaction: a rerun after a crash finds the row gone and does nothing, and the
message key makes a copy that arrives twice one contact."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import undefer

from crm.audit.context import acting_as
from crm.auth.models import User
from crm.common.errors import ServiceError
from crm.common.time import utcnow
from crm.extensions import db
from crm.inbox import services
from crm.inbox.models import RawEmail
from crm.inbox.parsing import parse_eml
from crm.notifications.events import path_for
from crm.notifications.kinds import Kind
from crm.notifications.services import raise_notification
from crm.tasks.models import Job
from crm.tasks.registry import job_kind
from crm.tasks.services import new_job
from crm.tasks.services_runner import Run

KIND = "inbound_mail"


def queue_received(user: User, data: bytes) -> int:
    """Keep a received message for `user` and make the job that logs it (flushed; start it after the commit)."""
    raw = RawEmail(user_id=user.id, source="smtp", filename="", data=data)
    db.session.add(raw)
    db.session.flush()
    job = new_job(KIND, owner=user, arguments={"raw_email_id": raw.id}, total=1)
    return job.id


@job_kind(KIND, label=_l("E-mail logged as a contact"))
def log_received(job: Job, run: Run) -> None:
    raw = db.session.get(RawEmail, job.arguments.get("raw_email_id"), options=[undefer(RawEmail.data)])
    if raw is None:
        return  # logged by an earlier run
    user = db.session.get(User, raw.user_id)
    parsed = parse_eml(raw.data)  # MailProblem: the job fails with the reason, for its owner to read
    run.check()
    try:
        result = services.capture(parsed, author=user, source="smtp")
    except ServiceError as error:
        if error.field != "person_ids":
            raise
        _wait_for_choice(job, raw, user, parsed.subject)
        return
    job.result_ref = f"interaction:{result.email.interaction_id}"
    db.session.delete(raw)
    db.session.commit()


def _wait_for_choice(job: Job, raw: RawEmail, user: User, subject: str) -> None:
    """Nobody on the mail is in the registry: it waits in the user's preview, as a dropped file does, and the user
    is told where to choose who it was with (nothing is logged with nobody, and nothing is lost)."""
    raw.source = "drop"
    raw.filename = raw.filename or "doorgestuurd.eml"
    raw.created_at = utcnow()  # kept as long as a dropped file is, from now
    job.result_ref = f"inbox_preview:{raw.id}"
    with acting_as("inbox"):  # a message from Bondgenoot, not the user's own action (those are never notified)
        raise_notification(user, Kind.EMAIL_UNMATCHED, "email_unmatched", key=f"raw:{raw.id}",
                           params={"subject": subject or "—"}, url=path_for("inbox.preview", d=raw.id))  # fmt: skip
    db.session.commit()
