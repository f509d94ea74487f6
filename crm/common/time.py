"""Time helpers. The database stores naive UTC; the UI converts to the user's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_ZONE = "Europe/Amsterdam"  # outside a request or app context (the organisation is Dutch)


def utcnow() -> datetime:
    """Naive UTC now, the form every DateTime column stores (identical on SQLite and PostgreSQL)."""
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """The date on the users' calendars: today in the organisation's time zone (TIMEZONE, Europe/Amsterdam by
    default), not in UTC — from 22:00 or 23:00 UTC it is tomorrow already in Amsterdam."""
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"] if has_app_context() else DEFAULT_ZONE
    return local_today(zone)


def local_day_start_utc(day: date, tz_name: str) -> datetime:
    """Naive UTC instant at which `day` begins in the given time zone (the zone users think in)."""
    local = datetime.combine(day, time.min, tzinfo=ZoneInfo(tz_name))
    return local.astimezone(UTC).replace(tzinfo=None)


def local_to_utc(moment: datetime, tz_name: str) -> datetime:
    """A naive local time as the user typed it → the naive UTC the database stores."""
    return moment.replace(tzinfo=ZoneInfo(tz_name)).astimezone(UTC).replace(tzinfo=None)


def utc_to_local(moment: datetime, tz_name: str) -> datetime:
    """A stored naive UTC time → naive local time, for filling a datetime-local input."""
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(tz_name)).replace(tzinfo=None)


def local_today(tz_name: str) -> date:
    """The date on the users' calendars (in Europe/Amsterdam it is tomorrow already from 22:00 or 23:00 UTC)."""
    return datetime.now(ZoneInfo(tz_name)).date()
