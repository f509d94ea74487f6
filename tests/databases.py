"""Test databases: a temporary SQLite file, or fresh PostgreSQL databases next to TEST_DATABASE_URL."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
# Under pytest-xdist each worker process gets databases of its own ("gw0", "gw1", …; empty when not parallel).
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def on_postgres() -> bool:
    return bool(POSTGRES_URL)


def normalise(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def scratch_database(name: str, folder: Path) -> str:
    """A new, empty database for one purpose (migrations, the live server of the browser tests)."""
    if not on_postgres():
        return f"sqlite:///{folder / (name + '.db')}"
    base = make_url(normalise(POSTGRES_URL))
    database = "_".join(part for part in (base.database, WORKER, name) if part)
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    return base.set(database=database).render_as_string(hide_password=False)


def main_database_url() -> str:
    """TEST_DATABASE_URL itself, or under pytest-xdist a fresh database of this worker's next to it."""
    if not WORKER:
        return normalise(POSTGRES_URL)
    base = make_url(normalise(POSTGRES_URL))
    return scratch_database("main", Path()) if base.database else normalise(POSTGRES_URL)


def reset_main_database(engine) -> None:
    """The suite's own database starts empty; migrations then build the schema."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
