"""Values as the Gegevensmagazijn writes them → Python values, with the checks a row must pass.

Every function raises `BadValue` with a short English message; the sync lists it in the run's errors with the
entity and id, skips the row and goes on.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
GUID_PATTERN = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# ISO 8601 as the API writes it: date, optional time with up to seven fractional digits, offset or Z (or none:
# older SyncFeed rows, issue #37 of the portal — read as Amsterdam time).
INSTANT_PATTERN = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})?)?$"
)


class BadValue(ValueError):
    pass


def guid(value: object) -> str:
    if not isinstance(value, str) or not GUID_PATTERN.match(value):
        raise BadValue(f"not a GUID: {str(value)[:60]!r}")
    return value.lower()


def optional_guid(value: object) -> str | None:
    return None if value is None else guid(value)


def text(value: object, limit: int | None = None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadValue(f"not text: {str(value)[:60]!r}")
    value = value.replace("\x00", "").strip()
    if not value:
        return None
    return value[:limit] if limit else value


def integer(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadValue(f"not a whole number: {str(value)[:60]!r}")
    if not -(2**31) <= value < 2**31:
        raise BadValue(f"number out of range: {value}")
    return value


def boolean(value: object) -> bool | None:
    if value is None:
        return None
    if not isinstance(value, bool):
        raise BadValue(f"not true or false: {str(value)[:60]!r}")
    return value


def _parts(value: object) -> re.Match:
    match = INSTANT_PATTERN.match(value) if isinstance(value, str) else None
    if match is None:
        raise BadValue(f"not a date or time: {str(value)[:60]!r}")
    return match


def instant(value: object) -> datetime | None:
    """A DateTimeOffset → naive UTC (what our DateTime columns store). Seven fractional digits are cut to six."""
    if value is None:
        return None
    match = _parts(value)
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    try:
        moment = datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int((fraction or "0").ljust(6, "0")[:6]),
        )
    except ValueError as error:
        raise BadValue(f"not a date or time: {value!r}") from error
    if offset is None:
        return moment.replace(tzinfo=AMSTERDAM).astimezone(UTC).replace(tzinfo=None)
    if offset == "Z":
        return moment
    sign = 1 if offset[0] == "+" else -1
    hours, minutes = int(offset[1:3]), int(offset[4:6])
    return moment - sign * timedelta(hours=hours, minutes=minutes)


def calendar_day(value: object) -> date | None:
    """A date the API sends as `YYYY-MM-DD` or as local midnight (`2022-10-04T00:00:00+02:00`): the day as written,
    in the offset's own calendar. Converting to UTC first would give the day before; converting to today's
    Amsterdam rules would shift old dates too (the Netherlands had no summer time before 1977, yet the API writes
    `1976-09-16T00:00:00+02:00`)."""
    if value is None:
        return None
    match = _parts(value)
    year, month, day = (int(part) for part in match.groups()[:3])
    try:
        return date(year, month, day)
    except ValueError as error:
        raise BadValue(f"not a date: {value!r}") from error


def choice(value: object, allowed: frozenset[str]) -> str | None:
    if value is None:
        return None
    if value not in allowed:
        raise BadValue(f"unknown value {str(value)[:60]!r}")
    return value  # type: ignore[return-value]


def sortable_mark(value: str) -> tuple[datetime, int]:
    """An `ApiGewijzigdOp` as a key that orders exactly, all seven fractional digits included."""
    fraction = int((_parts(value).group(7) or "0").ljust(7, "0"))
    return instant(value).replace(microsecond=0), fraction  # type: ignore[union-attr]
