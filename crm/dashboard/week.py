"""The weekly directors' digest's figures (crm/notifications/digests.py): what moved in the week before a day, counted
with the dashboard's own query functions for that period, so the digest's numbers are the dashboard's. Registered
with the digests at start; the notifications import no dashboard."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from crm.common.time import local_day_start_utc
from crm.dashboard.period import Period
from crm.dashboard.queries import DashboardFilters, dashboard
from crm.extensions import db
from crm.letters.models import JointLetter, LetterAnswer, Signatory
from crm.meetings import queries_stats as meeting_stats
from crm.notifications.digests import WeekSummary, summarises_weeks, week_before
from crm.parliament.queries import AgendaFilters, agenda_query


@summarises_weeks
def week_summary(day: date, now: datetime) -> WeekSummary:
    """What moved in the week before `day`, as the dashboard counts it for that period."""
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    monday, sunday = week_before(day)
    period = Period("custom", monday, sunday)
    data = dashboard(period, DashboardFilters(), zone=zone, now=now, today=day)
    start, end = period.bounds(zone)
    signed = db.session.scalar(
        select(func.count()).select_from(Signatory).where(Signatory.signed_at >= start, Signatory.signed_at < end)
    )
    sent = db.session.scalar(
        select(func.count())
        .select_from(JointLetter)
        .where(JointLetter.sent_on >= monday, JointLetter.sent_on <= sunday)
    )
    answered = db.session.scalar(
        select(func.count())
        .select_from(LetterAnswer)
        .where(LetterAnswer.received_on >= monday, LetterAnswer.received_on <= sunday)
    )
    ahead_start, ahead_end = local_day_start_utc(day, zone), local_day_start_utc(day + timedelta(days=7), zone)
    debates = db.session.scalars(
        agenda_query(AgendaFilters(date_from=day, date_until=day + timedelta(days=6)), None).limit(15)
    ).all()
    return WeekSummary(
        monday,
        sunday,
        data.contacts,
        data.dossiers,
        signed or 0,
        sent or 0,
        answered or 0,
        meeting_stats.upcoming(ahead_start, ahead_end, limit=15),
        list(debates),
    )
