"""Mail the listener accepted, logged by a task worker as the user whose address it was sent to.

The listener keeps the message (a RawEmail row) and queues a job in one commit, then answers 250. The job logs the
contact and deletes the row in one transaction: a rerun after a crash finds the row gone and does nothing, and the
message key makes a copy that arrives twice one contact."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import undefer

from crm.auth.models import User
from crm.extensions import db
from crm.inbox import services
from crm.inbox.models import RawEmail
from crm.inbox.parsing import parse_eml
from crm.tasks.models import Job
from crm.tasks.registry import job_kind
from crm.tasks.runner import Run
from crm.tasks.services import new_job

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
    result = services.capture(parsed, author=user, source="smtp")
    job.result_ref = f"interaction:{result.email.interaction_id}"
    db.session.delete(raw)
    db.session.commit()
