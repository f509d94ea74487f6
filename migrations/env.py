"""Alembic environment: the app's metadata, batch mode for SQLite, and SQLite foreign keys handled safely."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def get_engine():
    return target_db.engine


def run_migrations_offline() -> None:
    context.configure(
        url=get_engine().url.render_as_string(hide_password=False),
        target_metadata=target_db.metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Huey's own tables (TASKS_URL=postgresql://… keeps the task queue in this database) are not ours to migrate."""
    return not (type_ == "table" and reflected and compare_to is None and (name or "").startswith("huey_"))


def run_migrations_online() -> None:
    def process_revision_directives(_context, _revision, directives):
        # An autogenerate run without changes must not write an empty migration.
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    conf_args.setdefault("include_object", include_object)

    with get_engine().connect() as connection:
        is_sqlite = connection.dialect.name == "sqlite"
        if is_sqlite:
            # Batch mode recreates tables; with foreign keys on, SQLite would cascade or refuse the copy.
            # The pragma only takes effect outside a transaction: run it on the driver connection, before
            # SQLAlchemy begins one.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        if is_sqlite:
            # With SQLAlchemy emitting BEGIN itself (see crm/extensions.py), SQLite DDL is transactional:
            # a failed migration leaves nothing half-done.
            conf_args["transactional_ddl"] = True
        context.configure(connection=connection, target_metadata=target_db.metadata, **conf_args)
        with context.begin_transaction():
            context.run_migrations()
            if is_sqlite:
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise RuntimeError(f"Foreign key violations after migration: {problems[:5]}")
        if is_sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
