"""Fresh, empty databases for one benchmark run: SQLite files in bench/data/, or PostgreSQL databases.

PostgreSQL is used when BENCH_DATABASE_URL is set (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/bondgenoot_bench);
each dataset then gets its own database named after it (bondgenoot_bench_small, bondgenoot_bench_large, …).
A database can be copied under a new name (one registry, two contact logs) and analysed after loading.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

DATA_DIR = Path(__file__).resolve().parent / "data"


def postgres_base_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL", "").strip()
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def backend_name() -> str:
    """The SQLAlchemy dialect name the benchmarks run on, for the machine description."""
    base = postgres_base_url()
    return make_url(base).get_backend_name() if base else "sqlite"


def fresh_database(name: str) -> str:
    """Drop whatever a previous run left under this name and return the URL of a new, empty database."""
    base = postgres_base_url()
    if base:
        return _fresh_postgres_database(base, name)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / f"{name}.sqlite"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def copy_database(source_url: str, name: str) -> str:
    """A copy of the (closed) database at `source_url` under `name`, replacing an earlier one; returns its URL."""
    base = postgres_base_url()
    if base:
        return _fresh_postgres_database(base, name, template=make_url(source_url).database)
    target_url = fresh_database(name)
    source, target = (closing(sqlite3.connect(make_url(url).database)) for url in (source_url, target_url))
    with source as source_db, target as target_db:
        source_db.backup(target_db)  # the backup API also copies what is still in the write-ahead log
    return target_url


def vacuum_analyze(database_url: str) -> None:
    """PostgreSQL only: planner statistics and a visibility map, as a live database has after autovacuum.

    SQLite gets nothing: the app never runs ANALYZE there, so production has no statistics either.
    """
    if make_url(database_url).get_backend_name() != "postgresql":
        return
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("VACUUM ANALYZE"))
    finally:
        engine.dispose()


def _fresh_postgres_database(base: str, name: str, template: str | None = None) -> str:
    url = make_url(base)
    database = f"{url.database}_{name}"
    # CREATE/DROP DATABASE cannot run inside a transaction, hence AUTOCOMMIT on the maintenance database.
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        quote = admin.dialect.identifier_preparer.quote
        copy_of = f" TEMPLATE {quote(template)}" if template else ""
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {quote(database)} WITH (FORCE)"))
            conn.execute(text(f"CREATE DATABASE {quote(database)}{copy_of}"))
    finally:
        admin.dispose()
    return url.set(database=database).render_as_string(hide_password=False)
