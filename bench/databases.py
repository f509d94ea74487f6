"""Fresh, empty databases for one benchmark run: SQLite files in bench/data/, or PostgreSQL databases.

PostgreSQL is used when BENCH_DATABASE_URL is set (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/bondgenoot_bench);
each dataset then gets its own database named after it (bondgenoot_bench_small, bondgenoot_bench_large).
"""

from __future__ import annotations

import os
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


def _fresh_postgres_database(base: str, name: str) -> str:
    url = make_url(base)
    database = f"{url.database}_{name}"
    # CREATE/DROP DATABASE cannot run inside a transaction, hence AUTOCOMMIT on the maintenance database.
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        quoted = admin.dialect.identifier_preparer.quote(database)
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))
            conn.execute(text(f"CREATE DATABASE {quoted}"))
    finally:
        admin.dispose()
    return url.set(database=database).render_as_string(hide_password=False)
