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

from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL

from config import ROOT


class BackupError(Exception):
    """What went wrong, in words for the person at the command line."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str  # "sqlite" or "postgresql"
    size: int
    revision: str

    def describe(self) -> str:
        return f"{self.path} ({self.kind}, {self.size:,} bytes, schema revision {self.revision})"


def kind_of(url: URL) -> str:
    name = url.get_backend_name()
    if name == "sqlite":
        if not url.database or url.database == ":memory:":
            raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
        return "sqlite"
    if name == "postgresql":
        return "postgresql"
    raise BackupError(f"Backups are made for SQLite and PostgreSQL, not {name}.")


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory(str(ROOT / "migrations")).walk_revisions()}


def head_revision() -> str:
    return ScriptDirectory(str(ROOT / "migrations")).get_current_head() or ""


def check_revision(path: Path, revision: str | None) -> str:
    if not revision:
        raise BackupError(f"{path} is not a Bondgenoot backup: it has no schema revision (alembic_version).")
    if revision not in known_revisions():
        raise BackupError(f"{path} has schema revision {revision}, which this version of Bondgenoot does not know "
                          "(a backup of a newer version?).")  # fmt: skip
    return revision


def backup(url: URL, path: Path) -> BackupInfo:
    """Write a consistent copy of the database at `url` to `path` (replacing a file that is there)."""
    from crm.maintenance import postgres, sqlite

    path = path.expanduser().resolve()
    if path.is_dir():
        raise BackupError(f"{path} is a directory; give the name of the backup file.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    module = sqlite if kind_of(url) == "sqlite" else postgres
    return module.backup(url, path)


def inspect_backup(url: URL, path: Path) -> BackupInfo:
    """Check that `path` is a backup this database can be restored from; refuse anything else."""
    from crm.maintenance import postgres, sqlite

    path = path.expanduser().resolve()
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    module = sqlite if kind_of(url) == "sqlite" else postgres
    return module.inspect_backup(path)


def restore(url: URL, path: Path) -> BackupInfo:
    """Replace the whole database at `url` with the backup in `path`, in one transaction."""
    from crm.maintenance import postgres, sqlite

    info = inspect_backup(url, path)
    module = sqlite if info.kind == "sqlite" else postgres
    module.restore(url, info.path)
    return info
