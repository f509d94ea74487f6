"""The privacy migration keeps the data: existing contacts are not sensitive, their notes stay; no privacy record is
invented; and it downgrades again."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from crm.extensions import db
from tests.conftest import make_test_app
from tests.databases import scratch_database

MIGRATIONS = "migrations"


def test_existing_contacts_keep_their_notes_and_are_not_sensitive(tmp_path):
    app = make_test_app(scratch_database("migrations", tmp_path))  # the scratch database test_migrations uses
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0011")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO interactions (kind, occurred_at, subject, notes, created_at, updated_at, version_id)"
                    " VALUES ('call', '2025-01-01 10:00:00', 'Oud gesprek', 'Oude notitie', '2025-01-01 10:00:00',"
                    " '2025-01-01 10:00:00', 1)"
                )
            )
        upgrade(directory=MIGRATIONS, revision="0012")
        with db.engine.connect() as conn:
            row = conn.execute(text("SELECT subject, notes, sensitive FROM interactions")).one()
            assert (row.subject, row.notes, bool(row.sensitive)) == ("Oud gesprek", "Oude notitie", False)
            assert conn.execute(text("SELECT count(*) FROM person_privacy")).scalar_one() == 0
        downgrade(directory=MIGRATIONS, revision="0011")
        assert "person_privacy" not in inspect(db.engine).get_table_names()
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT notes FROM interactions")).scalar_one() == "Oude notitie"
        db.session.remove()
        db.engine.dispose()
