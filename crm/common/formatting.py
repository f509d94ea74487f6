"""Formatting for people to read, in their language and time zone: one style for a day and one for a moment, on
every page ("4 Dec 2026" and "4 Dec 2026, 14:30"; "4 dec 2026, 14:30" in Dutch), through the `day` and `when`
filters. Charts keep their short axis labels; documents (PDF) and e-mails have their own, written-out style."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import format_date, format_datetime

DAY = "d MMM y"
MOMENT = f"{DAY}, HH:mm"


def day(value: date | datetime | None) -> str:
    """A day; a stored (UTC) moment is the day it is in the user's time zone."""
    if value is None:
        return ""
    return format_date(value, DAY)


def when(value: datetime | None) -> str:
    """A stored (UTC) moment in the user's time zone, to the minute."""
    if value is None:
        return ""
    return format_datetime(value, MOMENT)
