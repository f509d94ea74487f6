"""The dashboard's period (this month, quarter, year, or custom dates), its UTC bounds, and the one before it.

Periods are calendar days in the organisation's time zone (Europe/Amsterdam): "this month" is the first to the last
day of the month today falls in, as the users read their calendar, and its bounds in UTC are where those local days
begin and end — an interaction at 23:30 on the 31st local time belongs to that month, though it is the 1st in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from crm.common.forms import date_arg
from crm.common.time import local_day_start_utc

KINDS = ("month", "quarter", "year", "custom")
MAX_DAYS = 3 * 366  # a custom period of at most three years keeps every chart readable
YEARS = (1900, 2200)  # dates outside these are typing mistakes (and would overflow the time-zone arithmetic)


@dataclass(frozen=True)
class Period:
    kind: str
    start: date  # first day, inclusive
    end: date  # last day, inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self, zone: str) -> tuple[datetime, datetime]:
        """[start, end) as naive UTC instants: where the first day begins and the day after the last begins."""
        return local_day_start_utc(self.start, zone), local_day_start_utc(self.end + timedelta(days=1), zone)

    def previous(self) -> Period:
        """The period before: the previous calendar month, quarter or year; for custom dates as many days before."""
        if self.kind == "month":
            end = self.start - timedelta(days=1)
            return Period(self.kind, end.replace(day=1), end)
        if self.kind == "quarter":
            end = self.start - timedelta(days=1)
            return Period(self.kind, date(end.year, end.month - 2, 1), end)
        if self.kind == "year":
            return Period(self.kind, date(self.start.year - 1, 1, 1), date(self.start.year - 1, 12, 31))
        return Period(self.kind, self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def weeks(self) -> list[date]:
        """The Mondays of the weeks the period touches (the weekly chart's columns)."""
        monday = self.start - timedelta(days=self.start.weekday())
        return [monday + timedelta(weeks=i) for i in range((self.end - monday).days // 7 + 1)]

    def months(self) -> list[date]:
        """The first days of the months the period touches (the heat map's columns)."""
        firsts, month = [], self.start.replace(day=1)
        while month <= self.end:
            firsts.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return firsts


def _month(day: date) -> Period:
    following = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return Period("month", day.replace(day=1), following - timedelta(days=1))


def _quarter(day: date) -> Period:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    following = date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    return Period("quarter", start, following - timedelta(days=1))


def period_from_args(args, today: date) -> tuple[Period, str | None]:
    """The period the URL asks for (this month by default), and a message when custom dates were unusable."""
    kind = args.get("period", "month")
    if kind == "quarter":
        return _quarter(today), None
    if kind == "year":
        return Period("year", date(today.year, 1, 1), date(today.year, 12, 31)), None
    if kind == "custom":
        return custom_period(args, _month(today))
    return _month(today), None


def custom_period(args, fallback: Period) -> tuple[Period, str | None]:
    """The dates `from` and `until` in the URL (both days included); else `fallback`, with what was wrong with the
    dates ("dates", "order" or "length")."""
    start, end = date_arg(args.get("from")), date_arg(args.get("until"))
    if start is None or end is None or not all(YEARS[0] <= day.year <= YEARS[1] for day in (start, end)):
        return fallback, "dates"
    if end < start:
        return fallback, "order"
    if (end - start).days >= MAX_DAYS:
        return fallback, "length"
    return Period("custom", start, end), None


def bucket_starts(firsts: list[date], start: datetime, end: datetime, zone: str) -> list[datetime]:
    """Where each bucket (a week from its Monday, a month from its first day) begins in UTC, clipped to the period
    [start, end), followed by the period's end: the boundaries the charts count between."""
    return [max(local_day_start_utc(first, zone), start) for first in firsts] + [end]
