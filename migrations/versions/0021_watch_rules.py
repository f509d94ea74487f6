"""Dossiers watch the Tweede Kamer: watch rules per dossier, the items they match (with the rule as why, and when
each new match was announced), dismissed matches per dossier, and the incremental matching's marks.

Revision ID: 0021
Revises: 0018
Create Date: 2026-12-07

Data is preserved: four new tables that start empty; no existing table changes. The first sync job after the
upgrade matches every rule a user adds (there are none yet).
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "watch_marks",
        sa.Column("table", sa.String(length=40), nullable=False),
        sa.Column("mark", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("table", name=op.f("pk_watch_marks")),
    )
    op.create_table(
        "watch_dismissals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("item_kind", sa.String(length=20), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("dismissed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dismissed_by_id"], ["users.id"], name=op.f("fk_watch_dismissals_dismissed_by_id_users")
        ),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"], name=op.f("fk_watch_dismissals_dossier_id_dossiers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_dismissals")),
        sa.UniqueConstraint("dossier_id", "item_kind", "item_id", name="uq_watch_dismissals_dossier_item"),
    )
    op.create_table(
        "watch_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_watch_rules_created_by_id_users")),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"], name=op.f("fk_watch_rules_dossier_id_dossiers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_rules")),
        sa.UniqueConstraint("dossier_id", "kind", "value", name="uq_watch_rules_dossier_kind_value"),
    )
    with op.batch_alter_table("watch_rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_watch_rules_dossier_id"), ["dossier_id"], unique=False)

    op.create_table(
        "watch_matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("item_kind", sa.String(length=20), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("item_at", sa.DateTime(), nullable=True),
        sa.Column("matched_at", sa.DateTime(), nullable=False),
        sa.Column("announced_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"], name=op.f("fk_watch_matches_dossier_id_dossiers")),
        sa.ForeignKeyConstraint(
            ["rule_id"], ["watch_rules.id"], name=op.f("fk_watch_matches_rule_id_watch_rules"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_matches")),
        sa.UniqueConstraint("rule_id", "item_kind", "item_id", name="uq_watch_matches_rule_item"),
    )
    with op.batch_alter_table("watch_matches", schema=None) as batch_op:
        batch_op.create_index("ix_watch_matches_dossier_kind_at", ["dossier_id", "item_kind", "item_at"], unique=False)
        batch_op.create_index("ix_watch_matches_item", ["item_kind", "item_id"], unique=False)
        batch_op.create_index("ix_watch_matches_unannounced", ["announced_at"], unique=False)


def downgrade():
    with op.batch_alter_table("watch_matches", schema=None) as batch_op:
        batch_op.drop_index("ix_watch_matches_unannounced")
        batch_op.drop_index("ix_watch_matches_item")
        batch_op.drop_index("ix_watch_matches_dossier_kind_at")

    op.drop_table("watch_matches")
    with op.batch_alter_table("watch_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watch_rules_dossier_id"))

    op.drop_table("watch_rules")
    op.drop_table("watch_dismissals")
    op.drop_table("watch_marks")
