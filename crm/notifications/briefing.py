"""The meeting briefing: what to know before a meeting, read for one reader.

The agenda; each attendee from outside with their organisation and function, who of us last spoke to them and when,
and their stance on the meeting's dossiers (only for readers who may see stances: never viewers); the open action
items from earlier meetings of the series; the documents made for the meeting (a debate preparation added to it);
recent contacts with the attendees' organisations (subjects, never notes). Plain values, so the page, the e-mail and
the PDF (through the document path) show the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crm.common.time import utcnow
from crm.documents.queries_meetings import documents_of_meeting
from crm.extensions import db
from crm.interactions import queries as interaction_queries
from crm.interactions.models import Interaction, interaction_organisations
from crm.meetings import queries as meeting_queries
from crm.meetings.models import Meeting
from crm.permissions import has_permission
from crm.stakeholders import queries as stakeholder_queries

RECENT_DAYS = 90
RECENT_CONTACTS = 10


@dataclass
class AttendeeBrief:
    name: str
    organisation: str
    function: str
    last_spoke: str  # who of us
    last_spoke_at: datetime | None
    stances: list[tuple[str, str]] = field(default_factory=list)  # (dossier, stance label)


@dataclass
class Briefing:
    meeting: Meeting
    agenda: list[Any]
    colleagues: list[str]
    attendees: list[AttendeeBrief]
    open_actions: list[Any]
    recent_contacts: list[Interaction]
    show_stances: bool
    documents: list[Any] = field(default_factory=list)  # generated documents made for the meeting, newest first


def briefing(meeting: Meeting, reader) -> Briefing:
    show_stances = has_permission(reader, "positions.read")
    attendees = meeting_queries.attendees_of(meeting.id)
    briefs, organisation_ids = [], set()
    for attendee in attendees:
        if attendee.person is None:
            continue
        person = attendee.person
        positions = interaction_queries.current_positions(person.id)
        organisation = attendee.organisation or (positions[0].organisation if positions else None)
        function = next(
            (p.role for p in positions if organisation is not None and p.organisation_id == organisation.id and p.role),
            "",
        )
        if organisation is not None:
            organisation_ids.add(organisation.id)
        summary = interaction_queries.contact_summary("person", person.id)
        last = summary.last
        who = ", ".join(u.name for u in last.users) if last is not None and last.users else ""
        if last is not None and not who and last.created_by is not None:
            who = last.created_by.name
        stances = []
        if show_stances:
            for dossier in meeting.dossiers:
                position = stakeholder_queries.current_position(dossier.id, "person", person.id)
                if position is not None:
                    stances.append((dossier.title, position.stance_label))
        briefs.append(
            AttendeeBrief(
                str(person),
                organisation.name if organisation else "",
                function or "",
                who,
                last.occurred_at if last is not None else None,
                stances,
            )
        )
    recent = []
    if organisation_ids:
        linked = select(interaction_organisations.c.interaction_id).where(
            interaction_organisations.c.organisation_id.in_(organisation_ids)
        )
        recent = list(
            db.session.scalars(
                select(Interaction)
                .options(selectinload(Interaction.organisations), selectinload(Interaction.users))
                .where(Interaction.id.in_(linked), Interaction.occurred_at >= utcnow() - timedelta(days=RECENT_DAYS))
                .order_by(Interaction.occurred_at.desc())
                .limit(RECENT_CONTACTS)
            )
        )
    colleagues = [a.user.name for a in attendees if a.user is not None]
    return Briefing(
        meeting=meeting,
        agenda=meeting_queries.agenda_of(meeting.id, with_decisions=False),
        colleagues=colleagues,
        attendees=briefs,
        open_actions=meeting_queries.earlier_open_action_items(meeting) if meeting.series_id else [],
        recent_contacts=recent,
        show_stances=show_stances,
        documents=documents_of_meeting(meeting.id),
    )
