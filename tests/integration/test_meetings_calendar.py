"""Calendars: the .ics download of a meeting, and the personal subscription feed opened by a secret token."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlalchemy import select

from crm.common.time import utcnow
from crm.extensions import db
from crm.meetings.models_calendar import CalendarFeed
from crm.meetings.services_calendar import hash_token
from tests.factories_meetings import ActionItemFactory, AgendaItemFactory, AttendeeFactory, MeetingFactory
from tests.helpers import text_of

FEED_URL = re.compile(r'value="(https?://[^"]+/calendar/([A-Za-z0-9_-]+)\.ics)"')


def test_ics_download_parses_with_the_right_uid_and_time_zone(client, login_as):
    login_as("viewer", language="en")
    meeting = MeetingFactory(
        title="Directeurenoverleg VNO-NCW",
        starts_at=datetime(2026, 3, 12, 13, 0),
        ends_at=datetime(2026, 3, 12, 15, 0),
        location="Den Haag",
    )
    AgendaItemFactory(meeting=meeting, title="Steunpakketten")
    response = client.get(f"/meetings/{meeting.id}/meeting.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and "2026-03-12 Directeurenoverleg VNO-NCW.ics" in disposition
    calendar = Calendar.from_ical(response.data)
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.id}@bondgenoot"
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event.decoded("DTSTART") == datetime(2026, 3, 12, 14, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert "Steunpakketten" in str(event["DESCRIPTION"])
    assert f"/meetings/{meeting.id}" in str(event["URL"])
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert client.get("/meetings/999999/meeting.ics").status_code == 404


def make_feed(client) -> tuple[str, str]:
    """Create a subscription through the settings page; returns (full URL, token) as shown once."""
    response = client.submit("/meetings/calendar/renew", {}, token_from="/meetings/calendar")
    assert response.status_code == 200
    match = FEED_URL.search(response.get_data(as_text=True))
    assert match, text_of(response)[:500]
    return match.group(1), match.group(2)


def test_the_feed_holds_my_meetings_and_action_item_due_dates(client, login_as, app):
    me = login_as("lobbyist", language="en")
    url, token = make_feed(client)
    assert len(token) >= 43
    stored = db.session.scalar(select(CalendarFeed))
    assert stored.token_hash == hash_token(token) and token not in stored.token_hash  # only the hash is kept
    soon = (utcnow() + timedelta(days=3)).replace(microsecond=0)
    organised = MeetingFactory(organiser=me, title="Mijn overleg", starts_at=soon)
    attending = MeetingFactory(title="Taskforce", starts_at=soon, status="cancelled")
    AttendeeFactory(meeting=attending, person=None, user=me)
    MeetingFactory(title="Niet van mij", starts_at=soon)
    ActionItemFactory(meeting=organised, owner_user=me, due_date=date(2026, 12, 1), description="Brief sturen")
    ActionItemFactory(
        meeting=organised, owner_user=me, due_date=date(2026, 12, 2), description="Al klaar", status="done"
    )

    anonymous = app.test_client()
    response = anonymous.get(url.split("localhost", 1)[1])
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Mijn overleg", "Taskforce", "Action: Brief sturen (Mijn overleg)"}
    assert str(events["Taskforce"]["STATUS"]) == "CANCELLED"
    assert events["Action: Brief sturen (Mijn overleg)"].decoded("DTSTART") == date(2026, 12, 1)
    assert str(events["Mijn overleg"]["UID"]) == f"meeting-{organised.id}@bondgenoot"


def test_wrong_revoked_and_renewed_tokens_are_404(client, login_as, app):
    login_as("lobbyist", language="en")
    _url, first = make_feed(client)
    anonymous = app.test_client()
    assert anonymous.get(f"/calendar/{first}.ics").status_code == 200
    missing = anonymous.get("/calendar/does-not-exist.ics")
    wrong = anonymous.get(f"/calendar/{first[:-1]}x.ics")
    assert missing.status_code == wrong.status_code == 404
    assert missing.data == wrong.data  # a wrong token looks exactly like a missing page

    # Renewing makes a new address and ends the old one.
    _url, second = make_feed(client)
    assert second != first
    assert anonymous.get(f"/calendar/{first}.ics").status_code == 404
    assert anonymous.get(f"/calendar/{second}.ics").status_code == 200
    page = text_of(client.get("/meetings/calendar"))
    assert second not in page and "You have an active subscription" in page  # shown only once

    # Revoking ends it.
    assert client.get("/meetings/calendar/revoke").status_code == 200  # the confirmation
    client.submit("/meetings/calendar/revoke", {})
    revoked = anonymous.get(f"/calendar/{second}.ics")
    assert revoked.status_code == 404 and revoked.data == missing.data
    assert "You have no calendar subscription." in text_of(client.get("/meetings/calendar"))


def test_a_deactivated_users_feed_is_404(client, login_as, app):
    me = login_as("lobbyist", language="en")
    _url, token = make_feed(client)
    me.active = False
    db.session.commit()
    assert app.test_client().get(f"/calendar/{token}.ics").status_code == 404


def test_the_feed_is_rate_limited(client, login_as, app):
    login_as("lobbyist", language="en")
    _url, token = make_feed(client)
    anonymous = app.test_client()
    configured = app.config["CALENDAR_FEED_RATE_LIMIT"]
    app.config["CALENDAR_FEED_RATE_LIMIT"] = "3 per minute"
    try:
        statuses = [anonymous.get(f"/calendar/{token}.ics").status_code for _ in range(5)]
    finally:
        app.config["CALENDAR_FEED_RATE_LIMIT"] = configured
    assert statuses[:3] == [200, 200, 200] and statuses[-1] == 429


def test_feed_settings_need_a_login(app, db):
    anonymous = app.test_client()
    assert anonymous.get("/meetings/calendar").headers["Location"].startswith("/login")
    assert anonymous.post("/meetings/calendar/renew").status_code in (302, 400)
