"""Background work on a task queue: job rows (absorbing the mail merges), their side effects and stored parts,
worker heartbeats, a lock per kind, and signing invitations sent by e-mail from a worker.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07

Every mail merge moves from `merge_jobs` into `jobs` (kind "mail_merge") with the same id, status, progress,
error and result; what it renders, for whom and how become its arguments. A merge that was running when the app was
upgraded is marked failed ("stopped by the upgrade"): its thread died with the old process. The downgrade moves the
mail merges back.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

MERGE_ARGUMENTS = ("template_version_id", "builtin_template", "title", "recipients_label", "recipient_ids", "fields",
                   "output", "options", "log_contacts")  # fmt: skip
STOPPED = "De mail merge is gestopt door een update van Bondgenoot; start hem opnieuw."


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def upgrade():
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("arguments", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=True),
        sa.Column("worker_id", sa.String(length=120), nullable=True),
        sa.Column("not_before", sa.DateTime(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("result_ref", sa.String(length=100), nullable=True),
        sa.Column("result_filename", sa.String(length=300), nullable=True),
        sa.Column("result", sa.LargeBinary(), nullable=True),
        sa.Column("dedupe_key", sa.String(length=160), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_jobs_owner_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_jobs_dedupe_key")),
    )
    op.create_index(op.f("ix_jobs_owner_id"), "jobs", ["owner_id"])
    op.create_index("ix_jobs_status_kind", "jobs", ["status", "kind"])
    op.create_index("ix_jobs_kind_created_at", "jobs", ["kind", "created_at"])
    op.create_table(
        "job_effects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_job_effects_job_id_jobs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_effects")),
        sa.UniqueConstraint("job_id", "key", name="uq_job_effects_job_id_key"),
    )
    op.create_table(
        "job_parts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_job_parts_job_id_jobs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_parts")),
        sa.UniqueConstraint("job_id", "position", name="uq_job_parts_job_id_position"),
    )
    op.create_table(
        "worker_heartbeats",
        sa.Column("worker_id", sa.String(length=120), nullable=False),
        sa.Column("hostname", sa.String(length=100), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("threads", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("worker_id", name=op.f("pk_worker_heartbeats")),
    )
    op.create_index(op.f("ix_worker_heartbeats_seen_at"), "worker_heartbeats", ["seen_at"])
    op.create_table(
        "task_locks",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("holder", sa.String(length=160), nullable=False),
        sa.Column("lease_until", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_task_locks")),
    )
    op.create_table(
        "invitation_mails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signatory_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("sealed_link", sa.Text(), nullable=True),
        sa.Column("message_id", sa.String(length=200), nullable=True),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_invitation_mails_job_id_jobs"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["signatory_id"],
            ["signatories.id"],
            name=op.f("fk_invitation_mails_signatory_id_signatories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation_mails")),
        sa.UniqueConstraint("signatory_id", "round", name="uq_invitation_mails_signatory_id_round"),
    )
    op.create_index(op.f("ix_invitation_mails_signatory_id"), "invitation_mails", ["signatory_id"])

    _move_merges_into_jobs()
    op.drop_table("merge_jobs")


def _move_merges_into_jobs():
    connection = op.get_bind()
    merges = sa.table("merge_jobs", *(sa.column(name) for name in (
        "id", *MERGE_ARGUMENTS, "status", "total", "done", "error", "result", "result_filename", "created_by_id",
        "created_at", "finished_at")))  # fmt: skip
    jobs = sa.table("jobs", *(sa.column(name) for name in (
        "id", "kind", "owner_id", "arguments", "status", "done", "total", "attempts", "max_attempts", "error",
        "result_ref", "result_filename", "result", "created_at", "started_at", "finished_at")))  # fmt: skip
    jobs.c.arguments.type = sa.JSON()
    for row in connection.execute(sa.select(merges)).mappings():
        arguments = {name: _json(row[name]) for name in MERGE_ARGUMENTS}
        arguments["log_contacts"] = bool(arguments["log_contacts"])
        status, error, finished = row["status"], row["error"], row["finished_at"]
        if status in ("queued", "running"):  # its thread died with the old process
            status, error, finished = "failed", STOPPED, row["created_at"]
        connection.execute(jobs.insert().values(
            id=row["id"], kind="mail_merge", owner_id=row["created_by_id"], arguments=arguments, status=status,
            done=row["done"], total=row["total"], attempts=1, max_attempts=3, error=error,
            result_ref="file" if row["result"] is not None else None, result_filename=row["result_filename"],
            result=row["result"], created_at=row["created_at"], started_at=row["created_at"], finished_at=finished,
        ))  # fmt: skip
    if connection.dialect.name == "postgresql":  # the ids were kept: move the sequence past them
        connection.execute(sa.text("SELECT setval(pg_get_serial_sequence('jobs', 'id'), "
                                   "GREATEST((SELECT COALESCE(MAX(id), 0) FROM jobs), 1))"))  # fmt: skip


def downgrade():
    op.create_table(
        "merge_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_version_id", sa.Integer(), nullable=True),
        sa.Column("builtin_template", sa.String(length=60), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("recipients_label", sa.String(length=300), nullable=False),
        sa.Column("recipient_ids", sa.JSON(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("output", sa.String(length=10), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("log_contacts", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("result", sa.LargeBinary(), nullable=True),
        sa.Column("result_filename", sa.String(length=300), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_merge_jobs_created_by_id_users")),
        sa.ForeignKeyConstraint(
            ["template_version_id"],
            ["template_versions.id"],
            name=op.f("fk_merge_jobs_template_version_id_template_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merge_jobs")),
    )
    connection = op.get_bind()
    jobs = sa.table("jobs", *(sa.column(name) for name in (
        "id", "kind", "owner_id", "arguments", "status", "done", "total", "error", "result", "result_filename",
        "created_at", "finished_at")))  # fmt: skip
    merges = sa.table("merge_jobs", *(sa.column(name) for name in (
        "id", *MERGE_ARGUMENTS, "status", "total", "done", "error", "result", "result_filename", "created_by_id",
        "created_at", "finished_at")))  # fmt: skip
    for name in ("recipient_ids", "fields", "options"):
        merges.c[name].type = sa.JSON()
    for row in connection.execute(sa.select(jobs).where(jobs.c.kind == "mail_merge")).mappings():
        arguments = _json(row["arguments"]) or {}
        connection.execute(merges.insert().values(
            id=row["id"], **{name: arguments.get(name) for name in MERGE_ARGUMENTS if name not in (
                "recipient_ids", "fields", "options", "log_contacts", "title", "recipients_label", "output")},
            title=arguments.get("title", ""), recipients_label=arguments.get("recipients_label", ""),
            recipient_ids=arguments.get("recipient_ids", []), fields=arguments.get("fields", {}),
            options=arguments.get("options", {}), output=arguments.get("output", "pdf"),
            log_contacts=bool(arguments.get("log_contacts")), status=row["status"], total=row["total"],
            done=row["done"], error=row["error"], result=row["result"], result_filename=row["result_filename"],
            created_by_id=row["owner_id"], created_at=row["created_at"], finished_at=row["finished_at"],
        ))  # fmt: skip
    op.drop_index(op.f("ix_invitation_mails_signatory_id"), table_name="invitation_mails")
    op.drop_table("invitation_mails")
    op.drop_table("task_locks")
    op.drop_index(op.f("ix_worker_heartbeats_seen_at"), table_name="worker_heartbeats")
    op.drop_table("worker_heartbeats")
    op.drop_table("job_parts")
    op.drop_table("job_effects")
    op.drop_index("ix_jobs_kind_created_at", table_name="jobs")
    op.drop_index("ix_jobs_status_kind", table_name="jobs")
    op.drop_index(op.f("ix_jobs_owner_id"), table_name="jobs")
    op.drop_table("jobs")
