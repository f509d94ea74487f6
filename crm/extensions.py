"""Flask extensions, created unbound here and bound to the app in `create_app`."""

from __future__ import annotations

import sqlite3

from flask import has_request_context, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Named constraints make Alembic migrations (and SQLite batch mode) deterministic.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(compare_type=True, render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
talisman = Talisman()


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy emit BEGIN itself: pysqlite's own transaction handling breaks SAVEPOINTs.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # The busy timeout comes from connect_args (see create_app); WAL lets readers run beside a writer.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
READ_ONLY = {"read_only": True}  # connection.execution_options(**READ_ONLY): a reader outside a request


def sqlite_begin_statement(connection) -> str:
    """How a SQLite transaction starts: IMMEDIATE when it will write, so it waits for the write lock up front.

    A deferred transaction that reads and then writes must upgrade to the write lock; when another connection
    committed meanwhile SQLite refuses at once ("database is locked", SQLITE_BUSY_SNAPSHOT) and the busy timeout does
    not apply. BEGIN IMMEDIATE takes the write lock at the start, waiting up to the busy timeout for it, so writers
    queue instead of failing. Requests that only read (GET, HEAD, OPTIONS: they never change state) stay deferred and
    run beside the writer under WAL. Work outside a request (CLI commands, mail-merge jobs) writes, unless its
    connection says it only reads (`READ_ONLY`).
    """
    if connection.get_execution_options().get("read_only"):
        return "BEGIN"
    if has_request_context() and request.method in READ_ONLY_METHODS:
        return "BEGIN"
    return "BEGIN IMMEDIATE"


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(sqlite_begin_statement(connection))
