"""Meetings: series, meetings with attendees, agenda items, decisions, minutes versions, action items, calendar feeds.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_calendar_feeds_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_feeds_user_id"), ["user_id"], unique=False)

    op.create_table(
        "meeting_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("coalition_id", sa.Integer(), nullable=True),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("search_text", sa.String(length=600), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["coalition_id"], ["coalitions.id"], name=op.f("fk_meeting_series_coalition_id_coalitions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_series")),
    )
    with op.batch_alter_table("meeting_series", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_series_coalition_id"), ["coalition_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_series_name_key"), ["name_key"], unique=False)

    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.Column("online_url", sa.String(length=500), nullable=True),
        sa.Column("organiser_id", sa.Integer(), nullable=True),
        sa.Column("coalition_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("minutes_status", sa.String(length=20), nullable=False),
        sa.Column("minutes_finalised_at", sa.DateTime(), nullable=True),
        sa.Column("minutes_finalised_by_id", sa.Integer(), nullable=True),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.Column("search_text", sa.String(length=600), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_meetings_ends_after_start")),
        sa.ForeignKeyConstraint(["coalition_id"], ["coalitions.id"], name=op.f("fk_meetings_coalition_id_coalitions")),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_meetings_interaction_id_interactions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["minutes_finalised_by_id"], ["users.id"], name=op.f("fk_meetings_minutes_finalised_by_id_users")
        ),
        sa.ForeignKeyConstraint(["organiser_id"], ["users.id"], name=op.f("fk_meetings_organiser_id_users")),
        sa.ForeignKeyConstraint(
            ["series_id"], ["meeting_series.id"], name=op.f("fk_meetings_series_id_meeting_series")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
        sa.UniqueConstraint("interaction_id", name=op.f("uq_meetings_interaction_id")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meetings_coalition_id"), ["coalition_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meetings_organiser_id"), ["organiser_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meetings_series_id"), ["series_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meetings_starts_at"), ["starts_at"], unique=False)

    op.create_table(
        "agenda_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("presenter", sa.String(length=200), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "duration_minutes IS NULL OR duration_minutes >= 0", name=op.f("ck_agenda_items_duration_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_agenda_items_meeting_id_meetings"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_items")),
    )
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_items_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "meeting_attendees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("attendance", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(user_id IS NULL) <> (person_id IS NULL)", name=op.f("ck_meeting_attendees_user_or_person")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_attendees_meeting_id_meetings"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_meeting_attendees_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_meeting_attendees_person_id_people")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_meeting_attendees_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attendees")),
        sa.UniqueConstraint("meeting_id", "person_id", name="uq_meeting_attendees_person"),
        sa.UniqueConstraint("meeting_id", "user_id", name="uq_meeting_attendees_user"),
    )
    with op.batch_alter_table("meeting_attendees", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_attendees_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_attendees_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_attendees_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_attendees_user_id"), ["user_id"], unique=False)

    op.create_table(
        "meeting_dossiers",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_meeting_dossiers_dossier_id_dossiers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_dossiers_meeting_id_meetings"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("meeting_id", "dossier_id", name=op.f("pk_meeting_dossiers")),
    )
    with op.batch_alter_table("meeting_dossiers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_dossiers_dossier_id"), ["dossier_id"], unique=False)

    op.create_table(
        "minutes_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_minutes_versions_author_id_users")),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_minutes_versions_meeting_id_meetings"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_versions")),
        sa.UniqueConstraint("meeting_id", "number", name="uq_minutes_versions_number"),
    )
    with op.batch_alter_table("minutes_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_minutes_versions_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "action_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("owner_user_id", sa.Integer(), nullable=True),
        sa.Column("owner_person_id", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(owner_user_id IS NULL) <> (owner_person_id IS NULL)", name=op.f("ck_action_items_one_owner")
        ),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_action_items_agenda_item_id_agenda_items"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_action_items_meeting_id_meetings"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["owner_person_id"], ["people.id"], name=op.f("fk_action_items_owner_person_id_people")
        ),
        sa.ForeignKeyConstraint(["owner_user_id"], ["users.id"], name=op.f("fk_action_items_owner_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_items")),
    )
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_items_agenda_item_id"), ["agenda_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_items_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_items_owner_person_id"), ["owner_person_id"], unique=False)
        batch_op.create_index("ix_action_items_owner_status_due", ["owner_user_id", "status", "due_date"], unique=False)

    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_decisions_agenda_item_id_agenda_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_decisions_meeting_id_meetings"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_agenda_item_id"), ["agenda_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_meeting_id"), ["meeting_id"], unique=False)


def downgrade():
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_decisions_agenda_item_id"))

    op.drop_table("decisions")
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.drop_index("ix_action_items_owner_status_due")
        batch_op.drop_index(batch_op.f("ix_action_items_owner_person_id"))
        batch_op.drop_index(batch_op.f("ix_action_items_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_action_items_agenda_item_id"))

    op.drop_table("action_items")
    with op.batch_alter_table("minutes_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_versions_meeting_id"))

    op.drop_table("minutes_versions")
    with op.batch_alter_table("meeting_dossiers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_dossiers_dossier_id"))

    op.drop_table("meeting_dossiers")
    with op.batch_alter_table("meeting_attendees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_attendees_user_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_attendees_person_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_attendees_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_attendees_meeting_id"))

    op.drop_table("meeting_attendees")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_items_meeting_id"))

    op.drop_table("agenda_items")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetings_starts_at"))
        batch_op.drop_index(batch_op.f("ix_meetings_series_id"))
        batch_op.drop_index(batch_op.f("ix_meetings_organiser_id"))
        batch_op.drop_index(batch_op.f("ix_meetings_coalition_id"))

    op.drop_table("meetings")
    with op.batch_alter_table("meeting_series", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_series_name_key"))
        batch_op.drop_index(batch_op.f("ix_meeting_series_coalition_id"))

    op.drop_table("meeting_series")
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_feeds_user_id"))

    op.drop_table("calendar_feeds")
