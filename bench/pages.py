"""Requesting pages through the app as a signed-in user: status, SQL statements and time per request; and posting
a form: status, statements and the transactions it committed."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import event

import config
from bench.build import BuiltDataset
from crm import create_app
from crm.extensions import db

# Transaction control is left out of the count: SQLite shows its BEGIN as a statement, psycopg sends it unseen,
# and neither is a query the page asked for.
TRANSACTION_CONTROL = re.compile(r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.IGNORECASE)


class StatementLog:
    """A `before_cursor_execute` listener that keeps the statements of the current request."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, _conn, _cursor, statement, *_args) -> None:
        if not TRANSACTION_CONTROL.match(statement):
            self.statements.append(statement)


class CommitCount:
    """A `commit` listener: how many transactions were committed (ConnectionEvents.commit, any dialect)."""

    def __init__(self) -> None:
        self.commits = 0

    def __call__(self, _conn) -> None:
        self.commits += 1


@dataclass
class Measurement:
    statements: list[str]
    seconds: float


@dataclass
class Submission:
    status: int
    location: str
    statements: list[str]
    commits: int


class SignedInSite:
    """One dataset served by its own app, with a test client signed in as `email`."""

    def __init__(self, dataset: BuiltDataset, email: str):
        self.dataset = dataset
        self.email = email
        # Without CSRF the sign-in and the quick-log form are plain POSTs.
        self.app: Flask = create_app(
            config.with_profile("testing"), SQLALCHEMY_DATABASE_URI=dataset.database_url, WTF_CSRF_ENABLED=False
        )
        self.client = self.app.test_client()
        self.log = StatementLog()
        self.commit_count = CommitCount()
        with self.app.app_context():
            event.listen(db.engine, "before_cursor_execute", self.log)
            event.listen(db.engine, "commit", self.commit_count)
        self._sign_in()

    def _sign_in(self) -> None:
        form = {"email": self.email, "password": self.dataset.registry.password}
        with self.app.app_context():
            response = self.client.post("/login", data=form)
        if response.status_code != 302:
            raise RuntimeError(f"signing in as {self.email} failed: HTTP {response.status_code}")

    def get(self, url: str) -> Measurement:
        """One request in its own application context, as in production: no session or `g` carried over."""
        self.log.statements = []
        started = time.perf_counter()
        with self.app.app_context():
            response = self.client.get(url)
        seconds = time.perf_counter() - started
        if response.status_code != 200:
            body = response.get_data(as_text=True)[:300]
            raise RuntimeError(f"GET {url} on {self.dataset.database_url} gave HTTP {response.status_code}: {body}")
        return Measurement(statements=list(self.log.statements), seconds=seconds)

    def post(self, url: str, form: dict) -> Submission:
        """One form submission (CSRF is off) in its own application context."""
        self.log.statements = []
        self.commit_count.commits = 0
        with self.app.app_context():
            response = self.client.post(url, data=form)
        return Submission(
            status=response.status_code,
            location=response.headers.get("Location", ""),
            statements=list(self.log.statements),
            commits=self.commit_count.commits,
        )

    def scalar(self, statement):
        """A look-up in the site's database, e.g. to check what a submission saved."""
        with self.app.app_context():
            return db.session.scalar(statement)

    def close(self) -> None:
        with self.app.app_context():
            event.remove(db.engine, "before_cursor_execute", self.log)
            event.remove(db.engine, "commit", self.commit_count)
            db.engine.dispose()
