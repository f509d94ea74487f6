"""Formatting for people to read, in their language and time zone."""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_datetime


def when(value: datetime | None, style: str = "short") -> str:
    """A stored (UTC) moment in the user's time zone, to the minute: "25 nov 2026, 16:34"."""
    if value is None:
        return ""
    pattern = "EEEE d MMMM y, HH:mm" if style == "long" else "d MMM y, HH:mm"
    return format_datetime(value, pattern)
