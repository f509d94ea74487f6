"""Privacy (AVG): a privacy record per person, and contact notes marked sensitive.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

Data is preserved: the new table starts empty (an existing person's lawful basis is "not recorded" until an
administrator records it; a migration cannot know whether someone holds a public role), and every existing contact
gets `sensitive = false` (its notes stay visible as before until someone marks them).
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "person_privacy",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("lawful_basis", sa.String(length=30), nullable=True),
        sa.Column("data_source", sa.String(length=300), nullable=True),
        sa.Column("notice_given_on", sa.Date(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("erased_at", sa.DateTime(), nullable=True),
        sa.Column("erasure_reason", sa.String(length=500), nullable=True),
        sa.Column("retention_reason", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "lawful_basis IS NULL OR lawful_basis IN ('public_role', 'legitimate_interest', 'consent')",
            name=op.f("ck_person_privacy_lawful_basis_known"),
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_person_privacy_person_id_people")),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_privacy")),
    )
    with op.batch_alter_table("person_privacy", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_privacy_review_on"), ["review_on"], unique=False)
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sensitive", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_column("sensitive")
    with op.batch_alter_table("person_privacy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_privacy_review_on"))
    op.drop_table("person_privacy")
