"""The Tweede Kamer: a mirror of the Gegevensmagazijn's entity sets (tk_*), the sync's marks, runs and lock, and the
source of registry rows the Kamer keeps (`source`, `source_id` on organisations, people and positions).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07

Data is preserved: the new tables start empty (the lock's one row is made here), and every existing organisation,
person and position gets no source (our users own all their fields, as before).
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tk_activities",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("soort", sa.String(length=120), nullable=True),
        sa.Column("number", sa.String(length=30), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("date_kind", sa.String(length=40), nullable=True),
        sa.Column("day", sa.DateTime(), nullable=True),
        sa.Column("starts_at", sa.DateTime(), nullable=True),
        sa.Column("ends_at", sa.DateTime(), nullable=True),
        sa.Column("sort_at", sa.DateTime(), nullable=True),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.Column("closed", sa.Boolean(), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=True),
        sa.Column("session_year", sa.String(length=12), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("lead_name", sa.String(length=300), nullable=True),
        sa.Column("lead_abbreviation", sa.String(length=60), nullable=True),
        sa.Column("committee_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("removed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tk_activities")),
    )
    with op.batch_alter_table("tk_activities", schema=None) as batch_op:
        batch_op.create_index(
            "ix_tk_activities_committee_sort_at", ["committee_id", "removed", "sort_at"], unique=False
        )
        batch_op.create_index("ix_tk_activities_removed_sort_at", ["removed", "sort_at"], unique=False)

    op.create_table(
        "tk_agenda_items",
        sa.Column("activity_id", sa.String(length=36), nullable=True),
        sa.Column("number", sa.String(length=30), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("starts_at", sa.DateTime(), nullable=True),
        sa.Column("ends_at", sa.DateTime(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("heading", sa.String(length=300), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("removed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tk_agenda_items")),
    )
    with op.batch_alter_table("tk_agenda_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tk_agenda_items_activity_id"), ["activity_id"], unique=False)

    op.create_table(
        "tk_cases",
        sa.Column("number", sa.String(length=30), nullable=True),
        sa.Column("soort", sa.String(length=120), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("citation_title", sa.Text(), nullable=True),
        sa.Column("alias", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=60), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("session_year", sa.String(length=12), nullable=True),
        sa.Column("serial", sa.Integer(), nullable=True),
        sa.Column("treatment_status", sa.String(length=120), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=True),
        sa.Column("large_project", sa.Boolean(), nullable=True),
        sa.Column("cabinet_appraisal", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("removed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tk_cases")),
    )
    with op.batch_alter_table("tk_cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tk_cases_number"), ["number"], unique=False)

    op.create_table(
        "tk_commitments",
        sa.Column("number", sa.String(length=30), nullable=True),
        sa.Column("activity_number", sa.String(length=30), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("function", sa.String(length=200), nullable=True),
        sa.Column("ministry", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("made_on", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("removed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tk_commitments")),
    )
    with op.batch_alter_table("tk_commitments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tk_commitments_activity_number"), ["activity_number"], unique=False)

    op.create_table(
        "tk_committee_members",
        sa.Column("substitute", sa.Boolean(), nullable=False),
        sa.Column("seat_id", sa.String(length=36), nullable=True),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("function", sa.String(length=80), nullable=True),
        sa.Column("from_date", sa.Date(), nullable=True),
        sa.Column("until_date", sa.Date(), nullable=True),
        sa.Column("needs_projection", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("removed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tk_committee_members")),
    )
    with op.batch_alter_table("tk_committee_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tk_committee_members_needs_projection"), ["needs_projection"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_tk_committee_members_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tk_committee_members_seat_id"), ["seat_id"], unique=False)

    op.create_table(
        "tk_committee_seats",
        sa.Column("committee_id", sa.String(length=36), nullable=True),
        sa.Column("weight", sa.Integer(), nullable=True),
        sa.Column("needs_projection", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("removed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tk_committee_seats")),
    )
    with op.batch_alter_table("tk_committee_seats", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tk_committee_seats_committee_id"), ["committee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tk_committee_seats_needs_projection"), ["needs_projection"], unique=False)

    op.create_table(
        "tk_committees",
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=80), nullable=True),
        sa.Column("abbreviation", sa.String(length=60), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("name_en", sa.String(length=300), nullable=True),
        sa.Column("web_name", sa.String(length=300), nullable=True),
        sa.Column("active_from", sa.Date(), nullable=True),
        sa.Column("active_until", sa.Date(), nullable=True),
        sa.Column("needs_projection", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("removed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tk_committees")),
    )
    with op.batch_alter_table("tk_committees", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tk_committees_needs_projection"), ["needs_projection"], unique=False)

    op.create_table(
        "tk_decisions",
        sa.Column("agenda_item_id", sa.String(length=36), nullable=True),
        sa.Column("vote_kind", sa.String(length=80), nullable=True),
        sa.Column("decision_kind", sa.String(length=120), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("remark", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=True),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("removed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tk_decisions")),
    )
    with op.batch_alter_table("tk_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tk_decisions_agenda_item_id"), ["agenda_item_id"], unique=False)

    op.create_table(
        "tk_documents",
        sa.Column("soort", sa.String(length=120), nullable=True),
        sa.Column("number", sa.String(length=30), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("session_year", sa.String(length=12), nullable=True),
        sa.Column("serial", sa.Integer(), nullable=True),
        sa.Column("citation_title", sa.Text(), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("content_type", sa.String(length=100), nullable=True),
        sa.Column("content_length", sa.Integer(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("removed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tk_documents")),
    )
    op.create_table(
        "tk_fraction_members",
        sa.Column("seat_id", sa.String(length=36), nullable=True),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("function", sa.String(length=80), nullable=True),
        sa.Column("from_date", sa.Date(), nullable=True),
        sa.Column("until_date", sa.Date(), nullable=True),
        sa.Column("needs_projection", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("removed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tk_fraction_members")),
    )
    with op.batch_alter_table("tk_fraction_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tk_fraction_members_needs_projection"), ["needs_projection"], unique=False)
        batch_op.create_index(batch_op.f("ix_tk_fraction_members_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tk_fraction_members_seat_id"), ["seat_id"], unique=False)

    op.create_table(
        "tk_fraction_seats",
        sa.Column("fraction_id", sa.String(length=36), nullable=True),
        sa.Column("weight", sa.Integer(), nullable=True),
        sa.Column("needs_projection", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("removed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tk_fraction_seats")),
    )
    with op.batch_alter_table("tk_fraction_seats", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tk_fraction_seats_fraction_id"), ["fraction_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tk_fraction_seats_needs_projection"), ["needs_projection"], unique=False)

    op.create_table(
        "tk_fractions",
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("abbreviation", sa.String(length=60), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("name_en", sa.String(length=200), nullable=True),
        sa.Column("seats", sa.Integer(), nullable=True),
        sa.Column("votes", sa.Integer(), nullable=True),
        sa.Column("active_from", sa.Date(), nullable=True),
        sa.Column("active_until", sa.Date(), nullable=True),
        sa.Column("needs_projection", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("removed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tk_fractions")),
    )
    with op.batch_alter_table("tk_fractions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tk_fractions_needs_projection"), ["needs_projection"], unique=False)

    op.create_table(
        "tk_kamerstukdossiers",
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("citation_title", sa.Text(), nullable=True),
        sa.Column("alias", sa.Text(), nullable=True),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("addition", sa.String(length=30), nullable=True),
        sa.Column("highest_serial", sa.Integer(), nullable=True),
        sa.Column("closed", sa.Boolean(), nullable=True),
        sa.Column("chamber", sa.String(length=40), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("removed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tk_kamerstukdossiers")),
    )
    with op.batch_alter_table("tk_kamerstukdossiers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tk_kamerstukdossiers_number"), ["number"], unique=False)

    op.create_table(
        "tk_persons",
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("titles", sa.String(length=100), nullable=True),
        sa.Column("initials", sa.String(length=40), nullable=True),
        sa.Column("prefix", sa.String(length=40), nullable=True),
        sa.Column("last_name", sa.String(length=120), nullable=True),
        sa.Column("given_names", sa.String(length=200), nullable=True),
        sa.Column("first_name", sa.String(length=80), nullable=True),
        sa.Column("gender", sa.String(length=20), nullable=True),
        sa.Column("function", sa.String(length=80), nullable=True),
        sa.Column("born_on", sa.Date(), nullable=True),
        sa.Column("residence", sa.String(length=120), nullable=True),
        sa.Column("review_candidates", sa.String(length=300), nullable=True),
        sa.Column("needs_projection", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("removed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tk_persons")),
    )
    with op.batch_alter_table("tk_persons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tk_persons_needs_projection"), ["needs_projection"], unique=False)

    op.create_table(
        "tk_sync_lock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tk_sync_lock")),
    )
    op.create_table(
        "tk_sync_marks",
        sa.Column("entity_set", sa.String(length=60), nullable=False),
        sa.Column("mark", sa.String(length=40), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("entity_set", name=op.f("pk_tk_sync_marks")),
    )
    op.create_table(
        "tk_sync_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("full", sa.Boolean(), nullable=False),
        sa.Column("trigger", sa.String(length=40), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tk_sync_runs")),
    )
    with op.batch_alter_table("tk_sync_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tk_sync_runs_started_at"), ["started_at"], unique=False)
    op.bulk_insert(sa.table("tk_sync_lock", sa.column("id", sa.Integer)), [{"id": 1}])

    op.create_table(
        "tk_votes",
        sa.Column("decision_id", sa.String(length=36), nullable=True),
        sa.Column("soort", sa.String(length=40), nullable=True),
        sa.Column("fraction_size", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=True),
        sa.Column("actor_fraction", sa.String(length=200), nullable=True),
        sa.Column("mistake", sa.Boolean(), nullable=True),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("fraction_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("removed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tk_votes")),
    )
    with op.batch_alter_table("tk_votes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tk_votes_decision_id"), ["decision_id"], unique=False)

    op.create_table(
        "tk_agenda_item_cases",
        sa.Column("agenda_item_id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["tk_agenda_items.id"],
            name=op.f("fk_tk_agenda_item_cases_agenda_item_id_tk_agenda_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("agenda_item_id", "case_id", name=op.f("pk_tk_agenda_item_cases")),
    )
    with op.batch_alter_table("tk_agenda_item_cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tk_agenda_item_cases_case_id"), ["case_id"], unique=False)

    op.create_table(
        "tk_agenda_item_documents",
        sa.Column("agenda_item_id", sa.String(length=36), nullable=False),
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["tk_agenda_items.id"],
            name=op.f("fk_tk_agenda_item_documents_agenda_item_id_tk_agenda_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("agenda_item_id", "document_id", name=op.f("pk_tk_agenda_item_documents")),
    )
    with op.batch_alter_table("tk_agenda_item_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tk_agenda_item_documents_document_id"), ["document_id"], unique=False)

    op.create_table(
        "tk_case_dossiers",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["tk_cases.id"], name=op.f("fk_tk_case_dossiers_case_id_tk_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("case_id", "dossier_id", name=op.f("pk_tk_case_dossiers")),
    )
    with op.batch_alter_table("tk_case_dossiers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tk_case_dossiers_dossier_id"), ["dossier_id"], unique=False)

    op.create_table(
        "tk_decision_cases",
        sa.Column("decision_id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["tk_decisions.id"],
            name=op.f("fk_tk_decision_cases_decision_id_tk_decisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("decision_id", "case_id", name=op.f("pk_tk_decision_cases")),
    )
    with op.batch_alter_table("tk_decision_cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tk_decision_cases_case_id"), ["case_id"], unique=False)

    op.create_table(
        "tk_document_dossiers",
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["tk_documents.id"],
            name=op.f("fk_tk_document_dossiers_document_id_tk_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "dossier_id", name=op.f("pk_tk_document_dossiers")),
    )
    with op.batch_alter_table("tk_document_dossiers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tk_document_dossiers_dossier_id"), ["dossier_id"], unique=False)

    with op.batch_alter_table("affiliations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("source_id", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_affiliations_source"), ["source", "source_id"])

    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("source_id", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_organisations_source"), ["source", "source_id"])

    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("source_id", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_people_source"), ["source", "source_id"])


def downgrade():
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_people_source"), type_="unique")
        batch_op.drop_column("source_id")
        batch_op.drop_column("source")

    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_organisations_source"), type_="unique")
        batch_op.drop_column("source_id")
        batch_op.drop_column("source")

    with op.batch_alter_table("affiliations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_affiliations_source"), type_="unique")
        batch_op.drop_column("source_id")
        batch_op.drop_column("source")

    with op.batch_alter_table("tk_document_dossiers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tk_document_dossiers_dossier_id"))

    op.drop_table("tk_document_dossiers")
    with op.batch_alter_table("tk_decision_cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tk_decision_cases_case_id"))

    op.drop_table("tk_decision_cases")
    with op.batch_alter_table("tk_case_dossiers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tk_case_dossiers_dossier_id"))

    op.drop_table("tk_case_dossiers")
    with op.batch_alter_table("tk_agenda_item_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tk_agenda_item_documents_document_id"))

    op.drop_table("tk_agenda_item_documents")
    with op.batch_alter_table("tk_agenda_item_cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tk_agenda_item_cases_case_id"))

    op.drop_table("tk_agenda_item_cases")
    with op.batch_alter_table("tk_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tk_votes_decision_id"))

    op.drop_table("tk_votes")
    with op.batch_alter_table("tk_sync_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tk_sync_runs_started_at"))

    op.drop_table("tk_sync_runs")
    op.drop_table("tk_sync_marks")
    op.drop_table("tk_sync_lock")
    with op.batch_alter_table("tk_persons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tk_persons_needs_projection"))

    op.drop_table("tk_persons")
    with op.batch_alter_table("tk_kamerstukdossiers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tk_kamerstukdossiers_number"))

    op.drop_table("tk_kamerstukdossiers")
    with op.batch_alter_table("tk_fractions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tk_fractions_needs_projection"))

    op.drop_table("tk_fractions")
    with op.batch_alter_table("tk_fraction_seats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tk_fraction_seats_needs_projection"))
        batch_op.drop_index(batch_op.f("ix_tk_fraction_seats_fraction_id"))

    op.drop_table("tk_fraction_seats")
    with op.batch_alter_table("tk_fraction_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tk_fraction_members_seat_id"))
        batch_op.drop_index(batch_op.f("ix_tk_fraction_members_person_id"))
        batch_op.drop_index(batch_op.f("ix_tk_fraction_members_needs_projection"))

    op.drop_table("tk_fraction_members")
    op.drop_table("tk_documents")
    with op.batch_alter_table("tk_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tk_decisions_agenda_item_id"))

    op.drop_table("tk_decisions")
    with op.batch_alter_table("tk_committees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tk_committees_needs_projection"))

    op.drop_table("tk_committees")
    with op.batch_alter_table("tk_committee_seats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tk_committee_seats_needs_projection"))
        batch_op.drop_index(batch_op.f("ix_tk_committee_seats_committee_id"))

    op.drop_table("tk_committee_seats")
    with op.batch_alter_table("tk_committee_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tk_committee_members_seat_id"))
        batch_op.drop_index(batch_op.f("ix_tk_committee_members_person_id"))
        batch_op.drop_index(batch_op.f("ix_tk_committee_members_needs_projection"))

    op.drop_table("tk_committee_members")
    with op.batch_alter_table("tk_commitments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tk_commitments_activity_number"))

    op.drop_table("tk_commitments")
    with op.batch_alter_table("tk_cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tk_cases_number"))

    op.drop_table("tk_cases")
    with op.batch_alter_table("tk_agenda_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tk_agenda_items_activity_id"))

    op.drop_table("tk_agenda_items")
    with op.batch_alter_table("tk_activities", schema=None) as batch_op:
        batch_op.drop_index("ix_tk_activities_removed_sort_at")
        batch_op.drop_index("ix_tk_activities_committee_sort_at")

    op.drop_table("tk_activities")
