"""A held meeting is one entry in the contact log, kept in step with the meeting, never duplicated."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from crm.common.time import utcnow
from crm.extensions import db
from crm.interactions.models import Interaction
from crm.meetings.models import Meeting, MeetingAttendee
from tests.factories import AffiliationFactory, DossierFactory, PersonFactory
from tests.factories_meetings import AttendeeFactory, MeetingFactory, MeetingSeriesFactory
from tests.helpers import count, text_of


def past():
    return (utcnow() - timedelta(days=3)).replace(hour=9, minute=0, second=0, microsecond=0)


def edit_form(meeting, **fields) -> dict:
    data = {
        "title": meeting.title,
        "series_id": str(meeting.series_id or ""),
        "status": meeting.status,
        "starts_at": "",
        "ends_at": "",
        "location": "",
        "online_url": "",
        "organiser_id": str(meeting.organiser_id),
        "coalition_id": "",
        "dossier_ids": [str(d.id) for d in meeting.dossiers],
        "version_id": str(meeting.version_id),
    }
    data.update(fields)
    return data


def test_held_meeting_is_one_contact_that_follows_every_change(client, login_as):
    me = login_as("lobbyist", language="en")
    series = MeetingSeriesFactory(name="Directeurenoverleg MKB-Nederland", coalition=None)
    dossier = DossierFactory(title="Heropening en routekaart")
    meeting = MeetingFactory(organiser=me, title="Directeurenoverleg MKB", starts_at=past(), series=series)
    meeting.dossiers = [dossier]
    overdijk = AffiliationFactory(
        person__first_name="Martijn", person__last_name="Overdijk", organisation__name="MKB-Nederland"
    )
    smeulders = AffiliationFactory(
        person__first_name="Inge", person__last_name="Smeulders", organisation__name="VNO-NCW"
    )
    AttendeeFactory(meeting=meeting, person=overdijk.person, organisation=overdijk.organisation)
    AttendeeFactory(meeting=meeting, person=smeulders.person, organisation=smeulders.organisation)
    AttendeeFactory(meeting=meeting, person=None, user=me)
    db.session.flush()
    assert count(Interaction) == 0  # planned: not (yet) a contact

    client.submit(f"/meetings/{meeting.id}/held", {}, token_from=f"/meetings/{meeting.id}")
    (contact,) = db.session.scalars(select(Interaction))
    assert contact.kind == "meeting" and contact.subject == "Directeurenoverleg MKB"
    assert contact.occurred_at == meeting.starts_at
    assert {p.full_name for p in contact.people} == {"Martijn Overdijk", "Inge Smeulders"}  # all invited
    assert {o.name for o in contact.organisations} == {"MKB-Nederland", "VNO-NCW"}
    assert [u.id for u in contact.users] == [me.id]
    assert [d.title for d in contact.dossiers] == ["Heropening en routekaart"]
    assert db.session.get(Meeting, meeting.id).interaction_id == contact.id
    assert "Recorded as a contact" in text_of(client.get(f"/meetings/{meeting.id}"))

    # Attendance recorded: only those who came count.
    attendees = {a.name: a.id for a in db.session.scalars(select(MeetingAttendee))}
    client.submit(
        f"/meetings/{meeting.id}/attendance",
        {
            f"attendance-{attendees['Martijn Overdijk']}": "attended",
            f"attendance-{attendees['Inge Smeulders']}": "excused",
            f"attendance-{attendees[me.name]}": "attended",
        },
        token_from=f"/meetings/{meeting.id}",
    )
    (contact,) = db.session.scalars(select(Interaction))
    assert {p.full_name for p in contact.people} == {"Martijn Overdijk"}

    # Editing the meeting's title and time updates the same entry.
    fresh = db.session.get(Meeting, meeting.id)
    response = client.submit(
        f"/meetings/{meeting.id}/edit",
        edit_form(
            fresh, title="Directeurenoverleg MKB-Nederland", starts_at="2026-01-15T10:00", ends_at="2026-01-15T12:00"
        ),
    )
    assert response.status_code == 302, text_of(response)[:600]
    (contact,) = db.session.scalars(select(Interaction))
    assert contact.subject == "Directeurenoverleg MKB-Nederland"
    assert contact.occurred_at.isoformat() == "2026-01-15T09:00:00"

    # A new external attendee who attended joins the same entry.
    newcomer = PersonFactory(first_name="Robbert", last_name="Vlasblom")
    client.submit(
        f"/meetings/{meeting.id}/attendees", {"person_ids": [str(newcomer.id)]}, token_from=f"/meetings/{meeting.id}"
    )
    new_id = db.session.scalar(select(MeetingAttendee.id).where(MeetingAttendee.person_id == newcomer.id))
    client.submit(
        f"/meetings/{meeting.id}/attendance", {f"attendance-{new_id}": "attended"}, token_from=f"/meetings/{meeting.id}"
    )
    assert count(Interaction) == 1
    (contact,) = db.session.scalars(select(Interaction))
    assert {p.full_name for p in contact.people} == {"Martijn Overdijk", "Robbert Vlasblom"}

    # No external attendee left: the entry goes; cancelled meetings have none either.
    for attendee_id in (attendees["Martijn Overdijk"], new_id):
        client.submit(f"/meetings/{meeting.id}/attendees/{attendee_id}/remove", {})
    assert count(Interaction) == 0
    assert db.session.get(Meeting, meeting.id).interaction_id is None


def test_cancelling_a_held_meeting_removes_its_contact(client, login_as):
    me = login_as("director", language="en")
    meeting = MeetingFactory(organiser=me, starts_at=past())
    AttendeeFactory(meeting=meeting)
    client.submit(f"/meetings/{meeting.id}/held", {}, token_from=f"/meetings/{meeting.id}")
    assert count(Interaction) == 1
    client.submit(f"/meetings/{meeting.id}/cancel", {})
    assert count(Interaction) == 0
    assert db.session.get(Meeting, meeting.id).interaction_id is None


def test_a_meeting_created_as_held_records_its_contact_once(client, login_as):
    me = login_as("lobbyist", language="en")
    person = PersonFactory(last_name="Kroonenberg")
    response = client.submit(
        "/meetings/new",
        {
            "title": "Werkbezoek Kunsten '92",
            "series_id": "",
            "status": "held",
            "starts_at": "2026-02-02T10:00",
            "ends_at": "2026-02-02T11:00",
            "organiser_id": str(me.id),
            "coalition_id": "",
            "person_ids": [str(person.id)],
            "user_ids": [str(me.id)],
        },
    )
    assert response.status_code == 302, text_of(response)[:600]
    (contact,) = db.session.scalars(select(Interaction))
    assert [p.last_name for p in contact.people] == ["Kroonenberg"] and contact.created_by_id == me.id
    meeting = db.session.scalar(select(Meeting))
    client.submit(
        f"/meetings/{meeting.id}/edit",
        edit_form(meeting, title="Werkbezoek", starts_at="2026-02-02T10:00", ends_at="2026-02-02T11:30"),
    )
    assert count(Interaction) == 1
    assert db.session.scalar(select(Interaction.subject)) == "Werkbezoek"


def test_a_future_meeting_cannot_be_created_as_held(client, login_as):
    login_as("lobbyist", language="en")
    start = (utcnow() + timedelta(days=30)).strftime("%Y-%m-%dT10:00")
    response = client.submit(
        "/meetings/new",
        {"title": "Later", "status": "held", "starts_at": start, "ends_at": start.replace("10:00", "11:00")},
    )
    assert response.status_code == 422
    assert "A meeting that has not started yet cannot have been held." in text_of(response)
    assert count(Meeting) == 0 and count(Interaction) == 0


def test_deleting_the_contact_of_a_held_meeting_unlinks_it_and_the_next_change_restores_it(client, login_as):
    from crm.interactions.services import delete_interaction

    me = login_as("lobbyist", language="en")
    meeting = MeetingFactory(organiser=me, starts_at=past())
    AttendeeFactory(meeting=meeting)
    client.submit(f"/meetings/{meeting.id}/held", {}, token_from=f"/meetings/{meeting.id}")
    delete_interaction(db.session.get(Meeting, meeting.id).interaction)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).interaction_id is None  # ON DELETE SET NULL
    assert client.get(f"/meetings/{meeting.id}").status_code == 200
    client.submit(
        f"/meetings/{meeting.id}/attendees",
        {"person_ids": [str(PersonFactory().id)]},
        token_from=f"/meetings/{meeting.id}",
    )
    assert count(Interaction) == 1
    assert db.session.get(Meeting, meeting.id).interaction_id == db.session.scalar(select(Interaction.id))
