"""`flask crm backup` while the app keeps writing, and `flask crm restore` into a fresh database.

A writer thread commits numbered contacts one after another. The backup is made in the middle of it; the number the
writer had committed when the backup started is the least the backup must hold, and it must hold every number up to
what it holds (one moment of the database, not a mix). The backup is restored into a new, empty database, which
passes an integrity check, holds exactly those contacts and takes new writes.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import make_url

from crm.audit.context import acting_as
from crm.extensions import db
from crm.interactions import services as interaction_services
from crm.interactions.models import Interaction
from crm.interactions.services import InteractionInput
from crm.maintenance import postgres
from crm.maintenance.backup import head_revision
from crm.partners import services as partner_services
from crm.partners.services import OrganisationInput
from tests.conftest import make_test_app
from tests.databases import scratch_database
from tests.reliability.conftest import count_rows, make_user, signed_in, unique

TIMEOUT = 120
WRITTEN_BEFORE_BACKUP = 25


class NumberedWriter(threading.Thread):
    """Commits contacts "<prefix> 00001", "<prefix> 00002", … until stopped; `committed` is the last one committed."""

    def __init__(self, app, prefix: str, organisation_id: int):
        super().__init__(name="numbered-writer")
        self.app, self.prefix, self.organisation_id = app, prefix, organisation_id
        self.committed = 0
        self.warmed_up, self.stop = threading.Event(), threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                number = self.committed + 1
                with self.app.app_context(), acting_as("test:writer"):
                    data = InteractionInput(kind="email", subject=f"{self.prefix} {number:05d}",
                                            organisation_ids=[self.organisation_id])  # fmt: skip
                    interaction_services.log_interaction(data, author=None)
                    db.session.commit()
                self.committed = number
                if number >= WRITTEN_BEFORE_BACKUP:
                    self.warmed_up.set()
        except BaseException as error:  # reported by the test
            self.error = error
            self.warmed_up.set()


def _organisation(app) -> int:
    with app.app_context():
        org = partner_services.create_organisation(OrganisationInput(name=unique("Archief"), kind="fund"))
        db.session.commit()
        return org.id


def _numbers(app, prefix: str) -> list[int]:
    with app.app_context():
        subjects = db.session.scalars(select(Interaction.subject).where(Interaction.subject.startswith(prefix)))
        return sorted(int(s.rsplit(" ", 1)[1]) for s in subjects)


def _cli(app, *args: str, input: str | None = None):
    return app.test_cli_runner().invoke(args=["crm", *args], input=input)


def test_a_backup_made_while_writing_restores_to_a_consistent_database(committed_app, tmp_path):
    app = committed_app
    prefix = unique("Genummerd")
    writer = NumberedWriter(app, prefix, _organisation(app))
    backup_file = tmp_path / "bondgenoot.backup"
    writer.start()
    try:
        assert writer.warmed_up.wait(TIMEOUT) and writer.error is None
        before = writer.committed
        made = _cli(app, "backup", str(backup_file))
        after = writer.committed
    finally:
        writer.stop.set()
        writer.join(TIMEOUT)
    assert writer.error is None
    assert made.exit_code == 0, made.output
    assert re.search(rf"Backup written: .*schema revision {head_revision()}", made.output)

    restored_app = make_test_app(scratch_database("reliability_restored", tmp_path))
    restored = _cli(restored_app, "restore", str(backup_file), "--yes")
    assert restored.exit_code == 0, restored.output

    numbers = _numbers(restored_app, prefix)
    assert numbers == list(range(1, len(numbers) + 1))  # everything up to the last one it holds, no gaps
    assert before <= len(numbers) <= after  # at least what was committed when the backup started
    with restored_app.app_context():
        if db.engine.dialect.name == "sqlite":
            assert db.session.scalar(text("PRAGMA integrity_check")) == "ok"
        assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()
        assert set(db.metadata.tables) <= set(inspect(db.session.connection()).get_table_names())
        source_users = count_rows(app, db.metadata.tables["users"])
        assert db.session.scalar(select(func.count()).select_from(db.metadata.tables["users"])) == source_users
        db.session.remove()
    # The restored database works: sign in, log a contact (sequences, indexes and constraints came along).
    restored_app.test_client_class = app.test_client_class
    email = make_user(restored_app)
    client = signed_in(restored_app, email)
    org = _organisation(restored_app)
    saved = client.submit(
        "/interactions/new", {"kind": "call", "subject": f"{prefix} na herstel", "organisation_ids": org}
    )
    assert saved.status_code == 302
    assert count_rows(restored_app, Interaction, Interaction.subject.startswith(prefix)) == len(numbers) + 1
    with restored_app.app_context():
        db.engine.dispose()


def _not_a_backup(tmp_path: Path) -> Path:
    path = tmp_path / "notities.txt"
    path.write_text("Dit is geen back-up.\n")
    return path


def _other_kind(tmp_path: Path, on_sqlite: bool) -> Path:
    path = tmp_path / "andere-soort.backup"
    if on_sqlite:
        path.write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 100)
    else:
        with closing(sqlite3.connect(path)) as other:
            other.execute("CREATE TABLE alembic_version (version_num TEXT)")
    return path


def _foreign_sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "ander-programma.sqlite"
    with closing(sqlite3.connect(path)) as other:
        other.execute("CREATE TABLE notes (text TEXT)")
        other.commit()
    return path


def test_restore_refuses_what_is_not_a_backup_of_this_kind_and_changes_nothing(committed_app, committed_url, tmp_path):
    app = committed_app
    on_sqlite = committed_url.startswith("sqlite")
    before = count_rows(app, Interaction)
    cases = [(_not_a_backup(tmp_path), "is not a"), (_other_kind(tmp_path, on_sqlite),
             "is a PostgreSQL backup" if on_sqlite else "is a SQLite database")]  # fmt: skip
    if on_sqlite:
        cases.append((_foreign_sqlite(tmp_path), "is not a Bondgenoot backup"))
    for path, message in cases:
        refused = _cli(app, "restore", str(path), "--yes")
        assert refused.exit_code != 0, path
        assert message in refused.output, refused.output
    missing = _cli(app, "restore", str(tmp_path / "bestaat-niet.backup"), "--yes")
    assert missing.exit_code != 0 and "does not exist" in missing.output
    assert count_rows(app, Interaction) == before


def test_restore_asks_first_and_no_keeps_the_database(committed_app, tmp_path):
    app = committed_app
    backup_file = tmp_path / "vorige.backup"
    assert _cli(app, "backup", str(backup_file)).exit_code == 0
    _organisation(app)  # written after the backup
    before = count_rows(app, Interaction), _organisation_count(app)
    declined = _cli(app, "restore", str(backup_file), input="n\n")
    assert declined.exit_code != 0 and "Replace everything in" in declined.output and "Aborted" in declined.output
    assert (count_rows(app, Interaction), _organisation_count(app)) == before


def _organisation_count(app) -> int:
    return count_rows(app, db.metadata.tables["organisations"])


def test_backup_refuses_a_folder_and_a_missing_folder(committed_app, tmp_path):
    assert "is a directory" in _cli(committed_app, "backup", str(tmp_path)).output
    assert "does not exist" in _cli(committed_app, "backup", str(tmp_path / "nergens" / "x.backup")).output


@pytest.mark.parametrize("secret", ["s3cret-wachtwoord"])
def test_the_postgresql_password_travels_in_the_environment_not_the_command_line(secret):
    url = make_url(f"postgresql+psycopg://bondgenoot:{secret}@db.internal:5433/crm?sslmode=require")
    environment = postgres._environment(url)
    assert (environment["PGHOST"], environment["PGPORT"], environment["PGUSER"]) == (
        "db.internal",
        "5433",
        "bondgenoot",
    )
    assert (environment["PGPASSWORD"], environment["PGDATABASE"], environment["PGSSLMODE"]) == (
        secret,
        "crm",
        "require",
    )
    assert not any(secret in part for part in postgres.dump_command(Path("/tmp/x.backup")))
