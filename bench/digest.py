"""`make bench`, issue 17: the daily digest for 200 users over the large dataset.

A copy of the large dataset gets 200 colleagues with a few notifications each set to "digest"; the digest job runs
in this process (as a worker runs it) and hands every e-mail to a real SMTP server on loopback (aiosmtpd). Measured:
- `digest.daily.seconds`: the whole run for 200 users (budget 60 s on this machine);
- `digest.daily.sql_per_user`: statements per user at 200 users (an absolute bound), and
  `digest.daily.sql_growth`: that number at 200 users ÷ at 20 users (≤ 1.2): the statements per user stay
  constant however many users there are (no query over everyone per user).
"""

from __future__ import annotations

import logging
import socket
import sys
import time

from aiosmtpd.controller import Controller
from sqlalchemy import event, insert

import config
from bench.databases import copy_database
from bench.pages import TRANSACTION_CONTROL
from crm import create_app
from crm.auth.passwords import hash_password
from crm.common.time import utcnow
from crm.extensions import db
from crm.notifications.models import Notification
from crm.permissions import Role
from crm.tasks.services import new_job
from crm.tasks.services_runner import run_job

SECONDS_BUDGET = 60.0
SQL_PER_USER_BUDGET = 30
GROWTH_BUDGET = 1.2
PER_USER = 5
BENCH_DOMAIN = "@bench.example"  # the colleagues the bench adds; the copied database has others


class Inbox:
    """The SMTP server's side: who got an e-mail (the copied database has colleagues with digests of their own)."""

    def __init__(self):
        self.recipients: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        self.recipients.extend(envelope.rcpt_tos)
        return "250 OK"

    def count(self, prefix: str) -> int:
        return sum(1 for address in self.recipients if address.startswith(prefix) and address.endswith(BENCH_DOMAIN))


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def add_users(app, prefix: str, count: int) -> None:
    """`count` colleagues, each with PER_USER notifications waiting for the digest (bulk inserts)."""
    from crm.auth.models import User

    with app.app_context():
        password = hash_password("bench-wachtwoord-lang-genoeg")
        now = utcnow()
        users = [{"email": f"{prefix}{i}{BENCH_DOMAIN}", "name": f"Collega {prefix} {i}", "role": Role.LOBBYIST.value,
                  "password_hash": password, "language": "nl" if i % 4 else "en", "active": True,
                  "keyboard_shortcuts": True, "template_editor": False, "session_token": f"{prefix}-{i}",
                  "version_id": 1, "created_at": now, "updated_at": now} for i in range(count)]  # fmt: skip
        ids = [db.session.execute(insert(User).values(**row).returning(User.id)).scalar_one() for row in users]
        db.session.execute(insert(Notification), [
            {"user_id": user_id, "kind": "followed_contact", "message": "followed_contact",
             "params": {"name": f"Dossier {n}", "subject": f"Overleg {n} met de gemeente"},
             "url": f"/dossiers/{n + 1}", "channel": "digest", "idempotency_key": f"bench:{prefix}:{user_id}:{n}",
             "created_at": now} for user_id in ids for n in range(PER_USER)
        ])  # fmt: skip
        db.session.commit()


def run_digest(app, day: str) -> tuple[float, int]:
    """(seconds, statements) of one daily digest run."""
    statements = 0

    def count(_conn, _cursor, statement, *_args):
        nonlocal statements
        if not TRANSACTION_CONTROL.match(statement):
            statements += 1

    with app.app_context():
        job = new_job("digest_daily", owner=None, arguments={"day": day})
        db.session.commit()
        job_id = job.id
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    started = time.perf_counter()
    try:
        run_job(app, job_id)
    finally:
        elapsed = time.perf_counter() - started
        event.remove(engine, "before_cursor_execute", count)
    return elapsed, statements


def measure_digest(source_url: str, quick: bool) -> tuple[list[dict], list[str], dict]:
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd says hello at INFO for every connection
    url = copy_database(source_url, "digest")
    port = free_port()
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    app = create_app(config.with_profile("testing"), SQLALCHEMY_DATABASE_URI=url, MAIL_SERVER="127.0.0.1",
                     MAIL_PORT=port, MAIL_SENDER="digest@bench.example",
                     PUBLIC_BASE_URL="https://bondgenoot.example")  # fmt: skip
    try:
        add_users(app, "small", 20)
        small_seconds, small_sql = run_digest(app, "2030-01-01")
        digests_small = len(inbox.recipients)  # with the digests of the copied database's own colleagues
        add_users(app, "large", 200)
        large_seconds, large_sql = run_digest(app, "2030-01-02")
        digests_large = len(inbox.recipients) - digests_small
        sent_small, sent_large = inbox.count("small"), inbox.count("large")
    finally:
        server.stop()
        with app.app_context():
            db.engine.dispose()
    problems = []
    if sent_small != 20 or sent_large != 200:
        problems.append(f"digest: {sent_small} and {sent_large} e-mails arrived, not 20 and 200")
    per_small, per_large = small_sql / max(digests_small, 1), large_sql / max(digests_large, 1)
    log(f"digest: 20 users {small_seconds:.2f} s, {per_small:.1f} statements each; "
        f"200 users {large_seconds:.2f} s, {per_large:.1f} statements each")  # fmt: skip
    results = [
        {"name": "digest.daily.seconds", "value": round(large_seconds, 2), "budget": SECONDS_BUDGET, "unit": "s"},
        {"name": "digest.daily.sql_per_user", "value": round(per_large, 2), "budget": SQL_PER_USER_BUDGET,
         "unit": "statements"},
        {"name": "digest.daily.sql_growth", "value": round(per_large / per_small, 3), "budget": GROWTH_BUDGET,
         "unit": "ratio"},
    ]  # fmt: skip
    details = {"users": [20, 200], "notifications_per_user": PER_USER, "seconds": [small_seconds, large_seconds],
               "statements": [small_sql, large_sql], "sent": [sent_small, sent_large]}  # fmt: skip
    return results, problems, details
