"""Reliability tests run against a database that really commits: no per-test rollback, no shared connection.

`committed_app` is an app on a scratch database of this session (a SQLite file, or a fresh PostgreSQL database next
to TEST_DATABASE_URL), migrated once. Requests commit as in production, several threads or processes can write at
once, and what a test asserts is what is really in the database afterwards. Tests share that database, so they use
unique names and count their own rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import func, select

from crm.auth.services import create_user
from crm.extensions import READ_ONLY, db
from tests.conftest import PASSWORD, Client, make_test_app
from tests.databases import scratch_database


class CommittingClient(Client):
    """The suite's browser-like client, without the suite's shared session: each request has its own."""

    def open(self, *args, **kwargs):
        return FlaskClient.open(self, *args, **kwargs)


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def committed_url(tmp_path_factory) -> str:
    url = scratch_database("reliability", tmp_path_factory.mktemp("reliability"))
    app = make_test_app(url)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


@pytest.fixture
def committed_app(committed_url) -> Iterator[Flask]:
    app = make_test_app(committed_url)
    app.test_client_class = CommittingClient
    yield app
    with app.app_context():
        db.engine.dispose()


def make_user(app: Flask, role: str = "lobbyist") -> str:
    """A committed user with the suite's password; returns the email."""
    email = f"{role}-{uuid.uuid4().hex[:8]}@betrouwbaar.test"
    with app.app_context():
        create_user(email=email, name=f"Test {role}", role=role, password=PASSWORD)
        db.session.commit()
    return email


def signed_in(app: Flask, email: str) -> CommittingClient:
    client = app.test_client()
    response = client.submit("/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def count_rows(app: Flask, model, *where) -> int:
    """Rows as committed, read on a connection of their own that only reads (so it never waits for a writer)."""
    with app.app_context(), db.engine.connect() as connection:
        reader = connection.execution_options(**READ_ONLY)
        return reader.scalar(select(func.count()).select_from(model).where(*where)) or 0
