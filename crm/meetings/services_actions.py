"""Writes for action items: what, who (a colleague or an external person), when, and whether it is done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from crm.auth.models import User
from crm.common.errors import ServiceError
from crm.common.locking import flush_or_conflict, locked_change
from crm.common.services import without_autoflush
from crm.common.time import utcnow
from crm.extensions import db
from crm.meetings import queries
from crm.meetings.models import ActionItem, ActionStatus, Meeting
from crm.meetings.services_minutes import check_may_manage
from crm.notifications import events as notification_events
from crm.permissions import can_edit_own, ensure, has_permission, may_act


@dataclass
class Owner:
    """An action item's owner: exactly one of a user and a person."""

    user_id: int | None = None
    person_id: int | None = None

    @classmethod
    def parse(cls, value: str | None) -> Owner:
        """ "user:3" or "person:7" (the owner select's values); anything else is no owner."""
        kind, _, number = (value or "").partition(":")
        if number.isdigit() and 0 < int(number) < 2**31:
            if kind == "user":
                return cls(user_id=int(number))
            if kind == "person":
                return cls(person_id=int(number))
        return cls()

    @property
    def key(self) -> str:
        if self.user_id:
            return f"user:{self.user_id}"
        return f"person:{self.person_id}" if self.person_id else ""


@dataclass
class ActionItemInput:
    description: str
    owner: Owner
    due_date: date | None = None
    agenda_item_id: int | None = None
    status: str = ActionStatus.OPEN.value


# A colleague's role (by its form field): the refusal when no active colleague is chosen, and the one for a colleague
# who can only read.
_ROLE_REFUSALS = {
    "organiser_id": (
        _l("Choose an active colleague as organiser."),
        lambda name: _l(
            "%(name)s can only read in Bondgenoot and cannot organise a meeting; choose another organiser.", name=name
        ),
    ),
    "owner": (
        _l("Choose an active colleague or a person as owner."),
        lambda name: _l(
            "%(name)s can only read in Bondgenoot and cannot mark action items done; choose another.", name=name
        ),
    ),
}


def acting_colleague(user_id: int | None, holder_id: int | None, field: str) -> User:
    """The colleague chosen for a role (a meeting's organiser, an action item's owner): an active one who may act,
    unless they hold the role already."""
    missing, read_only = _ROLE_REFUSALS[field]
    user = queries.users_by_ids([user_id]).get(user_id) if user_id else None
    if user is None or (not user.active and user.id != holder_id):
        raise ServiceError(missing, field=field)
    if not may_act(user) and user.id != holder_id:
        raise ServiceError(read_only(user.name), field=field)
    return user


@without_autoflush
def _apply(item: ActionItem, meeting: Meeting, data: ActionItemInput) -> None:
    if not (data.description or "").strip():
        raise ServiceError(_l("Describe what needs to be done."), field="description")
    owner = data.owner
    if owner.user_id:
        user = acting_colleague(owner.user_id, item.owner_user_id, "owner")
        item.owner_user, item.owner_person = user, None
    elif owner.person_id:
        person = queries.people_by_ids([owner.person_id]).get(owner.person_id)
        if person is None or (person.is_archived and owner.person_id != item.owner_person_id):
            raise ServiceError(_l("This person no longer exists or is archived; choose again."), field="owner")
        item.owner_person, item.owner_user = person, None
    else:
        raise ServiceError(_l("Choose who will do this."), field="owner")
    agenda_item = None
    if data.agenda_item_id:
        agenda_item = queries.get_agenda_item(data.agenda_item_id)
        if agenda_item is None or agenda_item.meeting_id != meeting.id:
            raise ServiceError(_l("Choose an item of this meeting's agenda."), field="agenda_item_id")
    status = ActionStatus(data.status).value
    item.description = data.description.strip()
    item.due_date = data.due_date
    item.agenda_item = agenda_item
    _set_status(item, status)


def _set_status(item: ActionItem, status: str) -> None:
    if item.status != status or (item.done_at is None and status == ActionStatus.DONE.value):
        item.done_at = utcnow() if status == ActionStatus.DONE.value else None
    item.status = status


def add_action_item(meeting: Meeting, data: ActionItemInput, *, actor=None) -> ActionItem:
    check_may_manage(actor, meeting)
    item = ActionItem(meeting=meeting)
    _apply(item, meeting, data)
    db.session.add(item)
    db.session.flush()
    notification_events.action_assigned(item, None)
    return item


def update_action_item(item: ActionItem, data: ActionItemInput, expected_version: int | None, *,
                       actor=None) -> None:  # fmt: skip
    check_may_manage(actor, item.meeting)
    previous_owner_id = item.owner_user_id
    locked_change(item, expected_version, lambda: _apply(item, item.meeting, data))
    notification_events.action_assigned(item, previous_owner_id)


def may_complete(actor, item: ActionItem) -> bool:
    """An action item is marked done by its owner, the meeting's organiser, or a director/admin."""
    if not has_permission(actor, "actions.complete"):
        return False
    return item.owner_user_id == actor.id or can_edit_own(actor, item.meeting.organiser_id, "meetings")


def check_may_complete(actor, item: ActionItem) -> None:
    """The same rule for every door (web page, API): 403 otherwise."""
    ensure(may_complete(actor, item), "meetings.edit_any", owner_may=True)


def mark_done(item: ActionItem, *, actor=None) -> bool:
    """Done with one click; False when it was no longer open (done or cancelled by someone else)."""
    if actor is not None:
        check_may_complete(actor, item)
    if not item.is_open:
        return False
    _set_status(item, ActionStatus.DONE.value)
    flush_or_conflict(item)
    return True
