"""Meeting series, meetings, attendees, agenda items, decisions, minutes versions, action items.

The personal calendar subscriptions are in `models_calendar.py`."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    event,
    func,
    select,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from crm.audit.models import Audited
from crm.common.choices import LabelledEnum, choices
from crm.common.models import ArchivableMixin, NameKeyed, TimestampMixin, VersionedMixin, dossier_links
from crm.common.text import fold
from crm.common.time import utcnow
from crm.extensions import db

if TYPE_CHECKING:
    from crm.auth.models import User
    from crm.coalitions.models import Coalition, Dossier
    from crm.interactions.models import Interaction
    from crm.partners.models import Organisation, Person


class MeetingStatus(LabelledEnum):
    PLANNED = "planned", _l("Planned")
    HELD = "held", _l("Held")
    CANCELLED = "cancelled", _l("Cancelled")


class MinutesStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    FINAL = "final", _l("Final")


class Attendance(LabelledEnum):
    INVITED = "invited", _l("Invited")
    ATTENDED = "attended", _l("Attended")
    ABSENT = "absent", _l("Absent")
    EXCUSED = "excused", _l("Excused")


class ActionStatus(LabelledEnum):
    OPEN = "open", _l("Open")
    DONE = "done", _l("Done")
    CANCELLED = "cancelled", _l("Cancelled")


class MinutesEvent(LabelledEnum):
    SAVED = "saved", _l("Saved")
    FINALISED = "finalised", _l("Finalised")
    REOPENED = "reopened", _l("Reopened")


MEETING_STATUS_LABELS = MeetingStatus.labels()
ATTENDANCE_LABELS = Attendance.labels()
ACTION_STATUS_LABELS = ActionStatus.labels()

meeting_dossiers = dossier_links("meeting_dossiers", "meeting_id", "meetings.id")


class MeetingSeries(NameKeyed, Audited, TimestampMixin, VersionedMixin, ArchivableMixin, db.Model):
    """A recurring consultation, e.g. "Directeurenoverleg VNO-NCW"; its meetings share follow-up."""

    __tablename__ = "meeting_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    coalition_id: Mapped[int | None] = mapped_column(ForeignKey("coalitions.id"), index=True)

    coalition: Mapped[Coalition | None] = relationship("Coalition")

    def __str__(self) -> str:
        return self.name


class Meeting(Audited, TimestampMixin, VersionedMixin, db.Model):
    """One meeting. Times are naive UTC; `organiser_id` is the owner for object-level permissions."""

    __tablename__ = "meetings"
    __audit_exclude__ = frozenset({"search_text", "attendee_count"})

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    series_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_series.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    location: Mapped[str | None] = mapped_column(String(300))
    online_url: Mapped[str | None] = mapped_column(String(500))
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    coalition_id: Mapped[int | None] = mapped_column(ForeignKey("coalitions.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=MeetingStatus.PLANNED.value, info=choices(MeetingStatus))
    minutes_status: Mapped[str] = mapped_column(
        String(20), default=MinutesStatus.DRAFT.value, info=choices(MinutesStatus)
    )
    minutes_finalised_at: Mapped[datetime | None]
    minutes_finalised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The contact-log entry that stands for this meeting once it is held (kept in step, never duplicated).
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id", ondelete="SET NULL"), unique=True)
    search_text: Mapped[str] = mapped_column(String(600), default="")

    series: Mapped[MeetingSeries | None] = relationship()
    organiser: Mapped[User | None] = relationship("User", foreign_keys=[organiser_id])
    minutes_finalised_by: Mapped[User | None] = relationship("User", foreign_keys=[minutes_finalised_by_id])
    coalition: Mapped[Coalition | None] = relationship("Coalition")
    interaction: Mapped[Interaction | None] = relationship("Interaction")
    dossiers: Mapped[list[Dossier]] = relationship("Dossier", secondary=meeting_dossiers, order_by="Dossier.name_key")
    attendees: Mapped[list[MeetingAttendee]] = relationship(back_populates="meeting", passive_deletes=True)
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position", passive_deletes=True
    )

    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    def __str__(self) -> str:
        return self.title

    status_label = MeetingStatus.label_property("status")

    minutes_status_label = MinutesStatus.label_property("minutes_status")

    @property
    def minutes_final(self) -> bool:
        return self.minutes_status == MinutesStatus.FINAL.value

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED.value

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD.value

    @property
    def effective_coalition_id(self) -> int | None:
        """The meeting's own coalition, else its series' coalition."""
        if self.coalition_id:
            return self.coalition_id
        return self.series.coalition_id if self.series else None


class MeetingAttendee(Audited, TimestampMixin, db.Model):
    """A colleague (user) or an external person at a meeting, with the organisation they represent."""

    __tablename__ = "meeting_attendees"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    attendance: Mapped[str] = mapped_column(String(20), default=Attendance.INVITED.value, info=choices(Attendance))

    meeting: Mapped[Meeting] = relationship(back_populates="attendees")
    user: Mapped[User | None] = relationship("User")
    person: Mapped[Person | None] = relationship("Person")
    organisation: Mapped[Organisation | None] = relationship("Organisation")

    __table_args__ = (
        CheckConstraint("(user_id IS NULL) <> (person_id IS NULL)", name="user_or_person"),
        UniqueConstraint("meeting_id", "user_id", name="uq_meeting_attendees_user"),
        UniqueConstraint("meeting_id", "person_id", name="uq_meeting_attendees_person"),
    )

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.user is not None:
            return self.user.name
        return self.person.full_name if self.person is not None else "?"

    @property
    def is_external(self) -> bool:
        return self.person_id is not None

    attendance_label = Attendance.label_property("attendance")

    def audit_parent(self) -> tuple[str, int] | None:
        return ("meeting", self.meeting_id)


class AgendaItem(Audited, TimestampMixin, VersionedMixin, db.Model):
    """An item on the agenda, in order; `minutes` holds the Markdown minutes of this item."""

    __tablename__ = "agenda_items"
    # Minutes text is kept in full by MinutesVersion snapshots; the trail records who saved which version.
    __audit_exclude__ = frozenset({"minutes"})

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(300))
    presenter: Mapped[str | None] = mapped_column(String(200))
    duration_minutes: Mapped[int | None]
    minutes: Mapped[str | None] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="agenda_item", order_by="Decision.id", passive_deletes=True
    )

    __table_args__ = (
        CheckConstraint("duration_minutes IS NULL OR duration_minutes >= 0", name="duration_not_negative"),
    )

    def __str__(self) -> str:
        return self.title

    def audit_parent(self) -> tuple[str, int] | None:
        return ("meeting", self.meeting_id)


class Decision(Audited, TimestampMixin, db.Model):
    """A decision taken at a meeting, optionally under an agenda item."""

    __tablename__ = "decisions"
    __audit_exclude__ = frozenset({"meeting_id"})  # the parent: the history belongs to the meeting

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)

    agenda_item: Mapped[AgendaItem | None] = relationship(back_populates="decisions")

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    def audit_parent(self) -> tuple[str, int] | None:
        return ("meeting", self.meeting_id)


class MinutesVersion(Audited, db.Model):
    """An immutable snapshot of the minutes (items' minutes and decisions), written on every save."""

    __tablename__ = "minutes_versions"
    __audit_exclude__ = frozenset({"content", "meeting_id"})

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    event: Mapped[str] = mapped_column(String(20), default=MinutesEvent.SAVED.value, info=choices(MinutesEvent))
    status: Mapped[str] = mapped_column(String(20), default=MinutesStatus.DRAFT.value, info=choices(MinutesStatus))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)  # the reason, when minutes were reopened
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    author: Mapped[User | None] = relationship("User")

    __table_args__ = (UniqueConstraint("meeting_id", "number", name="uq_minutes_versions_number"),)

    def __str__(self) -> str:
        return str(_l("Minutes version %(number)s", number=self.number))

    event_label = MinutesEvent.label_property("event")

    def audit_parent(self) -> tuple[str, int] | None:
        return ("meeting", self.meeting_id)


