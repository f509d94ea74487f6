"""Contact log: interactions with the people, organisations, colleagues and dossiers involved.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "interactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("coalition_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("follow_up", sa.String(length=500), nullable=True),
        sa.Column("follow_up_owner_id", sa.Integer(), nullable=True),
        sa.Column("follow_up_due", sa.Date(), nullable=True),
        sa.Column("follow_up_done_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coalition_id"], ["coalitions.id"], name=op.f("fk_interactions_coalition_id_coalitions")
        ),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_interactions_created_by_id_users")),
        sa.ForeignKeyConstraint(
            ["follow_up_owner_id"], ["users.id"], name=op.f("fk_interactions_follow_up_owner_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interactions")),
    )
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interactions_coalition_id"), ["coalition_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_interactions_created_by_id"), ["created_by_id"], unique=False)
        batch_op.create_index(
            "ix_interactions_follow_up", ["follow_up_owner_id", "follow_up_done_at", "follow_up_due"], unique=False
        )
        batch_op.create_index("ix_interactions_occurred_at", ["occurred_at"], unique=False)

    op.create_table(
        "interaction_dossiers",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossiers.id"],
            name=op.f("fk_interaction_dossiers_dossier_id_dossiers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_interaction_dossiers_interaction_id_interactions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("interaction_id", "dossier_id", name=op.f("pk_interaction_dossiers")),
    )
    with op.batch_alter_table("interaction_dossiers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interaction_dossiers_dossier_id"), ["dossier_id"], unique=False)

    op.create_table(
        "interaction_organisations",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_interaction_organisations_interaction_id_interactions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_interaction_organisations_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("interaction_id", "organisation_id", name=op.f("pk_interaction_organisations")),
    )
    with op.batch_alter_table("interaction_organisations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interaction_organisations_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "interaction_users",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_interaction_users_interaction_id_interactions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_interaction_users_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("interaction_id", "user_id", name=op.f("pk_interaction_users")),
    )
    with op.batch_alter_table("interaction_users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interaction_users_user_id"), ["user_id"], unique=False)

    op.create_table(
        "interaction_people",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_interaction_people_interaction_id_interactions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_interaction_people_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("interaction_id", "person_id", name=op.f("pk_interaction_people")),
    )
    with op.batch_alter_table("interaction_people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interaction_people_person_id"), ["person_id"], unique=False)


def downgrade():
    with op.batch_alter_table("interaction_people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_people_person_id"))

    op.drop_table("interaction_people")
    with op.batch_alter_table("interaction_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_users_user_id"))

    op.drop_table("interaction_users")
    with op.batch_alter_table("interaction_organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_organisations_organisation_id"))

    op.drop_table("interaction_organisations")
    with op.batch_alter_table("interaction_dossiers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_dossiers_dossier_id"))

    op.drop_table("interaction_dossiers")
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_index("ix_interactions_occurred_at")
        batch_op.drop_index("ix_interactions_follow_up")
        batch_op.drop_index(batch_op.f("ix_interactions_created_by_id"))
        batch_op.drop_index(batch_op.f("ix_interactions_coalition_id"))

    op.drop_table("interactions")
