"""What the backup kinds share: the error, the description of a backup file, and the schema revision checks
(crm/maintenance/backup.py chooses the kind; sqlite.py and postgres.py do the work)."""

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
