"""Timelines read the newest contacts of a record from an index: the links carry a copy of the contact's time.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# (link table, the record column it links to)
LINKS = (
    ("interaction_people", "person_id"),
    ("interaction_organisations", "organisation_id"),
    ("interaction_dossiers", "dossier_id"),
)


def upgrade():
    for table, column in LINKS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("occurred_at", sa.DateTime(), nullable=True))
            batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
            batch_op.create_index(f"ix_{table}_{column}_occurred_at", [column, "occurred_at"], unique=False)
        # Existing links take their contact's time.
        op.execute(
            f"UPDATE {table} SET occurred_at = "  # noqa: S608 - table names are the constants above
            f"(SELECT interactions.occurred_at FROM interactions WHERE interactions.id = {table}.interaction_id)"
        )
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interactions_coalition_id"))
        batch_op.create_index("ix_interactions_coalition_occurred_at", ["coalition_id", "occurred_at"], unique=False)


def downgrade():
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_index("ix_interactions_coalition_occurred_at")
        batch_op.create_index(batch_op.f("ix_interactions_coalition_id"), ["coalition_id"], unique=False)
    for table, column in reversed(LINKS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_{column}_occurred_at")
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)
            batch_op.drop_column("occurred_at")