class ActionItem(Audited, TimestampMixin, VersionedMixin, db.Model):
    """Something to do after a meeting: owned by a colleague or an external person, with a due date."""

    __tablename__ = "action_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True)
    description: Mapped[str] = mapped_column(String(500))
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    owner_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=ActionStatus.OPEN.value, info=choices(ActionStatus))
    done_at: Mapped[datetime | None]

    meeting: Mapped[Meeting] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    owner_user: Mapped[User | None] = relationship("User")
    owner_person: Mapped[Person | None] = relationship("Person")

    __table_args__ = (
        CheckConstraint("(owner_user_id IS NULL) <> (owner_person_id IS NULL)", name="one_owner"),
        # "My actions": the open items of one owner, by due date.
        Index("ix_action_items_owner_status_due", "owner_user_id", "status", "due_date"),
    )

    def __str__(self) -> str:
        return self.description

    @property
    def owner_name(self) -> str:
        if self.owner_user is not None:
            return self.owner_user.name
        return self.owner_person.full_name if self.owner_person is not None else ""

    status_label = ActionStatus.label_property("status")

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN.value

    def is_overdue(self, on: date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < on

    def audit_parent(self) -> tuple[str, int] | None:
        return ("meeting", self.meeting_id)


# How many people are on a meeting's list: loaded only where asked for (`undefer`), in the same statement.
Meeting.attendee_count = column_property(
    select(func.count(MeetingAttendee.id))
    .where(MeetingAttendee.meeting_id == Meeting.id)
    .correlate_except(MeetingAttendee)
    .scalar_subquery(),
    deferred=True,
)


@event.listens_for(Meeting, "before_insert")
@event.listens_for(Meeting, "before_update")
def _meeting_keys(_mapper, _connection, meeting: Meeting) -> None:
    meeting.search_text = fold(" ".join(p for p in (meeting.title, meeting.location) if p))[:600]
