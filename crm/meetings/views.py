"""The meetings section's blueprints: `meetings` (/meetings/…) with its children, and the calendar feed."""

from __future__ import annotations

from crm.meetings.views_actions import bp as actions_bp
from crm.meetings.views_agenda import bp as agenda_bp
from crm.meetings.views_attendees import bp as attendees_bp
from crm.meetings.views_calendar import bp as calendar_bp
from crm.meetings.views_calendar import feed_bp
from crm.meetings.views_meetings import bp
from crm.meetings.views_minutes import bp as minutes_bp
from crm.meetings.views_series import bp as series_bp

# Endpoints become meetings.agenda.move, meetings.series.detail, …; request.blueprints contains "meetings".
for child in (attendees_bp, agenda_bp, minutes_bp, actions_bp, series_bp, calendar_bp):
    bp.register_blueprint(child)

__all__ = ["bp", "feed_bp"]
