"""iCalendar output (RFC 5545): UIDs, time zone, sequence, cancellation, all-day action items, file names."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from crm.meetings.calendar import action_uid, ics_filename, meeting_calendar, meeting_uid
from crm.meetings.models import ActionItem, Meeting, MeetingSeries


def meeting(**fields) -> Meeting:
    values = {
        "id": 42,
        "title": "Directeurenoverleg VNO-NCW",
        # 13:00 UTC in winter is 14:00 in Amsterdam; 12:00 UTC in summer is 14:00 too.
        "starts_at": datetime(2026, 3, 12, 13, 0),
        "ends_at": datetime(2026, 3, 12, 15, 0),
        "updated_at": datetime(2026, 3, 1, 9, 30),
        "version_id": 3,
        "status": "planned",
        "location": "Malietoren, Den Haag",
        "series": MeetingSeries(name="Directeurenoverleg"),
    }
    values.update(fields)
    return Meeting(**values)


def parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def test_a_meeting_has_a_stable_uid_local_times_with_tzid_and_a_vtimezone():
    body = meeting_calendar(meeting(), "Europe/Amsterdam", url="https://crm.example/meetings/42", agenda=["Opening"])
    text = body.decode()
    assert "DTSTART;TZID=Europe/Amsterdam:20260312T140000" in text
    assert "DTEND;TZID=Europe/Amsterdam:20260312T160000" in text
    calendar = parse(body)
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == meeting_uid(42) == "meeting-42@bondgenoot"
    assert event.decoded("DTSTART") == datetime(2026, 3, 12, 14, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert int(event["SEQUENCE"]) == 2
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["LOCATION"]) == "Malietoren, Den Haag"
    assert "1. Opening" in str(event["DESCRIPTION"]) and "https://crm.example/meetings/42" in str(event["DESCRIPTION"])
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Amsterdam"
    assert str(calendar["VERSION"]) == "2.0" and "PRODID" in calendar


def test_summer_time_and_a_cancelled_meeting():
    body = meeting_calendar(
        meeting(
            starts_at=datetime(2026, 6, 4, 12, 0),
            ends_at=datetime(2026, 6, 4, 13, 30),
            status="cancelled",
            version_id=7,
        ),
        "Europe/Amsterdam",
        url=None,
        agenda=[],
    )
    assert "DTSTART;TZID=Europe/Amsterdam:20260604T140000" in body.decode()
    (event,) = parse(body).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 6


def test_action_item_is_an_all_day_transparent_event(app):
    from crm.meetings.calendar import action_event

    item = ActionItem(
        id=7,
        description="Brief sturen",
        due_date=date(2026, 4, 1),
        version_id=1,
        updated_at=datetime(2026, 3, 1),
        meeting=meeting(),
    )
    with app.test_request_context():
        event = action_event(item, url="https://crm.example/meetings/42#action-items")
    text = event.to_ical().decode()
    assert "DTSTART;VALUE=DATE:20260401" in text and "DTEND;VALUE=DATE:20260402" in text
    assert "TRANSP:TRANSPARENT" in text
    assert str(event["UID"]) == action_uid(7) == "action-7@bondgenoot"


def test_file_name_is_the_local_date_and_a_safe_title():
    assert ics_filename(meeting(), "Europe/Amsterdam") == "2026-03-12 Directeurenoverleg VNO-NCW.ics"
    late = meeting(
        starts_at=datetime(2026, 3, 12, 23, 30), ends_at=datetime(2026, 3, 13, 0, 30), title='Overleg: "a/b" <c>\\d'
    )
    assert ics_filename(late, "Europe/Amsterdam") == "2026-03-13 Overleg a b c d.ics"


def test_the_feed_says_how_often_to_refresh_as_a_duration():
    from crm.meetings.calendar import feed_calendar

    body = feed_calendar(name="Bondgenoot", user_id=7, meetings=[meeting()], action_items=[],
                         zone_name="Europe/Amsterdam", meeting_url=lambda m: "https://crm.example/m",
                         action_url=lambda a: "https://crm.example/a").decode()  # fmt: skip
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in body  # RFC 7986: VALUE=DURATION is required
    assert "X-PUBLISHED-TTL:PT1H\r\n" in body  # a duration, as Outlook reads it (not "1:00:00")
    assert parse(body.encode())["X-PUBLISHED-TTL"] == "PT1H"
