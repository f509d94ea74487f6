"""The meeting briefing as a PDF, through the one document path (the built-in template `meeting_briefing`): plain
values in Dutch, like every document we print, kept as a generated document with its provenance."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import force_locale, format_date, format_datetime

from crm.auth.models import User
from crm.common.time import utc_to_local
from crm.documents import services as document_services
from crm.documents.models import GeneratedDocument
from crm.notifications.briefing import Briefing
from crm.rendering.render import RenderOptions


def briefing_values(brief: Briefing) -> dict[str, Any]:
    meeting = brief.meeting
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    with force_locale("nl"):
        ends = utc_to_local(meeting.ends_at, zone).strftime("%H:%M") if meeting.ends_at else ""
        when = format_datetime(meeting.starts_at, "EEEE d MMMM y, HH:mm") + (f" – {ends}" if ends else "")
        return {
            "meeting": {
                "title": meeting.title,
                "when": when,
                "location": meeting.location or "",
                "series": meeting.series.name if meeting.series else "",
                "organiser": meeting.organiser.name if meeting.organiser else "",
                "dossiers": [d.title for d in meeting.dossiers],
                "colleagues": brief.colleagues,
            },
            "agenda": [
                {"title": item.title, "presenter": item.presenter or "", "minutes": item.duration_minutes or ""}
                for item in brief.agenda
            ],
            "attendees": [
                {
                    "name": a.name,
                    "organisation": a.organisation,
                    "function": a.function,
                    "last_spoke": a.last_spoke,
                    "last_spoke_at": format_date(a.last_spoke_at, "d MMMM y") if a.last_spoke_at else "",
                    "stances": [list(s) for s in a.stances],
                }
                for a in brief.attendees
            ],
            "open_actions": [
                {
                    "description": item.description,
                    "owner": item.owner_name,
                    "due": format_date(item.due_date, "d MMMM y") if item.due_date else "",
                    "meeting": format_date(item.meeting.starts_at, "d MMMM y"),
                }
                for item in brief.open_actions
            ],
            "recent": [
                {
                    "when": format_date(c.occurred_at, "d MMMM y"),
                    "kind": c.kind_label,
                    "subject": c.subject,
                    "organisations": ", ".join(o.name for o in c.organisations),
                    "colleagues": ", ".join(u.name for u in c.users),
                }
                for c in brief.recent_contacts
            ],
        }


def make_briefing_pdf(brief: Briefing, *, author: User) -> GeneratedDocument:
    meeting = brief.meeting
    title = f"Briefing {meeting.title} {meeting.starts_at.date().isoformat()}"
    return document_services.generate_from_values(
        document_services.choose("builtin:meeting_briefing"),
        briefing_values(brief),
        title=title,
        author=author,
        options=RenderOptions(tagged=True),
        provenance={"report": "meeting_briefing", "meeting_id": meeting.id},
    )
