"""A zaak's group on each watch match (`watch_matches.item_group`), indexed with the dossier, kind and moment, so the
dossier page reads each group's newest matches by index; existing case matches get their group from the zaak.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

# The same rule as crm/watch/groups.py (a migration keeps its own copy: the code may change after it).
SET_GROUPS = """
UPDATE watch_matches SET item_group = (
    SELECT CASE
        WHEN lower(coalesce(tk_cases.soort, '')) LIKE 'motie%' THEN 'motion'
        WHEN lower(coalesce(tk_cases.soort, '')) LIKE 'amendement%' THEN 'amendment'
        WHEN lower(coalesce(tk_cases.soort, '')) LIKE 'brief%' THEN 'letter'
        WHEN lower(coalesce(tk_cases.soort, '')) LIKE '%vragen%' THEN 'question'
        ELSE 'other'
    END
    FROM tk_cases WHERE tk_cases.id = watch_matches.item_id
) WHERE item_kind = 'case'
"""


def upgrade():
    with op.batch_alter_table("watch_matches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("item_group", sa.String(length=20), nullable=True))
        batch_op.create_index(
            "ix_watch_matches_dossier_group_at", ["dossier_id", "item_kind", "item_group", "item_at"], unique=False
        )
    op.execute(SET_GROUPS)


def downgrade():
    with op.batch_alter_table("watch_matches", schema=None) as batch_op:
        batch_op.drop_index("ix_watch_matches_dossier_group_at")
        batch_op.drop_column("item_group")
