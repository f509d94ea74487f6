"""A meeting's minutes as the input of the minutes template: read through the meetings domain's queries."""

from __future__ import annotations

from typing import Any

from flask import current_app

from crm.common.time import utc_to_local
from crm.meetings import queries as meeting_queries
from crm.meetings.models import Attendance, Meeting, MinutesStatus

MINUTES_TEMPLATE = "builtin:minutes"


def _day(value) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def _with_organisation(attendee) -> str:
    organisation = attendee.organisation.name if attendee.organisation is not None else ""
    return f"{attendee.name} ({organisation})" if organisation else attendee.name


def minutes_input(meeting: Meeting) -> tuple[str, dict[str, Any]]:
    """The document title and the minutes template's fields, filled from the meeting, its agenda and its actions."""
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    starts, ends = utc_to_local(meeting.starts_at, zone), utc_to_local(meeting.ends_at, zone)
    attendees = meeting_queries.attendees_of(meeting.id)
    # Present: whoever is recorded as there. An invitation alone says nothing about who came.
    present = [a for a in attendees if a.attendance == Attendance.ATTENDED]
    away = [a for a in attendees if a.attendance in (Attendance.ABSENT, Attendance.EXCUSED)]
    agenda = meeting_queries.agenda_of(meeting.id)
    decisions = meeting_queries.decisions_of(meeting.id)
    actions = meeting_queries.action_items_of(meeting.id)
    sections = "\n\n".join(f"## {item.title}\n\n{(item.minutes or '').strip()}" for item in agenda)
    action_rows = [f"| {a.description.replace('|', '/')} | {a.owner_name} | {_day(a.due_date)} |" for a in actions]
    fields = {
        "meeting_title": meeting.title,
        "meeting_date": starts.date(),
        "time": f"{starts:%H.%M} – {ends:%H.%M} uur",
        "location": meeting.location or ("Online" if meeting.online_url else ""),
        "chair": meeting.organiser.name if meeting.organiser else "",
        "status": "Definitief" if meeting.minutes_status == MinutesStatus.FINAL else "Concept",
        "attendees": "\n".join(_with_organisation(a) for a in present),
        "absent": "\n".join(_with_organisation(a) for a in away),
        "agenda": sections,
        "decisions": "\n".join(f"- {d.text}" for d in decisions),
        "action_items": "\n".join(["| Actie | Wie | Wanneer |", "|---|---|---|", *action_rows]) if actions else "",
    }
    return f"Verslag {meeting.title} {starts:%d-%m-%Y}", fields
