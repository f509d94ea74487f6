"""PostgreSQL backups with pg_dump and pg_restore (see crm/maintenance/backup.py).

The client tools must be of the server's major version or newer (Debian: the postgresql-client-NN package). The
connection details go to them as PG* environment variables, so the password never appears on a command line (where
`ps` and process accounting would show it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy.engine import URL

from crm.maintenance.backup_files import BackupError, BackupInfo, check_revision

MAGIC = b"PGDMP"
_COPY = re.compile(r"^COPY public\.alembic_version .*FROM stdin;\n(?P<rows>.*?)^\\\.$", re.S | re.M)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client-15).")
    return found


def _environment(url: URL) -> dict[str, str]:
    settings = {
        "PGHOST": url.host or url.query.get("host"),
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
        "PGSSLMODE": url.query.get("sslmode"),
        "PGCONNECT_TIMEOUT": "10",
    }
    return {**os.environ, **{key: str(value) for key, value in settings.items() if value}}


def _run(command: list[str], url: URL, what: str, **kwargs) -> subprocess.CompletedProcess:
    # Our own fixed command lines; the connection details travel in the environment.
    result = subprocess.run(command, env=_environment(url), capture_output=True, check=False, **kwargs)  # noqa: S603
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise BackupError(f"{what} failed: {' '.join(message) or f'exit status {result.returncode}'}")
    return result


def dump_command(path: Path) -> list[str]:
    """pg_dump of the database the PG* variables name: no connection details here."""
    return [_tool("pg_dump"), "--format=custom", "--no-password", f"--file={path}"]


def backup(url: URL, path: Path) -> BackupInfo:
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        # One snapshot of the whole database (pg_dump runs in a repeatable-read transaction); writers carry on.
        _run(dump_command(partial), url, "pg_dump")
        info = inspect_backup(partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupInfo(path, "postgresql", path.stat().st_size, info.revision)


def inspect_backup(path: Path) -> BackupInfo:
    with path.open("rb") as file:
        start = file.read(16)
    if start.startswith(b"SQLite format 3"):
        raise BackupError(f"{path} is a SQLite database; this database is PostgreSQL.")
    if not start.startswith(MAGIC):
        raise BackupError(f"{path} is not a PostgreSQL backup in pg_dump's custom format (made by flask crm backup).")
    command = [_tool("pg_restore"), "--data-only", "--table=alembic_version", "--file=-", str(path)]
    listing = subprocess.run(command, capture_output=True, check=False)  # noqa: S603 - our own command line
    if listing.returncode != 0:
        raise BackupError(f"{path} cannot be read by pg_restore: {listing.stderr.decode(errors='replace').strip()}")
    found = _COPY.search(listing.stdout.decode(errors="replace"))
    revision = found.group("rows").strip().splitlines()[0] if found and found.group("rows").strip() else None
    return BackupInfo(path, "postgresql", path.stat().st_size, check_revision(path, revision))


def restore(url: URL, path: Path) -> None:
    """The schema `public` is dropped and rebuilt from the backup in one transaction (psql --single-transaction):
    if anything fails, nothing changed. Running requests wait for it, then see the restored database."""
    as_sql = [_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(path)]
    apply = [_tool("psql"), "--no-psqlrc", "--no-password", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1",
             "--command=DROP SCHEMA IF EXISTS public CASCADE", "--command=CREATE SCHEMA public",
             "--file=-"]  # fmt: skip
    with tempfile.TemporaryFile() as dump_errors:
        dump = subprocess.Popen(as_sql, stdout=subprocess.PIPE, stderr=dump_errors)  # noqa: S603 - our own command
        try:
            _run(apply, url, "Restoring", stdin=dump.stdout)
        finally:
            dump.stdout.close()
            failed = dump.wait() != 0
            dump_errors.seek(0)
            problem = dump_errors.read().decode(errors="replace").strip()
        if failed:
            raise BackupError(f"pg_restore failed: {problem}")
