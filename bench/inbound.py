"""`make bench`, issue 17: contacts logged from e-mail. 100 messages delivered over SMTP to a user's own address
are logged as contacts in under 10 s (`inbound.100.seconds`): the listener (in this process, on loopback) keeps each
message and queues its job; a real task worker (`flask crm worker`, started as the README's deployment starts it)
parses and logs it. Timed from the first message sent to the hundredth contact committed. On SQLite (the embedded
default) the worker runs one job at a time: writers take turns anyway, and a second thread only waits for the lock
while the listener waits too; on PostgreSQL it runs two (WORKER_THREADS' default). Every message is its own
(a Message-ID of its own), with a PDF attachment, from one of 50 people of the registry.
"""

from __future__ import annotations

import smtplib
import socket
import sys
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import func, select

import config
from bench.databases import DATA_DIR, fresh_database
from bench.workers import new_secret, task_worker, wait_until, worker_env
from crm import create_app
from crm.auth.services import create_user
from crm.extensions import READ_ONLY, db
from crm.inbox.listener import make_controller
from crm.inbox.models import CapturedEmail
from crm.inbox.services import renew_address
from crm.partners.models import Person
from crm.tasks.models import WorkerHeartbeat

MESSAGES = 100
SECONDS_BUDGET = 10.0
DOMAIN = "log.bench.example"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _message(number: int, sender: str) -> bytes:
    """A message as a colleague's mail server delivers the BCC copy: the Bcc header is not in it."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "lotte@bench.example"
    message["Subject"] = f"Bench-overleg {number}"
    message["Date"] = format_datetime(datetime(2026, 11, 1, 9, 0, tzinfo=UTC) + timedelta(minutes=number))
    message["Message-ID"] = f"<bench-{number}@bench.example>"
    message.set_content(f"Beste Lotte,\n\nDit is bericht {number}.\n\nGroet")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename=f"notitie-{number}.pdf")
    return message.as_bytes(policy=SMTP)


def _logged() -> int:
    with db.engine.connect() as connection:
        return connection.execution_options(**READ_ONLY).scalar(select(func.count()).select_from(CapturedEmail))


def _worker_alive() -> bool:
    with db.engine.connect() as connection:
        return bool(connection.execution_options(**READ_ONLY).scalar(select(func.count()).select_from(WorkerHeartbeat)))


def measure_inbound() -> tuple[list[dict], list[str], dict]:
    from bench.run import result

    database_url = fresh_database("inbound")
    tasks_file = DATA_DIR / "inbound-tasks.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tasks_file}{suffix}").unlink(missing_ok=True)
    queue = {"TASKS_URL": f"sqlite:///{tasks_file}", "TASKS_NAME": "bench-inbound", "SECRET_KEY": new_secret()}
    app = create_app(config.with_profile("testing"), SQLALCHEMY_DATABASE_URI=database_url, TASKS_IMMEDIATE=False,
                     MAIL_INBOUND_DOMAIN=DOMAIN, **queue)  # fmt: skip
    problems: list[str] = []
    with app.app_context():
        upgrade()
        user = create_user(email="lotte@bench.example", name="Lotte Bench", role="lobbyist",
                           password="bench-wachtwoord-lang-genoeg")  # fmt: skip
        people = [Person(first_name="Persoon", last_name=f"Bench {n}", email=f"persoon{n}@bench.example")
                  for n in range(50)]  # fmt: skip
        db.session.add_all(people)
        address = f"{renew_address(user).local_part}@{DOMAIN}"
        senders = [p.email for p in people]
        db.session.commit()
        db.session.close()  # nothing of this process holds a transaction while the listener and the worker write
        messages = [_message(n, senders[n % len(senders)]) for n in range(MESSAGES)]
        folder = DATA_DIR / "inbound-worker"
        folder.mkdir(parents=True, exist_ok=True)
        env = worker_env(database_url, queue["TASKS_URL"], queue["TASKS_NAME"], str(folder), queue["SECRET_KEY"],
                         MAIL_INBOUND_DOMAIN=DOMAIN)  # fmt: skip
        controller = make_controller(app, host="127.0.0.1", port=_free_port())
        controller.start()
        try:
            threads = 1 if database_url.startswith("sqlite") else 2  # PostgreSQL: jobs write side by side
            with task_worker(env, folder / "worker.log", threads=threads) as worker:
                if not wait_until(_worker_alive, timeout=60):  # a deployment's worker is running before mail comes
                    problems.append("inbound: the task worker did not start")
                started = time.perf_counter()
                with smtplib.SMTP("127.0.0.1", controller.port, timeout=30) as smtp:
                    for raw in messages:
                        smtp.sendmail("lotte@bench.example", [address], raw)
                sent = time.perf_counter() - started
                done = wait_until(lambda: _logged() >= MESSAGES, timeout=120, interval=0.05)
                seconds = time.perf_counter() - started
                if worker.errors():
                    problems.append(f"inbound: the task worker logged errors: {worker.errors()[:3]}")
        finally:
            controller.stop()
        logged = _logged()
    if not done:
        problems.append(f"inbound: only {logged} of {MESSAGES} messages were logged within 120 s")
    log(f"inbound: {MESSAGES} messages sent over SMTP in {sent:.2f} s, {logged} logged after {seconds:.2f} s")
    results = [
        result("inbound.100.seconds", round(seconds, 2), SECONDS_BUDGET, "s"),
        result("inbound.100.logged", logged, None, "contacts"),
    ]
    return results, problems, {"sent_seconds": round(sent, 2), "logged": logged}
