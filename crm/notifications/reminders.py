"""The daily reminders: what is due, what is close to its deadline, which meetings are tomorrow.

Each is raised with a key of the item and the day, so the job can run any number of times a day (two workers, a
retry, a manual run) and each user is reminded once per item per day."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from crm.common.time import local_day_start_utc, today
from crm.extensions import db
from crm.interactions.models import Interaction
from crm.letters.models import JointLetter, LetterStatus, Signatory, SignatoryStatus
from crm.meetings.models import ActionItem, ActionStatus, Meeting, MeetingAttendee, MeetingStatus
from crm.notifications.events import path_for
from crm.notifications.kinds import Kind
from crm.notifications.services import raise_notification
from crm.tasks.models import Job

DEADLINE_DAYS = 3


def day_of(job: Job) -> date:
    value = (job.arguments or {}).get("day")
    return date.fromisoformat(value) if value else today()


def raise_for_day(day: date) -> dict[str, int]:
    counts = {
        "due": _due_follow_ups(day) + _due_action_items(day),
        "deadlines": _deadlines(day),
        "briefings": _briefings(day),
    }
    db.session.flush()
    return counts


def _raised(notification) -> int:
    return 1 if notification is not None else 0


def _due_follow_ups(day: date) -> int:
    rows = db.session.scalars(
        select(Interaction)
        .options(joinedload(Interaction.follow_up_owner))
        .where(
            Interaction.follow_up.is_not(None),
            Interaction.follow_up_done_at.is_(None),
            Interaction.follow_up_owner_id.is_not(None),
            Interaction.follow_up_due <= day,
        )
    ).all()
    return sum(_raise_due(day, row.follow_up_owner, "follow_up", row.follow_up_due, row.follow_up,
                          path_for("interactions.detail", interaction_id=row.id), ("interaction", row.id))
               for row in rows)  # fmt: skip


def _due_action_items(day: date) -> int:
    rows = db.session.scalars(
        select(ActionItem)
        .options(joinedload(ActionItem.owner_user))
        .where(
            ActionItem.status == ActionStatus.OPEN.value,
            ActionItem.owner_user_id.is_not(None),
            ActionItem.due_date <= day,
        )
    ).all()
    return sum(_raise_due(day, row.owner_user, "action", row.due_date, row.description,
                          path_for("meetings.detail", meeting_id=row.meeting_id) + "#action-items",
                          ("action_item", row.id))
               for row in rows)  # fmt: skip


def _raise_due(day: date, owner, what: str, due: date, subject: str, url: str, record: tuple[str, int]) -> int:
    """Remind the owner of a follow-up or an action item (`what`) that is due today or overdue, once a day."""
    message = f"{what}_due" if due == day else f"{what}_overdue"
    params = {"subject": subject, "due": due.isoformat()}
    return _raised(
        raise_notification(
            owner, Kind.ITEM_DUE, message, key=f"{what}:{record[1]}:{day}", params=params, url=url, record=record
        )
    )


def _deadlines(day: date) -> int:
    letters = db.session.scalars(
        select(JointLetter)
        .options(joinedload(JointLetter.created_by))
        .where(
            JointLetter.signature_deadline == day + timedelta(days=DEADLINE_DAYS),
            JointLetter.status.in_([LetterStatus.APPROVED.value, LetterStatus.SIGNING.value]),
        )
    ).all()
    if not letters:
        return 0
    signatories = db.session.scalars(
        select(Signatory)
        .options(joinedload(Signatory.organisation))
        .where(Signatory.letter_id.in_([letter.id for letter in letters]))
    ).all()
    raised = 0
    for letter in letters:
        missing = sorted(
            s.organisation.name
            for s in signatories
            if s.letter_id == letter.id
            and s.status != SignatoryStatus.DECLINED
            and s.signed_sha256 != letter.current_sha256
        )
        raised += _raised(
            raise_notification(
                letter.created_by,
                Kind.SIGNATURE_DEADLINE,
                "signature_deadline",
                key=f"letter:{letter.id}:{day}",
                params={"subject": letter.title, "missing": ", ".join(missing) or "—"},
                url=path_for("letters.detail", letter_id=letter.id),
                record=("letter", letter.id),
            )
        )
    return raised


def _briefings(day: date) -> int:
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    start = local_day_start_utc(day + timedelta(days=1), zone)
    end = local_day_start_utc(day + timedelta(days=2), zone)
    meetings = db.session.scalars(
        select(Meeting)
        .options(joinedload(Meeting.organiser), selectinload(Meeting.attendees).joinedload(MeetingAttendee.user))
        .where(Meeting.starts_at >= start, Meeting.starts_at < end, Meeting.status == MeetingStatus.PLANNED.value)
    ).all()
    raised = 0
    for meeting in meetings:
        colleagues = {a.user.id: a.user for a in meeting.attendees if a.user is not None}
        if meeting.organiser is not None:
            colleagues[meeting.organiser.id] = meeting.organiser
        for user in colleagues.values():
            raised += _raised(
                raise_notification(
                    user,
                    Kind.MEETING_BRIEFING,
                    "meeting_briefing",
                    key=f"meeting:{meeting.id}:{meeting.starts_at}",
                    params={"subject": meeting.title},
                    url=path_for("notifications.briefing", meeting_id=meeting.id),
                    record=("meeting", meeting.id),
                )
            )
    return raised
