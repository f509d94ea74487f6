"""Writes for the agenda, the minutes and decisions: every save keeps an immutable version; final minutes are locked.

Only an administrator reopens final minutes, with a reason that is kept on a version entry (and so in the trail).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from crm.auth.models import User
from crm.common.errors import ServiceError
from crm.common.locking import ConflictError, ensure_current_version, flush_or_conflict
from crm.common.time import utcnow
from crm.extensions import db
from crm.meetings import queries
from crm.meetings.models import AgendaItem, Decision, Meeting, MinutesEvent, MinutesStatus, MinutesVersion
from crm.permissions import can_edit_own, check_edit_own

MAX_DURATION = 24 * 60


class MinutesLockedError(ServiceError):
    """The minutes are final: minutes, decisions and agenda cannot change until an administrator reopens them."""

    def __init__(self):
        super().__init__(_l("The minutes of this meeting are final and locked. An administrator can reopen them."))


def may_manage(actor, meeting: Meeting) -> bool:
    """The organiser (with meetings.write) and directors/admins (meetings.edit_any) change a meeting: its details,
    attendance, agenda, minutes and action items."""
    return can_edit_own(actor, meeting.organiser_id, "meetings")


def check_may_manage(actor, meeting: Meeting) -> None:
    """The same rule for every door (web page, API, CLI): 403 otherwise. The writes apply it to the acting user
    they are given (None: a trusted door of the system itself, such as the demo seed or a series' dates)."""
    if actor is not None:
        check_edit_own(actor, meeting.organiser_id, "meetings")


def ensure_minutes_open(meeting: Meeting) -> None:
    if meeting.minutes_final:
        raise MinutesLockedError()


# --- agenda ----------------------------------------------------------------------------------------------------


@dataclass
class AgendaItemInput:
    title: str
    presenter: str | None = None
    duration_minutes: int | None = None


def _apply_item(item: AgendaItem, data: AgendaItemInput) -> None:
    if not (data.title or "").strip():
        raise ServiceError(_l("Enter a title."), field="title")
    if data.duration_minutes is not None and not 0 <= data.duration_minutes <= MAX_DURATION:
        raise ServiceError(_l("Enter a duration between 0 and 1440 minutes."), field="duration_minutes")
    item.title = data.title.strip()
    item.presenter = (data.presenter or "").strip() or None
    item.duration_minutes = data.duration_minutes


def add_agenda_item(meeting: Meeting, *, title: str, presenter: str | None = None, duration: int | None = None,
                    actor=None):  # fmt: skip
    check_may_manage(actor, meeting)
    ensure_minutes_open(meeting)
    item = AgendaItem(meeting_id=meeting.id, position=len(queries.agenda_of(meeting.id)) + 1)
    _apply_item(item, AgendaItemInput(title, presenter, duration))
    db.session.add(item)
    db.session.flush()
    return item


def update_agenda_item(item: AgendaItem, data: AgendaItemInput, expected_version: int | None, *, actor=None) -> None:
    check_may_manage(actor, item.meeting)
    ensure_minutes_open(item.meeting)
    ensure_current_version(item, expected_version)
    _apply_item(item, data)
    flush_or_conflict(item)


def _renumber(items: list[AgendaItem]) -> None:
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position


def move_agenda_item(item: AgendaItem, direction: str, *, actor=None) -> bool:
    """Swap an item with its neighbour ("up" or "down"); False when it is already first or last."""
    check_may_manage(actor, item.meeting)
    ensure_minutes_open(item.meeting)
    items = queries.agenda_of(item.meeting_id)
    index = next(i for i, other in enumerate(items) if other.id == item.id)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    _renumber(items)
    flush_or_conflict(item)
    return True


def reorder_agenda(meeting: Meeting, item_ids: list[int], *, actor=None) -> None:
    """Put the items in the given order (drag and drop sends the whole list)."""
    check_may_manage(actor, meeting)
    ensure_minutes_open(meeting)
    items = {item.id: item for item in queries.agenda_of(meeting.id)}
    if sorted(item_ids) != sorted(items):
        raise ConflictError(meeting)  # the agenda changed since the page was loaded
    _renumber([items[i] for i in item_ids])
    flush_or_conflict(meeting)


def remove_agenda_item(item: AgendaItem, *, actor=None) -> None:
    """An item removed from the agenda takes its decisions along; its action items stay with the meeting."""
    meeting = item.meeting
    check_may_manage(actor, meeting)
    ensure_minutes_open(meeting)
    for decision in list(item.decisions):
        db.session.delete(decision)
    db.session.delete(item)
    db.session.flush()
    _renumber([other for other in queries.agenda_of(meeting.id) if other.id != item.id])
    db.session.flush()


# --- minutes ---------------------------------------------------------------------------------------------------


@dataclass
class MinutesInput:
    """The whole minutes form: per agenda item its Markdown and its decisions (one per line), plus general ones."""

    based_on: int
    item_minutes: dict[int, str | None] = field(default_factory=dict)
    item_decisions: dict[int, list[str]] = field(default_factory=dict)
    general_decisions: list[str] = field(default_factory=list)


def decision_lines(text: str | None) -> list[str]:
    """Decisions typed one per line; empty lines and list bullets are dropped."""
    lines = []
    for line in (text or "").splitlines():
        clean = line.strip().lstrip("-*•").strip()
        if clean:
            lines.append(clean)
    return lines


def snapshot(meeting: Meeting) -> dict:
    """The minutes as plain data: what a version stores and what the version page shows."""
    items = queries.agenda_of(meeting.id)
    titles = {item.id: item.title for item in items}
    return {
        "status": meeting.minutes_status,
        "items": [
            {"id": item.id, "position": item.position, "title": item.title, "minutes": item.minutes or ""}
            for item in items
        ],
        "decisions": [
            {"agenda_item_id": d.agenda_item_id, "item_title": titles.get(d.agenda_item_id), "text": d.text}
            for d in queries.decisions_of(meeting.id)
        ],
    }


def _sync_decisions(meeting: Meeting, existing: list[Decision], wanted: list[str], item_id: int | None) -> None:
    """Keep decisions whose text is unchanged, remove the others, add the new ones (in order)."""
    keep: list[Decision] = []
    remaining = list(existing)
    for text in wanted:
        match = next((d for d in remaining if d.text == text), None)
        if match is not None:
            remaining.remove(match)
            keep.append(match)
        else:
            db.session.add(Decision(meeting_id=meeting.id, agenda_item_id=item_id, text=text))
    for decision in remaining:
        db.session.delete(decision)


def _add_version(meeting: Meeting, number: int, event: str, author: User | None, note: str | None = None):
    version = MinutesVersion(
        meeting_id=meeting.id,
        number=number,
        event=event,
        status=meeting.minutes_status,
        author_id=author.id if author else None,
        note=note,
        content=snapshot(meeting),
    )
    db.session.add(version)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:  # someone saved a version with this number at the same moment
        raise ConflictError(meeting) from error
    return version


def save_minutes(meeting: Meeting, data: MinutesInput, *, author: User | None, actor=None) -> MinutesVersion | None:
    """Save the minutes as a new version. None when nothing changed (no empty versions)."""
    check_may_manage(actor, meeting)
    ensure_minutes_open(meeting)
    latest = queries.latest_minutes_number(meeting.id)
    if data.based_on != latest:
        raise ConflictError(meeting)
    before = snapshot(meeting)
    items = queries.agenda_of(meeting.id)
    if set(data.item_minutes) - {item.id for item in items}:
        raise ConflictError(meeting)  # an item was removed since the form was opened
    for item in items:
        if item.id in data.item_minutes:
            item.minutes = data.item_minutes[item.id] or None
        if item.id in data.item_decisions:
            _sync_decisions(meeting, list(item.decisions), data.item_decisions[item.id], item.id)
    _sync_decisions(meeting, queries.general_decisions(meeting.id), data.general_decisions, None)
    flush_or_conflict(meeting)
    after = snapshot(meeting)
    if after["items"] == before["items"] and after["decisions"] == before["decisions"]:
        return None
    return _add_version(meeting, latest + 1, MinutesEvent.SAVED.value, author)


def finalise_minutes(meeting: Meeting, *, author: User | None, actor=None) -> MinutesVersion:
    check_may_manage(actor, meeting)
    ensure_minutes_open(meeting)
    if not meeting.is_held:
        raise ServiceError(_l("Mark the meeting as held before finalising its minutes."))
    meeting.minutes_status = MinutesStatus.FINAL.value
    meeting.minutes_finalised_at = utcnow()
    meeting.minutes_finalised_by = author
    flush_or_conflict(meeting)
    return _add_version(meeting, queries.latest_minutes_number(meeting.id) + 1, MinutesEvent.FINALISED.value, author)


def reopen_minutes(meeting: Meeting, *, reason: str, author: User | None) -> MinutesVersion:
    """Back to draft (administrators only: the view checks "minutes.reopen"); the reason is kept."""
    if not meeting.minutes_final:
        raise ServiceError(_l("These minutes are not final."))
    if len((reason or "").strip()) < 5:
        raise ServiceError(_l("Explain why the minutes are reopened."), field="reason")
    meeting.minutes_status = MinutesStatus.DRAFT.value
    meeting.minutes_finalised_at = None
    meeting.minutes_finalised_by = None
    flush_or_conflict(meeting)
    number = queries.latest_minutes_number(meeting.id) + 1
    return _add_version(meeting, number, MinutesEvent.REOPENED.value, author, note=reason.strip())
