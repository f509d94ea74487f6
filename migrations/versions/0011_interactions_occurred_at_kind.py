"""The contacts' time index also holds their kind: the dashboard counts a year of contacts per kind and week from the
index alone, without reading the rows.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

The new index covers everything the old one did (time first), so the old one is dropped. Data is untouched.
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_interactions_occurred_at_kind", "interactions", ["occurred_at", "kind"])
    op.drop_index("ix_interactions_occurred_at", table_name="interactions")


def downgrade():
    op.create_index("ix_interactions_occurred_at", "interactions", ["occurred_at"])
    op.drop_index("ix_interactions_occurred_at_kind", table_name="interactions")
