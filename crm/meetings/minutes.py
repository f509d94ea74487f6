"""The seam for minutes as a document (PDF, issue 5): everything the minutes show, as plain data.

`minutes_context(meeting)` returns only dicts, lists, strings, ints, bools and None — never ORM objects — so a
sandboxed document template can render it safely and the input can be stored as a snapshot next to the PDF.
Times are given twice: as ISO 8601 in the configured local zone (Europe/Amsterdam) and as display text.

    {
      "meeting": {"id", "title", "series", "starts_at", "ends_at", "date_label", "time_label", "location",
                  "online_url", "organiser", "coalition", "dossiers": [str], "status", "status_label"},
      "minutes": {"status", "status_label", "final", "finalised_at", "finalised_by", "version"},
      "attendees": {"present": [A], "absent": [A], "excused": [A], "invited": [A]},
          A = {"name", "organisation", "external": bool, "attendance", "attendance_label"}
      "agenda": [{"position", "title", "presenter", "duration_minutes", "minutes_markdown", "minutes_html",
                  "decisions": [str]}],
      "decisions": [str],                       # decisions not under an agenda item
      "action_items": [{"description", "owner", "due_date", "status", "status_label", "agenda_item"}],
    }

`minutes_html` is Markdown rendered and sanitised by crm.common.markdown (safe to insert as HTML).
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import format_date, format_time

from crm.common.markdown import render_markdown
from crm.meetings import queries
from crm.meetings.models import Attendance, Meeting


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    return moment.replace(tzinfo=UTC).astimezone(zone) if moment else None


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def minutes_context(meeting: Meeting) -> dict:
    """Plain data for the minutes of `meeting` (see the module docstring for the shape)."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    starts, ends = _local(meeting.starts_at, zone), _local(meeting.ends_at, zone)
    attendees: dict[str, list[dict]] = {"present": [], "absent": [], "excused": [], "invited": []}
    group = {
        Attendance.ATTENDED.value: "present",
        Attendance.ABSENT.value: "absent",
        Attendance.EXCUSED.value: "excused",
        Attendance.INVITED.value: "invited",
    }
    for attendee in queries.attendees_of(meeting.id):
        attendees[group.get(attendee.attendance, "invited")].append(
            {
                "name": attendee.name,
                "organisation": attendee.organisation.name if attendee.organisation else None,
                "external": attendee.is_external,
                "attendance": attendee.attendance,
                "attendance_label": attendee.attendance_label,
            }
        )
    items = queries.agenda_of(meeting.id)
    titles = {item.id: item.title for item in items}
    return {
        "meeting": {
            "id": meeting.id,
            "title": meeting.title,
            "series": meeting.series.name if meeting.series else None,
            "starts_at": _iso(starts),
            "ends_at": _iso(ends),
            "date_label": format_date(meeting.starts_at, "full"),
            "time_label": f"{format_time(meeting.starts_at, 'short')}–{format_time(meeting.ends_at, 'short')}",
            "location": meeting.location,
            "online_url": meeting.online_url,
            "organiser": meeting.organiser.name if meeting.organiser else None,
            "coalition": meeting.coalition.name if meeting.coalition else None,
            "dossiers": [d.title for d in meeting.dossiers],
            "status": meeting.status,
            "status_label": meeting.status_label,
        },
        "minutes": {
            "status": meeting.minutes_status,
            "status_label": meeting.minutes_status_label,
            "final": meeting.minutes_final,
            "finalised_at": _iso(_local(meeting.minutes_finalised_at, zone)),
            "finalised_by": meeting.minutes_finalised_by.name if meeting.minutes_finalised_by else None,
            "version": queries.latest_minutes_number(meeting.id),
        },
        "attendees": attendees,
        "agenda": [
            {
                "position": item.position,
                "title": item.title,
                "presenter": item.presenter,
                "duration_minutes": item.duration_minutes,
                "minutes_markdown": item.minutes or "",
                "minutes_html": str(render_markdown(item.minutes)),
                "decisions": [d.text for d in item.decisions],
            }
            for item in items
        ],
        "decisions": [d.text for d in queries.general_decisions(meeting.id)],
        "action_items": [
            {
                "description": a.description,
                "owner": a.owner_name,
                "due_date": a.due_date.isoformat() if a.due_date else None,
                "status": a.status,
                "status_label": a.status_label,
                "agenda_item": titles.get(a.agenda_item_id),
            }
            for a in queries.action_items_of(meeting.id)
        ],
    }
