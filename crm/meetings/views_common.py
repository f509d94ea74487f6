"""What the meeting views share: loading records (404), object-level checks, the meeting page's data."""

from __future__ import annotations

from flask import abort, make_response, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from crm.audit.queries import recent_history
from crm.common.forms import ConfirmForm, select_choices
from crm.common.time import today, utcnow
from crm.common.views import found_or_404
from crm.documents.queries_meetings import documents_of_meeting
from crm.errors import render_error
from crm.meetings import queries, services_minutes
from crm.meetings.forms import ActionItemForm, AttendeesForm
from crm.meetings.models import ATTENDANCE_LABELS, Meeting
from crm.permissions import may_act


def load_meeting(meeting_id: int) -> Meeting:
    return found_or_404(queries.get_meeting(meeting_id))


def load_child(meeting: Meeting, record):
    """A record that must belong to this meeting (an attendee, an agenda item, an action item): else 404."""
    if record is None or record.meeting_id != meeting.id:
        abort(404)
    return record


def can_manage(meeting: Meeting) -> bool:
    """The organiser (with meetings.write) and directors/admins (meetings.edit_any) edit a meeting."""
    return services_minutes.may_manage(current_user, meeting)


def ensure_manage(meeting: Meeting) -> None:
    services_minutes.check_may_manage(current_user, meeting)  # the services' rule, before a form is shown


def load_for_change(meeting_id: int) -> Meeting:
    """A meeting the current user may change (404, 403 otherwise)."""
    meeting = load_meeting(meeting_id)
    ensure_manage(meeting)
    return meeting


def refuse_if_final(meeting: Meeting) -> None:
    """Any write to the agenda, minutes or decisions of final minutes, also a direct POST: 403 with the reason."""
    if meeting.minutes_final:
        message = _("The minutes of this meeting are final and locked. Only an administrator can reopen them.")
        abort(make_response(render_error(403, message)))


def load_while_open(meeting_id: int) -> Meeting:
    """A meeting the current user may change, while its minutes are not final (404, 403 otherwise)."""
    meeting = load_for_change(meeting_id)
    refuse_if_final(meeting)
    return meeting


def meeting_url(meeting: Meeting, anchor: str = "") -> str:
    return url_for("meetings.detail", meeting_id=meeting.id) + (f"#{anchor}" if anchor else "")


def user_choices_for(form, include: list[int] | None = None, users=None) -> None:
    users = users if users is not None else queries.user_choices(include)
    form.user_ids.choices = select_choices((u.id, u.name) for u in users)


def owner_choices(meeting: Meeting, attendees, current=None, users=None) -> list[SelectChoice]:
    """The owner select: our colleagues who may do the work (`users`: those of them to offer), then the external
    attendees of this meeting (and the current owner)."""
    colleagues, externals = str(_("Colleagues")), str(_("External attendees"))
    if users is None:
        owner = [current.owner_user_id] if current and current.owner_user_id else None
        users = queries.user_choices(owner, acting=True)
    choices = [SelectChoice(f"user:{u.id}", u.name, optgroup=colleagues) for u in users]
    people = [(a.person_id, a.name) for a in attendees if a.is_external]
    if current is not None and current.owner_person_id and current.owner_person_id not in dict(people):
        people.append((current.owner_person_id, current.owner_name))
    choices += [SelectChoice(f"person:{pid}", name, optgroup=externals) for pid, name in people]
    return choices


def action_form(meeting: Meeting, attendees, items, *, formdata=None, current=None, users=None) -> ActionItemForm:
    form = ActionItemForm(formdata=formdata) if formdata is not None else ActionItemForm()
    form.owner.choices = owner_choices(meeting, attendees, current, users)
    form.agenda_item_id.choices = select_choices(
        [("", _("— none —")), *((i.id, f"{i.position}. {i.title}") for i in items)]
    )
    return form


def chosen_people(ids: list[int]) -> list[tuple[int, str]]:
    """(id, name) of the people a multi-picker submitted, to show them again with a form error."""
    ids = ids or []
    people = queries.people_by_ids(ids)
    return [(i, people[i].full_name) for i in ids if i in people]


def detail_context(meeting: Meeting, *, attendees_form=None, action_item_form=None) -> dict:
    """Everything the meeting page shows, in a fixed number of statements whatever the meeting's size."""
    attendees = queries.attendees_of(meeting.id)
    items = queries.agenda_of(meeting.id, with_decisions=False)
    decisions: dict[int | None, list] = {}
    for decision in queries.decisions_of(meeting.id):
        decisions.setdefault(decision.agenda_item_id, []).append(decision)
    users = queries.user_choices()
    if attendees_form is None:
        attendees_form = AttendeesForm(formdata=None)
    present = {a.user_id for a in attendees if a.user_id}
    user_choices_for(attendees_form, users=[u for u in users if u.id not in present])
    owners = [u for u in users if may_act(u)]  # read-only colleagues may attend, not own an action item
    if action_item_form is None:
        action_item_form = action_form(meeting, attendees, items, formdata=None, users=owners)
        action_item_form.owner.data = f"user:{current_user.id}"
    return {
        "meeting": meeting,
        "attendees": attendees,
        "agenda": items,
        "decisions": decisions,
        "general_decisions": decisions.get(None, []),
        "action_items": queries.action_items_of(meeting.id),
        "documents": documents_of_meeting(meeting.id),
        "earlier_items": queries.earlier_open_action_items(meeting),
        "minutes_version": queries.latest_minutes_number(meeting.id),
        "history": recent_history("meeting", meeting.id),
        "attendees_form": attendees_form,
        "chosen_people": chosen_people(attendees_form.person_ids.data),
        "action_form": action_item_form,
        "confirm_form": ConfirmForm(),
        "attendance_labels": ATTENDANCE_LABELS,
        "manage": can_manage(meeting),
        "today": today(),
        "now_utc": utcnow(),
    }
