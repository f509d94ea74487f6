"""Human labels for entity types and field names, used where records are described generically (history)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ENTITY_LABELS = {
    "organisation": _l("Organisation"),
    "person": _l("Person"),
    "affiliation": _l("Position"),
    "coalition": _l("Coalition"),
    "coalitionmember": _l("Coalition member"),
    "dossier": _l("Dossier"),
    "user": _l("User"),
    "interaction": _l("Contact"),
    "meeting": _l("Meeting"),
    "meetingseries": _l("Series"),
    "meetingattendee": _l("Attendee"),
    "agendaitem": _l("Agenda item"),
    "decision": _l("Decision"),
    "minutesversion": _l("Minutes version"),
    "actionitem": _l("Action item"),
    "calendarfeed": _l("Calendar subscription"),
    "documenttemplate": _l("Document template"),
    "templateversion": _l("Template version"),
    "generateddocument": _l("Generated document"),
    "organisationlogo": _l("Logo"),
    "stakeholderposition": _l("Stakeholder position"),
}

ACTION_LABELS = {
    "create": _l("created"),
    "update": _l("changed"),
    "archive": _l("archived"),
    "restore": _l("restored"),
    "delete": _l("removed"),
}

FIELD_LABELS = {
    "name": _l("Name"),
    "acronym": _l("Acronym"),
    "kind": _l("Kind"),
    "parent": _l("Part of"),
    "website": _l("Website"),
    "email": _l("Email"),
    "phone": _l("Phone"),
    "address": _l("Address"),
    "postal_code": _l("Postal code"),
    "city": _l("City"),
    "description": _l("Description"),
    "tags": _l("Tags"),
    "owner": _l("Relationship owner"),
    "archived_at": _l("Archived"),
    "first_name": _l("First name"),
    "initials": _l("Initials"),
    "name_prefix": _l("Prefix"),
    "last_name": _l("Last name"),
    "salutation": _l("Salutation"),
    "notes": _l("Notes"),
    "party": _l("Political party"),
    "person": _l("Person"),
    "organisation": _l("Organisation"),
    "role": _l("Role"),
    "start_date": _l("Start"),
    "end_date": _l("End"),
    "coalition": _l("Coalition"),
    "joined_on": _l("Joined on"),
    "title": _l("Title"),
    "status": _l("Status"),
    "dossiers": _l("Dossiers"),
    "coalitions": _l("Coalitions"),
    "language": _l("Language"),
    "active": _l("Active"),
    "province": _l("Province"),
    "occurred_at": _l("When"),
    "subject": _l("Subject"),
    "people": _l("People"),
    "organisations": _l("Organisations"),
    "users": _l("Who of us took part"),
    "created_by": _l("Logged by"),
    "follow_up": _l("Follow-up"),
    "follow_up_owner": _l("Follow-up by"),
    "follow_up_due": _l("Follow-up due"),
    "follow_up_done_at": _l("Follow-up done"),
    "starts_at": _l("Starts"),
    "ends_at": _l("Ends"),
    "location": _l("Location"),
    "online_url": _l("Online meeting link"),
    "series": _l("Series"),
    "organiser": _l("Organiser"),
    "minutes_status": _l("Minutes"),
    "minutes_finalised_at": _l("Minutes finalised"),
    "minutes_finalised_by": _l("Minutes finalised by"),
    "interaction": _l("Contact log entry"),
    "meeting": _l("Meeting"),
    "attendance": _l("Attendance"),
    "user": _l("Colleague"),
    "position": _l("Order"),
    "presenter": _l("Presenter"),
    "duration_minutes": _l("Duration (minutes)"),
    "text": _l("Text"),
    "agenda_item": _l("Agenda item"),
    "number": _l("Version"),
    "event": _l("What"),
    "note": _l("Reason"),
    "author": _l("By"),
    "owner_user": _l("Owner (colleague)"),
    "owner_person": _l("Owner (person)"),
    "due_date": _l("Due date"),
    "done_at": _l("Done"),
    "revoked_at": _l("Switched off"),
    "dossier": _l("Dossier"),
    "stance": _l("Stance"),
    "influence": _l("Influence"),
    "interest": _l("Interest"),
    "rationale": _l("Rationale"),
    "source": _l("Source"),
    "observed_on": _l("Observed on"),
}


# Labels for stored values (enum-like columns), registered by the domains that own them.
VALUE_LABELS: dict[tuple[str, str], dict] = {}


def register_value_labels(entity_type: str, field: str, labels: dict) -> None:
    VALUE_LABELS[(entity_type, field)] = {str(key): label for key, label in labels.items()}


def value_label(value, entity_type: str, field: str):
    labels = VALUE_LABELS.get((entity_type, field))
    if labels is None or not isinstance(value, str):
        return value
    return str(labels.get(value, value))


def entity_label(name: str) -> str:
    return str(ENTITY_LABELS.get(name, name))


def action_label(name: str) -> str:
    return str(ACTION_LABELS.get(name, name))


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name.replace("_", " ")))
