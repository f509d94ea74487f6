"""Backups that are consistent while the app keeps writing, and restores that refuse what is not one.

SQLite: the online backup API copies the database in one step under a read snapshot (WAL lets writers go on), to a
temporary file that is checked (`PRAGMA integrity_check`) and then renamed into place, so PATH is never half
written. PostgreSQL: `pg_dump` in its custom format (one snapshot), with the credentials in the environment of the
child process, never on its command line.

A restore first checks the file: the right kind for this database (a SQLite file for SQLite, a pg_dump archive for
PostgreSQL), a Bondgenoot database (it has `alembic_version`) at a schema revision this code knows. Then it replaces
the whole database in one transaction: other connections see the old or the restored database, never a mix.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL

from crm.maintenance import postgres, sqlite
from crm.maintenance.backup_files import BackupError as BackupError
from crm.maintenance.backup_files import BackupInfo, kind_of
from crm.maintenance.backup_files import head_revision as head_revision


def backup(url: URL, path: Path) -> BackupInfo:
    """Write a consistent copy of the database at `url` to `path` (replacing a file that is there)."""
    path = path.expanduser().resolve()
    if path.is_dir():
        raise BackupError(f"{path} is a directory; give the name of the backup file.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    module = sqlite if kind_of(url) == "sqlite" else postgres
    return module.backup(url, path)


def inspect_backup(url: URL, path: Path) -> BackupInfo:
    """Check that `path` is a backup this database can be restored from; refuse anything else."""
    path = path.expanduser().resolve()
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    module = sqlite if kind_of(url) == "sqlite" else postgres
    return module.inspect_backup(path)


def restore(url: URL, path: Path) -> BackupInfo:
    """Replace the whole database at `url` with the backup in `path`, in one transaction."""
    info = inspect_backup(url, path)
    module = sqlite if info.kind == "sqlite" else postgres
    module.restore(url, info.path)
    return info
