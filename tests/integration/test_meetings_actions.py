"""Action items: add and edit, "my actions" queries, done with one POST, carried over to the next meeting."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from crm.common.time import today, utcnow
from crm.extensions import db
from crm.meetings import queries
from crm.meetings.models import ActionItem
from tests.factories import PersonFactory, UserFactory
from tests.factories_meetings import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendeeFactory,
    MeetingFactory,
    MeetingSeriesFactory,
)
from tests.helpers import count, rows_of, text_of


def test_add_an_action_item_for_a_colleague_or_an_external_attendee(client, login_as):
    me = login_as("lobbyist", language="en")
    meeting = MeetingFactory(organiser=me)
    item = AgendaItemFactory(meeting=meeting, title="Routekaart")
    guest = AttendeeFactory(meeting=meeting, person=PersonFactory(first_name="Inge", last_name="Smeulders")).person
    url = f"/meetings/{meeting.id}/actions"
    response = client.submit(
        url,
        {
            "description": "Brief aan OCW opstellen",
            "owner": f"user:{me.id}",
            "due_date": "2026-03-01",
            "agenda_item_id": str(item.id),
        },
        token_from=f"/meetings/{meeting.id}",
    )
    assert response.status_code == 302
    response = client.submit(
        url,
        {"description": "Cijfers aanleveren", "owner": f"person:{guest.id}", "due_date": "", "agenda_item_id": ""},
        token_from=f"/meetings/{meeting.id}",
    )
    assert response.status_code == 302
    stored = {a.description: a for a in db.session.scalars(select(ActionItem))}
    assert stored["Brief aan OCW opstellen"].owner_user_id == me.id
    assert stored["Brief aan OCW opstellen"].due_date == date(2026, 3, 1)
    assert stored["Brief aan OCW opstellen"].agenda_item_id == item.id
    assert stored["Cijfers aanleveren"].owner_person_id == guest.id
    rows = rows_of(client.get(f"/meetings/{meeting.id}"))
    assert any(r.startswith("Cijfers aanleveren Inge Smeulders no date Open") for r in rows), rows


def test_impossible_due_dates_and_owners_are_form_errors(client, login_as):
    me = login_as("lobbyist", language="en")
    meeting = MeetingFactory(organiser=me)
    url = f"/meetings/{meeting.id}/actions"
    for due in ("31-02-2026", "morgen", "2026-02-31"):
        response = client.submit(
            url,
            {"description": "Iets", "owner": f"user:{me.id}", "due_date": due},
            token_from=f"/meetings/{meeting.id}",
        )
        assert response.status_code == 422, due
        assert "Not a valid date; use dd-mm-yyyy, e.g. 31-12-2026." in text_of(response)
    archived = PersonFactory(archived_at=utcnow())
    for owner in ("", "person:999999", f"person:{archived.id}", "user:999999", "robot:1"):
        response = client.submit(
            url, {"description": "Iets", "owner": owner, "due_date": ""}, token_from=f"/meetings/{meeting.id}"
        )
        assert response.status_code == 422, owner
    other_item = AgendaItemFactory()  # an item of another meeting
    response = client.submit(
        url,
        {"description": "Iets", "owner": f"user:{me.id}", "agenda_item_id": str(other_item.id)},
        token_from=f"/meetings/{meeting.id}",
    )
    assert response.status_code == 422
    assert count(ActionItem) == 0


def test_my_open_action_items_and_done_by_post(client, login_as):
    me = login_as("lobbyist", language="en")
    meeting = MeetingFactory(title="Taskforce")
    later = ActionItemFactory(
        meeting=meeting, owner_user=me, due_date=today() + timedelta(days=10), description="Later"
    )
    overdue = ActionItemFactory(
        meeting=meeting, owner_user=me, due_date=today() - timedelta(days=2), description="Te laat"
    )
    undated = ActionItemFactory(meeting=meeting, owner_user=me, due_date=None, description="Ooit")
    ActionItemFactory(meeting=meeting, owner_user=me, status="done", description="Klaar")
    ActionItemFactory(meeting=meeting, description="Van een ander")
    mine = queries.open_action_items_for(me.id)
    assert [a.description for a in mine] == ["Te laat", "Later", "Ooit"]
    assert mine[0].meeting.title == "Taskforce"
    assert db.session.scalar(select(queries.open_action_items_count_query(me.id))) == 3

    response = client.submit(
        f"/meetings/actions/{overdue.id}/done", {"next": "/my/actions"}, token_from=f"/meetings/{meeting.id}"
    )
    assert response.status_code == 302 and response.headers["Location"] == "/my/actions"
    done = db.session.get(ActionItem, overdue.id)
    assert done.status == "done" and done.done_at is not None
    assert db.session.scalar(select(queries.open_action_items_count_query(me.id))) == 2
    # A foreign `next` is ignored; an already closed item stays as it is.
    response = client.submit(
        f"/meetings/actions/{overdue.id}/done", {"next": "https://evil.example/"}, token_from=f"/meetings/{meeting.id}"
    )
    assert response.headers["Location"] == f"/meetings/{meeting.id}#action-items"
    assert undated.id and later.id


def test_only_the_owner_organiser_or_a_manager_marks_an_item_done(client, login_as):
    login_as("lobbyist", language="en")
    item = ActionItemFactory(owner_user=UserFactory())
    token = client.csrf_token(f"/meetings/{item.meeting_id}")
    assert client.post(f"/meetings/actions/{item.id}/done", data={"csrf_token": token}).status_code == 403
    assert client.post("/meetings/actions/999999/done", data={"csrf_token": token}).status_code == 404
    assert db.session.get(ActionItem, item.id).status == "open"


def test_edit_an_action_item(client, login_as):
    me = login_as("lobbyist", language="en")
    item = ActionItemFactory(meeting=MeetingFactory(organiser=me), owner_user=me, description="Oud")
    url = f"/meetings/{item.meeting_id}/actions/{item.id}/edit"
    opened = item.version_id
    response = client.submit(
        url,
        {
            "description": "Nieuw",
            "owner": f"user:{me.id}",
            "due_date": "2026-05-01",
            "status": "cancelled",
            "agenda_item_id": "",
            "version_id": str(opened),
        },
    )
    assert response.status_code == 302
    stored = db.session.get(ActionItem, item.id)
    assert (stored.description, stored.status, stored.due_date) == ("Nieuw", "cancelled", date(2026, 5, 1))
    stale = client.submit(
        url, {"description": "Nog eens", "owner": f"user:{me.id}", "status": "open", "version_id": str(opened)}
    )
    assert stale.status_code == 409
    assert db.session.get(ActionItem, item.id).description == "Nieuw"


def test_open_items_of_earlier_meetings_in_the_series_show_on_the_next(client, login_as):
    login_as("viewer", language="en")
    series = MeetingSeriesFactory(name="Directeurenoverleg VNO-NCW")
    now = utcnow().replace(microsecond=0)
    first = MeetingFactory(series=series, starts_at=now - timedelta(days=60), status="held", title="Januari")
    previous = MeetingFactory(series=series, starts_at=now - timedelta(days=30), status="held", title="Februari")
    upcoming = MeetingFactory(series=series, starts_at=now + timedelta(days=1), title="Maart")
    MeetingFactory(series=series, starts_at=now + timedelta(days=31), title="April")
    ActionItemFactory(meeting=previous, description="Reactie op routekaart sturen")
    ActionItemFactory(meeting=first, description="Nog steeds open uit januari")
    ActionItemFactory(meeting=previous, description="Al gedaan", status="done")
    ActionItemFactory(meeting=MeetingFactory(starts_at=now - timedelta(days=5)), description="Ander overleg")
    page = text_of(client.get(f"/meetings/{upcoming.id}"))
    section = page[page.index("Open action items from earlier meetings") :]
    assert "Reactie op routekaart sturen" in section and "Nog steeds open uit januari" in section
    assert "Al gedaan" not in section and "Ander overleg" not in section
    assert "Open action items from earlier meetings" not in text_of(client.get(f"/meetings/{first.id}"))
    series_page = text_of(client.get(f"/meetings/series/{series.id}"))
    assert "Reactie op routekaart sturen" in series_page and "Al gedaan" in series_page
