"""Meeting times read in Amsterdam time: a meeting past midnight shows its end day, one within a day does not."""

from __future__ import annotations

from datetime import datetime

from tests.factories_meetings import MeetingFactory
from tests.helpers import text_of


def test_a_meeting_past_local_midnight_shows_the_day_it_ends(client, login_as):
    login_as("viewer")
    # 18 June 23:00–19 June 01:00 in Amsterdam (UTC+2) is 21:00–23:00 UTC: one UTC day, two local days.
    late = MeetingFactory(
        title="Nachtelijk debat", starts_at=datetime(2026, 6, 18, 21), ends_at=datetime(2026, 6, 18, 23)
    )
    # 18 June 01:00–03:00 in Amsterdam is 17 June 23:00 – 18 June 01:00 UTC: two UTC days, one local day.
    early = MeetingFactory(title="Vroeg overleg", starts_at=datetime(2026, 6, 17, 23), ends_at=datetime(2026, 6, 18, 1))
    late_page = text_of(client.get(f"/meetings/{late.id}"))
    assert "18 jun 2026, 23:00–19 jun 2026, 01:00" in late_page
    early_page = text_of(client.get(f"/meetings/{early.id}"))
    assert "18 jun 2026, 01:00–03:00" in early_page
