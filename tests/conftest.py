"""Fixtures: `app` (migrated database), `db` (rolled back per test), `client`, `login_as(role)`."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session as FlaskSQLAlchemySession
from sqlalchemy import event

from config import with_profile
from crm import create_app
from crm.app_setup import import_models
from crm.extensions import db as _db
from crm.extensions import limiter
from tests import factories
from tests.databases import main_database_url, on_postgres, reset_main_database

import_models()  # every domain's models: a test file run on its own can make any of them (mappers resolve)

CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
FORM_TOKEN_PATTERN = re.compile(r'name="form_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="form_token"')
PASSWORD = "correct horse battery staple"


class Client(FlaskClient):
    """A test client that submits forms the way a browser does: with the CSRF token of the session.

    Every request runs in its own application context (as in production), so `g`, the current user and the
    request's database session never leak from one request into the next. The test's own session is expired
    afterwards, so assertions read what the request wrote.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        _db.session.expire_all()
        return response

    def csrf_token(self, url: str = "/login") -> str:
        html = self.get(url).get_data(as_text=True)
        match = CSRF_PATTERN.search(html)
        assert match, f"no CSRF token on {url}"
        return match.group(1) or match.group(2)

    def submit(self, url: str, data: dict | None = None, *, token_from: str | None = None, **kwargs):
        """POST a form to `url` with a valid CSRF token (taken from `token_from`, the form page by default), and
        with the page's one-time form token when it has one, as a browser sends them."""
        payload = dict(data or {})
        if "csrf_token" not in payload:
            page = token_from or url
            html = self.get(page).get_data(as_text=True)
            match = CSRF_PATTERN.search(html)
            assert match, f"no CSRF token on {page}"
            payload["csrf_token"] = match.group(1) or match.group(2)
            if once := FORM_TOKEN_PATTERN.search(html):
                payload.setdefault("form_token", once.group(1) or once.group(2))
        return self.post(url, data=payload, **kwargs)


class ConnectionBoundSession(FlaskSQLAlchemySession):
    """Flask-SQLAlchemy picks the engine per table; in tests every session must use the test's connection."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return self.bind if self.bind is not None else super().get_bind(mapper, clause, bind, **kwargs)


def make_test_app(database_url: str, **overrides) -> Flask:
    app = create_app(with_profile("testing"), SQLALCHEMY_DATABASE_URI=database_url, **overrides)
    app.test_client_class = Client
    return app


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    if on_postgres():
        return main_database_url()
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'suite.db'}"


@pytest.fixture(scope="session")
def app(database_url) -> Iterator[Flask]:
    app = make_test_app(database_url)
    with app.app_context():
        reset_main_database(_db.engine)
        upgrade()  # the schema comes from the migrations, so every test run exercises them
    yield app


@pytest.fixture
def db(app) -> Iterator:
    """A database session whose work is rolled back after the test, commits in views included."""
    with app.app_context():
        connection = _db.engine.connect()
        transaction = connection.begin()
        session = _db._make_scoped_session(
            {
                "class_": ConnectionBoundSession,
                "bind": connection,
                "join_transaction_mode": "create_savepoint",
            }
        )
        original = _db.session
        _db.session = session
        factories.bind(session)
        limiter.reset()
        try:
            yield _db
        finally:
            session.remove()
            transaction.rollback()
            connection.close()
            _db.session = original


@pytest.fixture
def client(app, db) -> Client:
    return app.test_client()


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.submit("/login", {"email": email, "password": password})


@pytest.fixture
def login_as(client, db):
    """login_as("lobbyist") creates a user with that role, signs the client in, and returns the user."""

    def _login(role: str = "lobbyist", **fields):
        user = factories.UserFactory(role=role, **fields)
        response = sign_in(client, user.email)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return _login


class StatementCounter:
    def __init__(self):
        self.statements: list[str] = []

    def __call__(self, _conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_statements(db):
    """with count_statements() as counter: ... ; counter.count is the number of SQL statements run."""
    from contextlib import contextmanager

    @contextmanager
    def _count():
        counter = StatementCounter()
        engine = _db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return _count
