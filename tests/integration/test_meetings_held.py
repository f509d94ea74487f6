"""Marking a meeting held before its planned start (issue 13, item 14), and a meeting with final minutes that cannot
be cancelled any more (item 18)."""

from __future__ import annotations

from datetime import timedelta

from crm.common.time import today, utcnow
from crm.extensions import db
from crm.interactions.models import Interaction
from crm.meetings.models import Meeting
from tests.factories_meetings import AttendeeFactory, MeetingFactory
from tests.helpers import count, local, text_of
from tests.integration.test_meetings_contact import edit_form


def test_a_meeting_held_earlier_than_planned_is_marked_held_at_the_time_it_started(client, login_as):
    me = login_as("lobbyist")
    meeting = MeetingFactory(organiser=me, title="Werkbezoek Rotterdam")  # planned a week ahead, two hours
    AttendeeFactory(meeting=meeting)
    page = client.get(f"/meetings/{meeting.id}")
    assert f'href="/meetings/{meeting.id}/held"' in page.get_data(as_text=True)
    assert "Markeren als gehouden" in text_of(page)

    form = client.get(f"/meetings/{meeting.id}/held")
    assert form.status_code == 200
    assert "Wanneer is Werkbezoek Rotterdam gehouden?" in text_of(form)
    yesterday = today() - timedelta(days=1)
    response = client.submit(f"/meetings/{meeting.id}/held", {"started_at": f"{yesterday.isoformat()}T14:00"})
    assert response.status_code == 302 and response.headers["Location"] == f"/meetings/{meeting.id}"
    held = db.session.get(Meeting, meeting.id)
    started = local(yesterday.year, yesterday.month, yesterday.day, 14, 0)
    assert held.status == "held"
    assert (held.starts_at, held.ends_at) == (started, started + timedelta(hours=2))  # moved, same length
    assert count(Interaction) == 1 and db.session.get(Interaction, held.interaction_id).occurred_at == started
    assert "Werkbezoek Rotterdam is gemarkeerd als gehouden" in text_of(client.get(response.headers["Location"]))


def test_the_time_it_started_is_not_in_the_future(client, login_as):
    me = login_as("lobbyist")
    meeting = MeetingFactory(organiser=me)
    tomorrow = today() + timedelta(days=1)
    for started, message in ((f"{tomorrow.isoformat()}T10:00", "niet in de toekomst"), ("", "Vul in wanneer")):
        response = client.submit(f"/meetings/{meeting.id}/held", {"started_at": started})
        assert response.status_code == 422
        assert message in text_of(response)
    assert db.session.get(Meeting, meeting.id).status == "planned"
    one_click = client.submit(f"/meetings/{meeting.id}/held", {}, token_from=f"/meetings/{meeting.id}")
    assert one_click.status_code == 422  # the one-click mark of a meeting ahead asks for the time instead
    assert db.session.get(Meeting, meeting.id).status == "planned"


def test_a_meeting_that_started_is_still_marked_held_with_one_click(client, login_as):
    me = login_as("lobbyist")
    started = utcnow().replace(microsecond=0) - timedelta(minutes=30)
    meeting = MeetingFactory(organiser=me, starts_at=started)
    assert client.get(f"/meetings/{meeting.id}/held").status_code == 302  # nothing to ask
    client.submit(f"/meetings/{meeting.id}/held", {}, token_from=f"/meetings/{meeting.id}")
    held = db.session.get(Meeting, meeting.id)
    assert held.status == "held" and held.starts_at == started


def test_a_held_meeting_with_final_minutes_cannot_be_cancelled(client, login_as):
    me = login_as("lobbyist")
    meeting = MeetingFactory(
        organiser=me, starts_at=utcnow().replace(microsecond=0) - timedelta(days=2), status="held",
        minutes_status="final",
    )  # fmt: skip
    page = text_of(client.get(f"/meetings/{meeting.id}"))
    assert "Overleg annuleren" not in page
    refused = "Dit overleg is gehouden en het verslag is definitief; het kan niet meer worden geannuleerd."
    asked = client.get(f"/meetings/{meeting.id}/cancel")
    assert asked.status_code == 302
    assert refused in text_of(client.get(asked.headers["Location"]))
    client.submit(f"/meetings/{meeting.id}/cancel", {}, token_from=f"/meetings/{meeting.id}")
    assert db.session.get(Meeting, meeting.id).status == "held"
    # Nor through the edit form's status.
    start = meeting.starts_at + timedelta(hours=1)  # in Amsterdam: UTC + 1 or 2 hours; any past time will do
    edited = client.submit(
        f"/meetings/{meeting.id}/edit",
        edit_form(
            meeting,
            status="cancelled",
            starts_at=start.strftime("%Y-%m-%dT%H:%M"),
            ends_at=(start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    assert edited.status_code == 422 and refused in text_of(edited)
    assert db.session.get(Meeting, meeting.id).status == "held"
