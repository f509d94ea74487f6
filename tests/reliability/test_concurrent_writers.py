"""Several writers at once on one database file: none fails with "database is locked", none is lost.

SQLite allows one writer at a time. A transaction that starts with a plain (deferred) BEGIN, reads, and then writes
must upgrade its read lock to the write lock; when another connection committed in between, SQLite refuses at once
with SQLITE_BUSY ("database is locked") and the busy timeout does not help. The app therefore begins the
transactions that will write (requests other than GET/HEAD/OPTIONS, work outside a request) with BEGIN IMMEDIATE,
which waits for the write lock up front. The same tests run on PostgreSQL.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from contextlib import closing

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from crm.audit.context import acting_as
from crm.auth.models import User
from crm.extensions import db
from crm.interactions import services as interaction_services
from crm.interactions.models import Interaction
from crm.interactions.services import InteractionInput
from crm.partners import services as partner_services
from crm.partners.services import OrganisationInput
from tests.reliability.conftest import count_rows, make_user, signed_in, unique

WEB_WRITERS = 4
BACKGROUND_WRITERS = 2
WRITES_EACH = 12
TIMEOUT = 120  # seconds a barrier or a thread may take before the test fails instead of hanging


class ErrorLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += f" {record.exc_info[1]!r}"
        self.messages.append(text)


def _organisation(app) -> int:
    with app.app_context():
        org = partner_services.create_organisation(OrganisationInput(name=unique("Schrijverscollectief"), kind="fund"))
        db.session.commit()
        return org.id


def test_concurrent_web_and_background_writers_all_succeed(committed_app):
    app = committed_app
    org_id = _organisation(app)
    subject = unique("Gelijktijdig gelogd")
    clients = [signed_in(app, make_user(app)) for _ in range(WEB_WRITERS)]
    errors = ErrorLog()
    app.logger.addHandler(errors)
    start = threading.Barrier(WEB_WRITERS + BACKGROUND_WRITERS, timeout=TIMEOUT)
    problems: list[str] = []

    def web_writer(client, number: int) -> None:
        token = client.csrf_token("/interactions/new")  # the form page: a read before the race starts
        start.wait()
        for i in range(WRITES_EACH):
            response = client.post(
                "/interactions/new",
                data={"csrf_token": token, "kind": "call", "subject": f"{subject} web {number}-{i}",
                      "organisation_ids": org_id},
            )  # fmt: skip
            if response.status_code != 302:
                problems.append(f"web {number}-{i}: HTTP {response.status_code}")

    def background_writer(number: int) -> None:
        # A unit of work outside a request (a mail-merge job, a CLI command): it reads, then writes, then commits.
        start.wait()
        for i in range(WRITES_EACH):
            try:
                with app.app_context(), acting_as("test:background"):
                    author = db.session.scalar(select(User).limit(1))
                    data = InteractionInput(
                        kind="email", subject=f"{subject} job {number}-{i}", organisation_ids=[org_id]
                    )
                    interaction_services.log_interaction(data, author=author)
                    db.session.commit()
            except Exception as error:  # every failure is what this test reports
                problems.append(f"job {number}-{i}: {error!r}")

    threads = [threading.Thread(target=web_writer, args=(c, n)) for n, c in enumerate(clients)]
    threads += [threading.Thread(target=background_writer, args=(n,)) for n in range(BACKGROUND_WRITERS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(TIMEOUT)
    finally:
        app.logger.removeHandler(errors)
    assert not any(thread.is_alive() for thread in threads), "a writer did not finish"
    assert problems == []
    assert [m for m in errors.messages if "locked" in m.lower()] == []
    assert errors.messages == []
    expected = (WEB_WRITERS + BACKGROUND_WRITERS) * WRITES_EACH
    assert count_rows(app, Interaction, Interaction.subject.startswith(subject)) == expected


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_foreign_keys(committed_app, committed_url):
    if not committed_url.startswith("sqlite"):
        pytest.skip("SQLite settings")
    with committed_app.app_context():
        settings = {name: db.session.scalar(text(f"PRAGMA {name}"))
                    for name in ("journal_mode", "busy_timeout", "foreign_keys")}  # fmt: skip
    assert settings == {"journal_mode": "wal", "busy_timeout": 10_000, "foreign_keys": 1}


def test_pages_that_only_read_are_served_while_another_process_writes(committed_app, committed_url):
    """Reads are not hurt by the writers' IMMEDIATE transactions: a GET never waits for the write lock (WAL)."""
    if not committed_url.startswith("sqlite"):
        pytest.skip("SQLite's write lock")
    app = committed_app
    client = signed_in(app, make_user(app, "viewer"))
    with closing(sqlite3.connect(make_url(committed_url).database, isolation_level=None)) as other_process:
        other_process.execute("BEGIN IMMEDIATE")  # holds the write lock until it ends
        other_process.execute("UPDATE users SET name = name WHERE id = (SELECT min(id) FROM users)")
        started = time.monotonic()
        pages = [client.get(url) for url in ("/", "/organisations/", "/interactions/", "/search/?q=fonds")]
        waited = time.monotonic() - started
        other_process.execute("ROLLBACK")
    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    assert waited < app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000  # none of them waited out the busy timeout
