"""Migrations: an empty database upgrades to head and back, data survives, and models match migrations."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from crm.extensions import db
from tests.conftest import make_test_app
from tests.databases import scratch_database

MIGRATIONS = "migrations"


def revisions_in_order(app) -> list[str]:
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config(MIGRATIONS)
        script = ScriptDirectory.from_config(config)
        return [r.revision for r in reversed(list(script.walk_revisions("base", "heads")))]


def test_models_and_migrations_agree(app):
    """What `flask db check` verifies: no model change lacks a migration."""
    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_empty_database_upgrades_to_head_downgrades_and_upgrades_again(tmp_path):
    app = make_test_app(scratch_database("migrations", tmp_path))
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        tables = set(inspect(db.engine).get_table_names())
        assert {"users", "audit_events", "organisations", "people", "affiliations", "coalitions"} <= tables
        downgrade(directory=MIGRATIONS, revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(directory=MIGRATIONS)
        assert "organisations" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_each_revision_upgrades_a_database_that_holds_data(tmp_path):
    app = make_test_app(scratch_database("migrations_data", tmp_path))
    revisions = revisions_in_order(app)
    assert revisions[0] == "0001"
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0001")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (email, name, password_hash, role, language, active, session_token,"
                    " created_at, updated_at, version_id) VALUES ('oud@bondgenoot.test', 'Oude Gebruiker', 'x',"
                    " 'admin', 'nl', :yes, 'token', '2024-01-01 10:00:00', '2024-01-01 10:00:00', 1)"
                ),
                {"yes": True},
            )
            conn.execute(
                text(
                    "INSERT INTO audit_events (created_at, actor_label, action, entity_type, entity_id,"
                    " entity_label, changes) VALUES ('2024-01-01 10:00:00', 'system', 'create', 'user', 1,"
                    " 'Oude Gebruiker', '{}')"
                )
            )
        for revision in revisions[1:]:
            upgrade(directory=MIGRATIONS, revision=revision)
            with db.engine.connect() as conn:
                assert conn.execute(text("SELECT name FROM users")).scalar_one() == "Oude Gebruiker"
                assert conn.execute(text("SELECT count(*) FROM audit_events")).scalar_one() == 1
        from crm.auth.models import User

        user = db.session.query(User).one()
        assert user.email == "oud@bondgenoot.test" and user.active
        db.session.remove()
        db.engine.dispose()
