"""iCalendar (RFC 5545) output: one meeting as an .ics download, and a user's personal subscription feed.

- Stable UIDs (`meeting-<id>@bondgenoot`, `action-<id>@bondgenoot`), so calendar apps update instead of duplicate.
- Times in the configured zone (Europe/Amsterdam) with TZID and a generated VTIMEZONE, so apps show the right
  hour on both sides of a daylight-saving change.
- SEQUENCE follows the meeting's version (bumped on every change); a cancelled meeting has STATUS:CANCELLED.
- Action-item due dates are all-day VEVENTs that do not block time (TRANSP:TRANSPARENT): Google Calendar and
  Outlook ignore VTODO in subscribed calendars, so a VTODO would silently not show.
- No personal data of external attendees (names, email addresses) goes into a calendar: feeds are often synced
  into third-party clouds. The description holds the agenda and a link to the meeting page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from icalendar import Calendar, Event, vDuration

from crm.meetings.models import ActionItem, Meeting

PRODID = "-//Bondgenoot//Meetings//NL"
UID_DOMAIN = "bondgenoot"


def meeting_uid(meeting_id: int) -> str:
    return f"meeting-{meeting_id}@{UID_DOMAIN}"


def action_uid(action_item_id: int) -> str:
    return f"action-{action_item_id}@{UID_DOMAIN}"


def _aware(moment: datetime, zone: ZoneInfo) -> datetime:
    """Stored naive UTC → aware local time (rendered as DTSTART;TZID=…)."""
    return moment.replace(tzinfo=UTC).astimezone(zone)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def _description(meeting: Meeting, url: str | None, agenda: list[str]) -> str:
    lines = []
    if meeting.series is not None:
        lines.append(meeting.series.name)
    if agenda:
        lines.append("")
        lines.extend(f"{number}. {title}" for number, title in enumerate(agenda, start=1))
    if meeting.online_url:
        lines += ["", meeting.online_url]
    if url:
        lines += ["", url]
    return "\n".join(lines).strip()


def meeting_event(
    meeting: Meeting, zone: ZoneInfo, *, url: str | None = None, agenda: list[str] | None = None
) -> Event:
    event = Event.new(
        uid=meeting_uid(meeting.id),
        summary=meeting.title,
        start=_aware(meeting.starts_at, zone),
        end=_aware(meeting.ends_at, zone),
        stamp=_utc(meeting.updated_at),
        sequence=max(meeting.version_id - 1, 0),
        status="CANCELLED" if meeting.is_cancelled else "CONFIRMED",
        location=meeting.location or meeting.online_url or None,
        description=_description(meeting, url, agenda or []) or None,
        url=url,
    )
    return event


def action_event(item: ActionItem, *, url: str | None = None, stamp: datetime | None = None) -> Event:
    """An open action item on its due date: an all-day event that does not block time."""
    due: date = item.due_date
    summary = _("Action: %(description)s", description=item.description)
    if item.meeting is not None:
        summary = f"{summary} ({item.meeting.title})"
    return Event.new(
        uid=action_uid(item.id),
        summary=summary,
        start=due,
        end=due + timedelta(days=1),
        stamp=_utc(stamp or item.updated_at),
        sequence=max(item.version_id - 1, 0),
        transparency="TRANSPARENT",
        description=url,
        url=url,
    )


def _calendar(name: str, uid: str, events: list[Event], *, refresh: timedelta | None = None) -> Calendar:
    calendar = Calendar.new(prodid=PRODID, name=name, uid=uid, method="PUBLISH", refresh_interval=refresh)
    if refresh is not None:
        calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # required by RFC 7986
        calendar.add("X-PUBLISHED-TTL", vDuration(refresh))  # Outlook's name for it: "PT1H", a duration too
    years = []
    for event in events:
        calendar.add_component(event)
        start = event.DTSTART
        years.append(start.year)
    if years:
        # A VTIMEZONE covering exactly the years used keeps the file small and valid.
        calendar.add_missing_timezones(first_date=date(min(years), 1, 1), last_date=date(max(years) + 1, 1, 1))
    return calendar


def meeting_calendar(meeting: Meeting, zone_name: str, *, url: str | None, agenda: list[str]) -> bytes:
    zone = ZoneInfo(zone_name)
    event = meeting_event(meeting, zone, url=url, agenda=agenda)
    return _calendar(meeting.title, meeting_uid(meeting.id), [event]).to_ical()


def feed_calendar(
    *,
    name: str,
    user_id: int,
    meetings: list[Meeting],
    action_items: list[ActionItem],
    zone_name: str,
    meeting_url: Callable[[Meeting], str],
    action_url: Callable[[ActionItem], str],
) -> bytes:
    zone = ZoneInfo(zone_name)
    events = [meeting_event(m, zone, url=meeting_url(m)) for m in meetings]
    events += [action_event(item, url=action_url(item)) for item in action_items if item.due_date]
    calendar = _calendar(name, f"feed-user-{user_id}@{UID_DOMAIN}", events, refresh=timedelta(hours=1))
    return calendar.to_ical()


_UNSAFE_IN_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def ics_filename(meeting: Meeting, zone_name: str) -> str:
    """A name people recognise in their downloads: "2026-03-12 Directeurenoverleg VNO-NCW.ics"."""
    day = _aware(meeting.starts_at, ZoneInfo(zone_name)).date().isoformat()
    title = re.sub(r"\s+", " ", _UNSAFE_IN_FILENAME.sub(" ", meeting.title)).strip(" .")[:80] or "meeting"
    return f"{day} {title}.ics"
