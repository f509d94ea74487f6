"""Partner registry: organisations, people, affiliations, tags, coalitions, dossiers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "coalitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("search_text", sa.String(length=600), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coalitions")),
    )
    with op.batch_alter_table("coalitions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coalitions_name_key"), ["name_key"], unique=False)

    op.create_table(
        "dossiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("search_text", sa.String(length=600), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossiers")),
    )
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dossiers_name_key"), ["name_key"], unique=False)

    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
        sa.UniqueConstraint("key", name=op.f("uq_tags_key")),
    )

    op.create_table(
        "coalition_dossiers",
        sa.Column("coalition_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coalition_id"],
            ["coalitions.id"],
            name=op.f("fk_coalition_dossiers_coalition_id_coalitions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossiers.id"],
            name=op.f("fk_coalition_dossiers_dossier_id_dossiers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("coalition_id", "dossier_id", name=op.f("pk_coalition_dossiers")),
    )
    with op.batch_alter_table("coalition_dossiers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coalition_dossiers_dossier_id"), ["dossier_id"], unique=False)

    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("acronym", sa.String(length=30), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("postal_code", sa.String(length=20), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("search_text", sa.String(length=600), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_organisations_owner_id_users")),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["organisations.id"], name=op.f("fk_organisations_parent_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index("ix_organisations_name_archived", ["name_key", "archived_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisations_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisations_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisations_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "coalition_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coalition_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coalition_id"], ["coalitions.id"], name=op.f("fk_coalition_members_coalition_id_coalitions")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_coalition_members_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coalition_members")),
        sa.UniqueConstraint("coalition_id", "organisation_id", name="uq_coalition_members_pair"),
    )
    with op.batch_alter_table("coalition_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coalition_members_coalition_id"), ["coalition_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_coalition_members_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "organisation_tags",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_tags_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name=op.f("fk_organisation_tags_tag_id_tags"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("organisation_id", "tag_id", name=op.f("pk_organisation_tags")),
    )
    with op.batch_alter_table("organisation_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_tags_tag_id"), ["tag_id"], unique=False)

    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(length=80), nullable=True),
        sa.Column("initials", sa.String(length=20), nullable=True),
        sa.Column("name_prefix", sa.String(length=30), nullable=True),
        sa.Column("last_name", sa.String(length=120), nullable=False),
        sa.Column("salutation", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("name_key", sa.String(length=250), nullable=False),
        sa.Column("search_text", sa.String(length=600), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_people_owner_id_users")),
        sa.ForeignKeyConstraint(["party_id"], ["organisations.id"], name=op.f("fk_people_party_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index("ix_people_name_archived", ["name_key", "archived_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_party_id"), ["party_id"], unique=False)

    op.create_table(
        "affiliations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name=op.f("ck_affiliations_dates_ordered"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_affiliations_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_affiliations_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_affiliations")),
    )
    with op.batch_alter_table("affiliations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_affiliations_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_affiliations_person_id"), ["person_id"], unique=False)

    op.create_table(
        "person_tags",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_person_tags_person_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name=op.f("fk_person_tags_tag_id_tags"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("person_id", "tag_id", name=op.f("pk_person_tags")),
    )
    with op.batch_alter_table("person_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_tags_tag_id"), ["tag_id"], unique=False)


def downgrade():
    # Indexes go with their tables.
    op.drop_table("person_tags")
    op.drop_table("affiliations")
    op.drop_table("people")
    op.drop_table("organisation_tags")
    op.drop_table("coalition_members")
    op.drop_table("organisations")
    op.drop_table("coalition_dossiers")
    op.drop_table("tags")
    op.drop_table("dossiers")
    op.drop_table("coalitions")
