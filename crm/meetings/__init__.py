"""Meetings (overleggen): series, meetings with attendees, agenda, minutes, decisions and action items; calendars."""
