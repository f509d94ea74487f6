"""Contacts logged from e-mail: captured messages (one contact each, unique by message key), their attachments,
each user's inbound address, and raw mail waiting to be logged (a dropped file's preview, a received message's job).

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-07

Only new tables: an existing database upgrades with its data untouched.
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "inbound_addresses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("local_part", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_inbound_addresses_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_addresses")),
        sa.UniqueConstraint("local_part", name=op.f("uq_inbound_addresses_local_part")),
        sa.UniqueConstraint("user_id", name=op.f("uq_inbound_addresses_user_id")),
    )
    op.create_table(
        "raw_emails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_raw_emails_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_raw_emails")),
    )
    with op.batch_alter_table("raw_emails", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_raw_emails_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_raw_emails_user_id"), ["user_id"], unique=False)

    op.create_table(
        "captured_emails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_key", sa.String(length=300), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("sender", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=True),
        sa.Column("unmatched", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("captured_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["captured_by_id"], ["users.id"], name=op.f("fk_captured_emails_captured_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_captured_emails_interaction_id_interactions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_captured_emails")),
        sa.UniqueConstraint("interaction_id", name=op.f("uq_captured_emails_interaction_id")),
        sa.UniqueConstraint("message_key", name=op.f("uq_captured_emails_message_key")),
    )
    with op.batch_alter_table("captured_emails", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_captured_emails_captured_by_id"), ["captured_by_id"], unique=False)

    op.create_table(
        "email_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email_id", sa.Integer(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("mimetype", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["email_id"],
            ["captured_emails.id"],
            name=op.f("fk_email_attachments_email_id_captured_emails"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_email_attachments_interaction_id_interactions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_attachments")),
    )
    with op.batch_alter_table("email_attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_email_attachments_email_id"), ["email_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_email_attachments_interaction_id"), ["interaction_id"], unique=False)


def downgrade():
    with op.batch_alter_table("email_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_email_attachments_interaction_id"))
        batch_op.drop_index(batch_op.f("ix_email_attachments_email_id"))

    op.drop_table("email_attachments")
    with op.batch_alter_table("captured_emails", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_captured_emails_captured_by_id"))

    op.drop_table("captured_emails")
    with op.batch_alter_table("raw_emails", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_raw_emails_user_id"))
        batch_op.drop_index(batch_op.f("ix_raw_emails_created_at"))

    op.drop_table("raw_emails")
    op.drop_table("inbound_addresses")
