"""One-time form tokens: a create form submitted twice (a double click, a replayed POST) saves once.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06

The unique constraint on the token is what makes a second claim of the same token fail, across workers and machines.
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "used_form_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("record_type", sa.String(length=50), nullable=True),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_used_form_tokens")),
        sa.UniqueConstraint("token", name=op.f("uq_used_form_tokens_token")),
    )
    op.create_index(op.f("ix_used_form_tokens_used_at"), "used_form_tokens", ["used_at"])


def downgrade():
    op.drop_index(op.f("ix_used_form_tokens_used_at"), table_name="used_form_tokens")
    op.drop_table("used_form_tokens")
