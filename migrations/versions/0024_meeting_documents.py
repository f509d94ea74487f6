"""Generated documents made for a meeting (a debate preparation added to it): `generated_documents.meeting_id`.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("generated_documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("meeting_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_generated_documents_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_generated_documents_meeting_id_meetings"), "meetings", ["meeting_id"], ["id"],
            ondelete="SET NULL",
        )  # fmt: skip


def downgrade():
    with op.batch_alter_table("generated_documents", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_generated_documents_meeting_id_meetings"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_generated_documents_meeting_id"))
        batch_op.drop_column("meeting_id")
