"""The demo meetings: loaded through the services, with dates relative to today."""

from __future__ import annotations

from sqlalchemy import func, select

from crm.auth.queries import user_by_email
from crm.common.time import today, utcnow
from crm.demo.seed import seed_demo
from crm.interactions.models import Interaction
from crm.meetings import queries
from crm.meetings.models import ActionItem, Meeting, MeetingSeries


def test_demo_meetings(db):
    counts = seed_demo()
    assert counts["meeting_series"] == 4 and counts["meetings"] >= 12
    names = set(db.session.scalars(select(MeetingSeries.name)))
    assert {
        "Directeurenoverleg VNO-NCW",
        "Directeurenoverleg MKB-Nederland",
        "Gebruikersgroep Zoom",
        "Taskforce culturele en creatieve sector",
    } <= names
    meetings = list(db.session.scalars(select(Meeting)))
    now = utcnow()
    assert sum(m.starts_at > now for m in meetings) >= 3
    assert sum(m.starts_at < now and m.is_held for m in meetings) >= 12
    assert any(m.minutes_final for m in meetings) and any(m.is_held and not m.minutes_final for m in meetings)
    held = [m for m in meetings if m.is_held]
    assert all(m.interaction_id for m in held)
    assert db.session.scalar(select(func.count()).select_from(Interaction).where(Interaction.kind == "meeting")) >= 12
    statuses = set(db.session.scalars(select(ActionItem.status)))
    assert {"open", "done"} <= statuses
    for email in ("lobbyist@bondgenoot.test", "directeur@bondgenoot.test"):
        mine = queries.open_action_items_for(user_by_email(email).id)
        assert any(a.due_date < today() for a in mine), email  # overdue
        assert any(a.due_date >= today() for a in mine), email  # still to come
