"""Meetings: create with attendees and agenda, the meeting page, edit, reorder, attendees, bad input, permissions.

Users here read English (language="en"), so assertions do not depend on the Dutch catalogue being up to date.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from crm.common.time import utcnow
from crm.extensions import db
from crm.meetings.models import AgendaItem, Meeting, MeetingAttendee
from tests.factories import AffiliationFactory, DossierFactory, PersonFactory, UserFactory
from tests.factories_meetings import AgendaItemFactory, MeetingFactory, MeetingSeriesFactory
from tests.helpers import count, listed, rows_of, text_of


def meeting_form(**fields) -> dict:
    data = {
        "title": "Directeurenoverleg VNO-NCW",
        "series_id": "",
        "status": "planned",
        "starts_at": "2026-03-12T14:00",
        "ends_at": "2026-03-12T16:00",
        "location": "Malietoren, Den Haag",
        "online_url": "",
        "organiser_id": "",
        "coalition_id": "",
        "agenda": "",
    }
    data.update(fields)
    return data


def test_create_a_meeting_with_attendees_and_agenda(client, login_as):
    me = login_as("lobbyist", language="en")
    colleague = UserFactory(name="Daphne Directeur")
    smeulders = AffiliationFactory(
        person__first_name="Inge", person__last_name="Smeulders", organisation__name="VNO-NCW"
    ).person
    series = MeetingSeriesFactory(name="Directeurenoverleg VNO-NCW")
    dossier = DossierFactory(title="Steunpakketten")
    response = client.submit(
        "/meetings/new",
        meeting_form(
            series_id=str(series.id),
            organiser_id=str(me.id),
            user_ids=[str(me.id), str(colleague.id)],
            person_ids=[str(smeulders.id)],
            dossier_ids=[str(dossier.id)],
            agenda="Opening\nSteunpakketten\n\nRondvraag",
        ),
    )
    assert response.status_code == 302, text_of(response)[:800]
    meeting = db.session.scalar(select(Meeting))
    # Amsterdam is UTC+1 in March: the database stores UTC.
    assert meeting.starts_at == datetime(2026, 3, 12, 13, 0)
    assert meeting.organiser_id == me.id and meeting.series_id == series.id
    assert [d.title for d in meeting.dossiers] == ["Steunpakketten"]
    assert [(i.position, i.title) for i in meeting.agenda_items] == [
        (1, "Opening"),
        (2, "Steunpakketten"),
        (3, "Rondvraag"),
    ]
    attendees = {a.name: a for a in meeting.attendees}
    assert set(attendees) == {me.name, "Daphne Directeur", "Inge Smeulders"}
    assert attendees["Inge Smeulders"].organisation.name == "VNO-NCW"  # their current position

    page = client.get(response.headers["Location"])
    text = text_of(page)
    assert "Directeurenoverleg VNO-NCW" in text and "Malietoren, Den Haag" in text
    assert "12 Mar 2026, 14:00–16:00" in text
    rows = rows_of(page)
    assert any(r.startswith("Inge Smeulders VNO-NCW") for r in rows), rows
    agenda = text[text.index("Agenda and minutes") :]
    assert agenda.index("Opening") < agenda.index("Steunpakketten") < agenda.index("Rondvraag")
    listing = listed(client.get("/meetings/"))
    assert "Directeurenoverleg VNO-NCW" in listing and " 3 " in f" {listing} "


def test_end_before_start_is_a_form_error_and_nothing_is_saved(client, login_as):
    login_as("lobbyist", language="en")
    response = client.submit("/meetings/new", meeting_form(starts_at="2026-03-12T16:00", ends_at="2026-03-12T14:00"))
    assert response.status_code == 422
    assert "The meeting must end after it starts." in text_of(response)
    assert count(Meeting) == 0


def test_impossible_times_and_links_are_form_errors(client, login_as):
    login_as("lobbyist", language="en")
    response = client.submit(
        "/meetings/new", meeting_form(starts_at="31-02-2026 14:00", online_url="javascript:alert(1)")
    )
    assert response.status_code == 422
    text = text_of(response)
    assert "Not a valid date and time; use dd-mm-yyyy hh:mm, e.g. 31-12-2026 14:30." in text
    assert "Enter a web address starting with http:// or https://." in text
    assert count(Meeting) == 0


def test_unknown_or_archived_attendees_are_refused_and_nothing_is_half_saved(client, login_as):
    me = login_as("lobbyist", language="en")
    archived = PersonFactory(last_name="Gearchiveerd", archived_at=utcnow())
    active = PersonFactory(last_name="Actief")
    for bad in (str(archived.id), "999999"):
        response = client.submit(
            "/meetings/new", meeting_form(organiser_id=str(me.id), person_ids=[str(active.id), bad], agenda="Opening")
        )
        assert response.status_code == 422
        assert "One of the people no longer exists or is archived" in text_of(response)
        assert count(Meeting) == 0 and count(AgendaItem) == 0 and count(MeetingAttendee) == 0

    meeting = MeetingFactory()
    response = client.submit(
        f"/meetings/{meeting.id}/attendees",
        {"person_ids": [str(active.id), str(archived.id)]},
        token_from=f"/meetings/{meeting.id}",
    )
    assert response.status_code == 422
    assert "One of the people no longer exists or is archived" in text_of(response)
    assert count(MeetingAttendee) == 0
    response = client.submit(
        f"/meetings/{meeting.id}/attendees", {"person_ids": ["abc"]}, token_from=f"/meetings/{meeting.id}"
    )
    assert response.status_code == 422
    assert count(MeetingAttendee) == 0


def test_a_lobbyist_adds_attendees_to_someone_elses_meeting_but_cannot_edit_it(client, login_as):
    me = login_as("lobbyist", language="en")
    meeting = MeetingFactory(title="Taskforce")
    person = PersonFactory(first_name="Jeroen", last_name="Eikelboom")
    response = client.submit(
        f"/meetings/{meeting.id}/attendees",
        {"person_ids": [str(person.id)], "user_ids": [str(me.id)]},
        token_from=f"/meetings/{meeting.id}",
    )
    assert response.status_code == 302
    assert {a.name for a in db.session.get(Meeting, meeting.id).attendees} == {"Jeroen Eikelboom", me.name}
    assert client.get(f"/meetings/{meeting.id}/edit").status_code == 403
    assert client.get(f"/meetings/{meeting.id}/agenda").status_code == 403
    mine = db.session.scalar(select(MeetingAttendee.id).where(MeetingAttendee.user_id == me.id))
    theirs = db.session.scalar(select(MeetingAttendee.id).where(MeetingAttendee.person_id == person.id))
    assert client.get(f"/meetings/{meeting.id}/attendees/{theirs}/remove").status_code == 403
    client.submit(f"/meetings/{meeting.id}/attendees/{mine}/remove", {})
    assert db.session.get(MeetingAttendee, mine) is None  # taking oneself off the list is fine


def test_viewer_reads_but_cannot_write(client, login_as):
    login_as("viewer", language="en")
    meeting = MeetingFactory(title="Gebruikersgroep Zoom")
    assert "Gebruikersgroep Zoom" in text_of(client.get(f"/meetings/{meeting.id}"))
    assert client.get("/meetings/new").status_code == 403
    assert client.get("/meetings/new?series=99999999999999999999").status_code == 403
    token = client.csrf_token(f"/meetings/{meeting.id}")
    assert client.post(f"/meetings/{meeting.id}/attendees", data={"csrf_token": token}).status_code == 403


def test_reorder_the_agenda_with_move_buttons(client, login_as):
    me = login_as("lobbyist", language="en")
    meeting = MeetingFactory(organiser=me)
    first, second, third = (AgendaItemFactory(meeting=meeting, position=i, title=t) for i, t in enumerate("ABC", 1))
    agenda = f"/meetings/{meeting.id}/agenda"
    response = client.submit(f"{agenda}/{third.id}/move", {"direction": "up"}, token_from=agenda)
    assert response.status_code == 302
    client.submit(f"{agenda}/{first.id}/move", {"direction": "down"}, token_from=agenda)
    client.submit(f"{agenda}/{first.id}/move", {"direction": "down"}, token_from=agenda)  # already last: no change
    order = [i.title for i in db.session.scalars(select(AgendaItem).order_by(AgendaItem.position))]
    assert order == ["C", "B", "A"]
    page = text_of(client.get(agenda))
    assert page.index("C") < page.index("Move up")
    client.submit(f"{agenda}/order", {"item_ids": [str(first.id), str(second.id), str(third.id)]}, token_from=agenda)
    order = [i.title for i in db.session.scalars(select(AgendaItem).order_by(AgendaItem.position))]
    assert order == ["A", "B", "C"]


def test_add_edit_and_remove_agenda_items(client, login_as):
    me = login_as("lobbyist", language="en")
    meeting = MeetingFactory(organiser=me)
    agenda = f"/meetings/{meeting.id}/agenda"
    client.submit(agenda, {"title": "Opening", "presenter": "Voorzitter", "duration_minutes": "5"})
    response = client.submit(agenda, {"title": "Te lang", "duration_minutes": "2000"})
    assert response.status_code == 422 and "Enter 0 to 1440 minutes." in text_of(response)
    client.submit(agenda, {"title": "Rondvraag", "presenter": "", "duration_minutes": ""})
    items = list(db.session.scalars(select(AgendaItem).order_by(AgendaItem.position)))
    assert [(i.position, i.title, i.presenter, i.duration_minutes) for i in items] == [
        (1, "Opening", "Voorzitter", 5),
        (2, "Rondvraag", None, None),
    ]
    edit = f"{agenda}/{items[0].id}/edit"
    client.submit(
        edit,
        {
            "title": "Opening en mededelingen",
            "presenter": "",
            "duration_minutes": "10",
            "version_id": str(items[0].version_id),
        },
    )
    assert db.session.get(AgendaItem, items[0].id).title == "Opening en mededelingen"
    client.submit(f"{agenda}/{items[0].id}/remove", {})
    remaining = list(db.session.scalars(select(AgendaItem)))
    assert [(i.position, i.title) for i in remaining] == [(1, "Rondvraag")]


def test_stale_meeting_edit_is_a_conflict_and_keeps_the_input(client, login_as):
    me = login_as("lobbyist", language="en")
    meeting = MeetingFactory(organiser=me, title="Oud", location="Utrecht")
    opened = meeting.version_id
    meeting.location = "Den Haag"
    db.session.commit()
    response = client.submit(
        f"/meetings/{meeting.id}/edit",
        meeting_form(title="Mijn titel", location="Amsterdam", organiser_id=str(me.id), version_id=str(opened)),
    )
    assert response.status_code == 409
    text = text_of(response)
    assert "Amsterdam" in text and "Den Haag" in text
    assert db.session.get(Meeting, meeting.id).title == "Oud"


def test_list_filters_and_upcoming_first(client, login_as):
    login_as("viewer", language="en")
    now = utcnow().replace(microsecond=0)
    series = MeetingSeriesFactory(name="Taskforce")
    MeetingFactory(title="Verleden", starts_at=now - timedelta(days=30), status="held", series=series)
    MeetingFactory(title="Lang geleden", starts_at=now - timedelta(days=300), status="held")
    MeetingFactory(title="Volgende week", starts_at=now + timedelta(days=7))
    MeetingFactory(title="Morgen", starts_at=now + timedelta(days=1))
    MeetingFactory(title="Afgelast", starts_at=now + timedelta(days=3), status="cancelled")
    titles = [r.split(" Vergadering")[0] for r in rows_of(client.get("/meetings/"))[1:]]
    order = [
        t for name in ("Morgen", "Afgelast", "Volgende week", "Verleden", "Lang geleden") for t in titles if name in t
    ]
    assert len(order) == 5 and all(
        name in order[i] for i, name in enumerate(("Morgen", "Afgelast", "Volgende week", "Verleden", "Lang geleden"))
    )
    assert "Verleden" not in listed(client.get("/meetings/?period=upcoming"))
    assert "Morgen" not in listed(client.get("/meetings/?period=past"))
    only_series = listed(client.get(f"/meetings/?series={series.id}"))
    assert "Verleden" in only_series and "Morgen" not in only_series
    assert "Afgelast" in listed(client.get("/meetings/?status=cancelled"))
    assert "Afgelast" not in listed(client.get("/meetings/?status=planned"))
    assert listed(client.get("/meetings/?q=volgende")).count("Volgende week") == 1
    empty = client.get("/meetings/?q=bestaatniet")
    assert "No meetings match these filters." in text_of(empty)
    odd_queries = (
        "series=abc",
        "series=99999999999999999999",
        "period=bogus",
        "from=31-02-2026",
        "page=-4",
        "q=%25%5F",
        "status=drop",
        "dossier=-1",
        "coalition=1e9",
    )
    for odd in odd_queries:
        assert client.get(f"/meetings/?{odd}").status_code == 200, odd
        assert client.get(f"/meetings/series/?{odd}").status_code == 200, odd
    assert client.get("/meetings/?q=%00").status_code == 400
    past_only = listed(client.get(f"/meetings/?from={(now - timedelta(days=40)).date()}&until={now.date()}"))
    assert "Verleden" in past_only and "Lang geleden" not in past_only and "Morgen" not in past_only


def test_mark_held_and_cancel(client, login_as):
    me = login_as("lobbyist", language="en")
    future = MeetingFactory(organiser=me)
    client.submit(f"/meetings/{future.id}/held", {}, token_from=f"/meetings/{future.id}")
    assert db.session.get(Meeting, future.id).status == "planned"  # not started yet: refused
    past = MeetingFactory(organiser=me, starts_at=utcnow().replace(microsecond=0) - timedelta(days=1))
    client.submit(f"/meetings/{past.id}/held", {}, token_from=f"/meetings/{past.id}")
    assert db.session.get(Meeting, past.id).status == "held"
    assert client.get(f"/meetings/{future.id}/cancel").status_code == 200
    client.submit(f"/meetings/{future.id}/cancel", {})
    assert db.session.get(Meeting, future.id).status == "cancelled"
    history = text_of(client.get(f"/meetings/{future.id}/history"))
    assert "Cancelled" in history


def test_series_pages(client, login_as):
    login_as("director", language="en")
    response = client.submit(
        "/meetings/series/new", {"name": "Gebruikersgroep Zoom", "description": "", "coalition_id": ""}
    )
    assert response.status_code == 302
    series_url = response.headers["Location"]
    assert "Gebruikersgroep Zoom" in listed(client.get("/meetings/series/"))
    assert "No meetings in this series yet." in text_of(client.get(series_url))
    client.submit(f"{series_url}/archive", {})
    assert "Gebruikersgroep Zoom" not in listed(client.get("/meetings/series/"))
    assert "Gebruikersgroep Zoom" in listed(client.get("/meetings/series/?status=archived"))


def test_a_meeting_needs_an_active_organiser(client, login_as):
    login_as("lobbyist", language="en")
    gone = UserFactory(active=False)
    for organiser in ("", str(gone.id), "999999"):
        response = client.submit("/meetings/new", meeting_form(organiser_id=organiser))
        assert response.status_code == 422, organiser
        assert "Choose an active colleague as organiser." in text_of(response)
    assert count(Meeting) == 0


def test_new_meeting_in_a_series_is_prefilled(client, login_as):
    login_as("lobbyist", language="en")
    series = MeetingSeriesFactory(name="Gebruikersgroep Zoom")
    page = client.get(f"/meetings/new?series={series.id}").get_data(as_text=True)
    assert 'value="Gebruikersgroep Zoom"' in page
    assert client.get("/meetings/new?series=99999999999999999999").status_code == 200
