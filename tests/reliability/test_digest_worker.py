"""A real worker (`flask crm worker`) killed in the middle of a daily digest run, and a second one that takes over:
nobody receives a second copy (each user's digest is one delivery row, sent at most once), and everyone whose digest
was not handed to the mail server gets it from the second worker."""

from __future__ import annotations

import asyncio
import uuid

from aiosmtpd.controller import Controller
from sqlalchemy import select

from crm.auth.services import create_user
from crm.common.time import utcnow
from crm.extensions import READ_ONLY, db
from crm.notifications.models import EmailDelivery, Notification
from crm.tasks.models import Job
from crm.tasks.services import new_job, start
from tests.conftest import PASSWORD
from tests.reliability.test_invitation_mail import free_port
from tests.reliability.test_task_worker import queued_app
from tests.reliability.workers import sqlite_storage, wait_for, worker

USERS = 40


class SlowInbox:
    """A mail server that takes a moment per message, so a worker can be killed in the middle of a run."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.1)
        self.messages.append(envelope)
        return "250 OK"


def users_with_digest_notifications(app, tag: str) -> list[str]:
    emails = [f"digest-{i}-{tag}@betrouwbaar.test" for i in range(USERS)]
    with app.app_context():
        for address in emails:
            user = create_user(email=address, name=f"Collega {address[:10]}", role="lobbyist", password=PASSWORD)
            db.session.flush()
            db.session.add(Notification(user_id=user.id, kind="followed_contact", message="followed_contact",
                                        params={"name": "Heropening", "subject": f"Overleg {tag}"}, url="/",
                                        channel="digest", idempotency_key=f"digest-test:{tag}:{address}"))  # fmt: skip
        db.session.commit()
    return emails


def job_row(app, job_id: int):
    with app.app_context(), db.engine.connect() as connection:
        return connection.execution_options(**READ_ONLY).execute(select(Job.__table__).where(Job.id == job_id)).one()


def deliveries(app, day: str) -> list:
    with app.app_context(), db.engine.connect() as connection:
        reader = connection.execution_options(**READ_ONLY)
        return reader.execute(
            select(EmailDelivery.__table__).where(EmailDelivery.period == day, EmailDelivery.purpose == "digest_daily")
        ).all()


def test_a_worker_killed_mid_digest_and_restarted_sends_nobody_a_second_copy(committed_url, tmp_path):
    storage = sqlite_storage(tmp_path)
    port = free_port()
    mail = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_SENDER": "digest@bondgenoot.test",
            "MAIL_RETRY_SECONDS": 1, "MAIL_ATTEMPTS": 10, "NOTIFY_REMINDERS_CRON": "off", "DIGEST_DAILY_CRON": "off",
            "DIGEST_WEEKLY_CRON": "off"}  # fmt: skip
    app = queued_app(committed_url, storage, **mail)
    tag = uuid.uuid4().hex[:6]
    emails = users_with_digest_notifications(app, tag)
    with app.app_context():
        job = new_job("digest_daily", owner=None, arguments={"day": "2030-01-01"}, total=0)
        job_id = job.id
        db.session.commit()
        start(job_id)
    day = "2030-01-01"
    inbox = SlowInbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:

        def mine() -> list:
            return [e for e in inbox.messages if e.rcpt_tos[0] in emails]

        with worker(committed_url, storage, tmp_path, **mail) as first:
            wait_for(lambda: len(mine()) >= USERS // 4, "a quarter of the digests to be sent", workers=(first,))
            first.kill()
        killed_at = len(mine())
        assert killed_at < USERS, "the worker was killed before the run was over"
        wait_for(lambda: (job_row(app, job_id).lease_until or utcnow()) < utcnow(), "the lease to run out", 30)

        with worker(committed_url, storage, tmp_path, **mail) as second:
            row = wait_for(lambda: (r := job_row(app, job_id)).status in ("done", "failed") and r,
                           "the second worker to finish the run", workers=(second,))  # fmt: skip
        received = [e.rcpt_tos[0] for e in mine()]
        assert len(received) == len(set(received)), "nobody got a second copy"
        by_status: dict[str, int] = {}
        for r in deliveries(app, day):
            by_status[r.status] = by_status.get(r.status, 0) + 1
        interrupted = by_status.get("failed", 0)
        assert interrupted <= 1, "at most the one digest being handed over when the worker died is uncertain"
        # That one is marked failed (it may have arrived): the run says so on the jobs page, and its user's page.
        assert row.status == ("failed" if interrupted else "done"), row.error
        assert len(received) + interrupted >= USERS and len(received) >= USERS - 1, by_status
        assert len(received) > killed_at, "the second worker sent the rest"
    finally:
        server.stop()
