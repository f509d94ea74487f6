"""SQLite backups with the online backup API (see crm/maintenance/backup.py)."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from flask import current_app
from sqlalchemy.engine import URL

from crm.maintenance.backup_files import BackupError, BackupInfo, check_revision

MAGIC = b"SQLite format 3\x00"


def _timeout() -> float:
    return current_app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000


def _database_path(url: URL) -> Path:
    return Path(url.database).expanduser().resolve()


def _revision(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def _integrity(connection: sqlite3.Connection, path: Path) -> None:
    problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        raise BackupError(f"{path} fails the integrity check: {'; '.join(problems[:5])}")


def backup(url: URL, path: Path) -> BackupInfo:
    source_path = _database_path(url)
    if not source_path.is_file():
        raise BackupError(f"There is no database at {source_path}.")
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        source = sqlite3.connect(source_path, timeout=_timeout())
        target = sqlite3.connect(partial)
        with closing(source), closing(target):
            # One step (pages=-1): the whole database as of one moment, while writers carry on beside it (WAL).
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, without a -wal beside it
            _integrity(target, path)
            revision = check_revision(path, _revision(target))
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupInfo(path, "sqlite", path.stat().st_size, revision)


def inspect_backup(path: Path) -> BackupInfo:
    with path.open("rb") as file:
        start = file.read(len(MAGIC))
    if start.startswith(b"PGDMP"):
        raise BackupError(f"{path} is a PostgreSQL backup (pg_dump); this database is SQLite.")
    if start != MAGIC:
        raise BackupError(f"{path} is not a SQLite database, so not a backup of this one.")
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as backup_db:
        _integrity(backup_db, path)
        revision = check_revision(path, _revision(backup_db))
    return BackupInfo(path, "sqlite", path.stat().st_size, revision)


def restore(url: URL, path: Path) -> None:
    live_path = _database_path(url)
    live_path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    live = sqlite3.connect(live_path, timeout=_timeout())
    with closing(source), closing(live):
        live.execute("PRAGMA journal_mode=WAL")  # as the app runs it; the copied pages keep the live file's mode
        # The backup API in the other direction: the live database's pages are replaced in one write transaction,
        # so connections of a running app see the old or the restored database, never a mix.
        source.backup(live)
        _integrity(live, live_path)
