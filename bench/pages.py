"""Requesting pages through the app as a signed-in viewer: status, SQL statements and time per request."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import event

import config
from bench.generate import Dataset
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


@dataclass
class Measurement:
    statements: list[str]
    seconds: float


class SignedInSite:
    """One dataset served by its own app, with a test client signed in as the dataset's viewer."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        # The benchmark measures pages, not forms: without CSRF the sign-in is one plain POST.
        self.app: Flask = create_app(
            config.TestingConfig, SQLALCHEMY_DATABASE_URI=dataset.database_url, WTF_CSRF_ENABLED=False
        )
        self.client = self.app.test_client()
        self.log = StatementLog()
        with self.app.app_context():
            event.listen(db.engine, "before_cursor_execute", self.log)
        self._sign_in()

    def _sign_in(self) -> None:
        form = {"email": self.dataset.viewer_email, "password": self.dataset.password}
        with self.app.app_context():
            response = self.client.post("/login", data=form)
        if response.status_code != 302:
            raise RuntimeError(f"signing in as {self.dataset.viewer_email} failed: HTTP {response.status_code}")

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

    def close(self) -> None:
        with self.app.app_context():
            event.remove(db.engine, "before_cursor_execute", self.log)
            db.engine.dispose()
