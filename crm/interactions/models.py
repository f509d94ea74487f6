"""Interactions (contactmomenten) with the people, organisations, colleagues and dossiers involved."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, Date, DateTime, ForeignKey, Index, String, Table, Text, event, false, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from crm.audit.models import Audited
from crm.common.choices import LabelledEnum, choices
from crm.common.models import TimestampMixin, VersionedMixin
from crm.common.time import utcnow
from crm.extensions import db

if TYPE_CHECKING:
    from crm.auth.models import User
    from crm.coalitions.models import Coalition, Dossier
    from crm.inbox.models import EmailAttachment
    from crm.partners.models import Organisation, Person


class InteractionKind(LabelledEnum):
    CALL = "call", _l("Phone call")
    EMAIL = "email", _l("Email")
    MEETING = "meeting", _l("Meeting")
    WORK_VISIT = "work_visit", _l("Work visit")
    EVENT = "event", _l("Event")
    LETTER = "letter", _l("Letter")
    MEDIA = "media", _l("Media")
    SOCIAL = "social", _l("Social media")
    OTHER = "other", _l("Other")


KIND_LABELS = InteractionKind.labels()


def _link_table(name: str, column: str, target: str, *, timeline: bool) -> Table:
    columns = [
        Column("interaction_id", ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True),
        Column(column, ForeignKey(f"{target}.id", ondelete="CASCADE"), primary_key=True, index=not timeline),
    ]
    if timeline:
        # A copy of the contact's time, kept by `copy_occurred_at_to_links`: "the newest contacts with X" then
        # reads a few index entries, however many contacts X has had (timelines, "who spoke to whom").
        columns.append(Column("occurred_at", DateTime))
        columns.append(Index(f"ix_{name}_{column}_occurred_at", column, "occurred_at"))
    return Table(name, db.metadata, *columns)


interaction_people = _link_table("interaction_people", "person_id", "people", timeline=True)
interaction_organisations = _link_table("interaction_organisations", "organisation_id", "organisations", timeline=True)
interaction_users = _link_table("interaction_users", "user_id", "users", timeline=False)
interaction_dossiers = _link_table("interaction_dossiers", "dossier_id", "dossiers", timeline=True)
TIMELINE_LINKS = (interaction_people, interaction_organisations, interaction_dossiers)


class Interaction(Audited, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "interactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default=InteractionKind.CALL.value, info=choices(InteractionKind))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    subject: Mapped[str] = mapped_column(String(300))
    location: Mapped[str | None] = mapped_column(String(300))  # where it took place (public agendas ask for it)
    notes: Mapped[str | None] = mapped_column(Text)
    # The notes may reveal political opinions (special-category data): only `contacts.sensitive` reads them.
    sensitive: Mapped[bool] = mapped_column(default=False, server_default=false())
    coalition_id: Mapped[int | None] = mapped_column(ForeignKey("coalitions.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    follow_up: Mapped[str | None] = mapped_column(String(500))
    follow_up_owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    follow_up_due: Mapped[date | None] = mapped_column(Date)
    follow_up_done_at: Mapped[datetime | None]

    coalition: Mapped[Coalition | None] = relationship("Coalition")
    created_by: Mapped[User | None] = relationship("User", foreign_keys=[created_by_id])
    follow_up_owner: Mapped[User | None] = relationship("User", foreign_keys=[follow_up_owner_id])
    people: Mapped[list[Person]] = relationship("Person", secondary=interaction_people, order_by="Person.name_key")
    organisations: Mapped[list[Organisation]] = relationship(
        "Organisation", secondary=interaction_organisations, order_by="Organisation.name_key"
    )
    users: Mapped[list[User]] = relationship("User", secondary=interaction_users, order_by="User.name")
    dossiers: Mapped[list[Dossier]] = relationship(
        "Dossier", secondary=interaction_dossiers, order_by="Dossier.name_key"
    )
    # Files that came with a contact logged from e-mail (crm/inbox), listed on the timelines.
    attachments: Mapped[list[EmailAttachment]] = relationship(
        "EmailAttachment", viewonly=True, order_by="EmailAttachment.id"
    )

    __table_args__ = (
        # Covering for the dashboard's counts per kind and week: a year of contacts read from the index alone.
        Index("ix_interactions_occurred_at_kind", "occurred_at", "kind"),
        Index("ix_interactions_coalition_occurred_at", "coalition_id", "occurred_at"),
        # "My actions": open follow-ups of one owner, by due date.
        Index("ix_interactions_follow_up", "follow_up_owner_id", "follow_up_done_at", "follow_up_due"),
    )

    def __str__(self) -> str:
        return self.subject

    kind_label = InteractionKind.label_property("kind")

    @property
    def has_open_follow_up(self) -> bool:
        return bool(self.follow_up) and self.follow_up_done_at is None


@event.listens_for(Session, "after_flush")
def copy_occurred_at_to_links(session: Session, _flush_context) -> None:
    """Keep the link rows' copy of `occurred_at` equal to their contact's, in the same transaction."""
    changed = [obj.id for obj in (*session.new, *session.dirty) if isinstance(obj, Interaction) and obj.id is not None]
    if not changed:
        return
    connection = session.connection()
    for link in TIMELINE_LINKS:
        moment = select(Interaction.occurred_at).where(Interaction.id == link.c.interaction_id).scalar_subquery()
        connection.execute(update(link).where(link.c.interaction_id.in_(changed)).values(occurred_at=moment))
