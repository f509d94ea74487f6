"""The parliamentary agenda, an activity's page, the panels on committee and person pages, the sync status and the
review list, as users see them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from crm.common.time import today
from crm.parliament.client import ClientSettings, KamerClient
from crm.parliament.models import KamerPerson
from crm.parliament.sync import sync
from crm.partners.models import Organisation, Person
from tests.factories import AffiliationFactory, OrganisationFactory, PersonFactory
from tests.parliament_server import Kamer, guid, serve_kamer


@pytest.fixture
def kamer_server(tmp_path):
    yield from serve_kamer(tmp_path)


def at(day: date, hour: int) -> str:
    return f"{day.isoformat()}T{hour:02d}:00:00+01:00"


def monday() -> date:
    day = today()
    return day - timedelta(days=day.weekday())


@pytest.fixture
def parliament(db, kamer_server):
    """OCW and VWS committees with members, a week of activities around today, synced through the local server."""
    kamer = Kamer(kamer_server)
    OrganisationFactory(name="Tweede Kamer der Staten-Generaal", acronym="TK", kind="parliament")
    pieter = PersonFactory(first_name="Pieter", last_name="Zandbergen", notes="Kent ons van het NPO-debat")
    kamer.fraction(1, "D66", "Democraten 66")
    kamer.fraction(2, "VVD", "Volkspartij voor Vrijheid en Democratie")
    kamer.committee(1, "OCW", "Vaste commissie voor Onderwijs, Cultuur en Wetenschap")
    kamer.committee(2, "VWS", "Vaste commissie voor Volksgezondheid, Welzijn en Sport")
    kamer.person(1, "Annemijn", "Terpstra")
    kamer.seat(1, person=1, fraction=1, start="2021-03-31")
    kamer.member(1, person=1, committee=1, start="2021-04-15", function="Voorzitter")
    kamer.person(2, "Bram", "Groot", prefix="de")
    kamer.seat(2, person=2, fraction=2, start="2023-12-06")
    kamer.member(2, person=2, committee=1, start="2023-12-20", substitute=True, function="Plv. lid")
    kamer.member(3, person=2, committee=2, start="2023-12-20")
    kamer.person(3, "Peter", "Zandbergen")  # Pieter in our registry might be him: waits for review
    kamer.seat(3, person=3, fraction=2, start="2023-12-06")
    kamer.member(4, person=3, committee=1, start="2023-12-20")
    next_week = monday() + timedelta(days=9)  # Wednesday next week
    kamer.case(1, "Brief regering", "Voortgang Nationaal Programma Onderwijs", Nummer="2026Z00001")
    kamer.document(1, "Brief regering", "Voortgangsrapportage NPO", DocumentNummer="2026D00001")
    kamer.activity(
        1,
        "Commissiedebat",
        "Cultuureducatie <script>alert(1)</script>",
        at(next_week, 10),
        committee=1,
        Locatie="Thorbeckezaal",
    )
    kamer.agenda_item(1, activity=1, subject="Nationaal Programma Onderwijs", cases=[1], documents=[1])
    kamer.agenda_item(2, activity=1, subject="Een ingetrokken punt", Verwijderd=True)
    kamer.activity(
        2,
        "Procedurevergadering",
        "Procedurevergadering OCW",
        at(next_week + timedelta(days=1), 10),
        committee=1,
        Status="Verplaatst",
    )
    kamer.activity(3, "Commissiedebat", "Sport en bewegen", at(next_week, 14), committee=2, Status="Geannuleerd")
    kamer.activity(
        4, "Commissiedebat", "Een debat dat niet meer bestaat", at(next_week, 16), committee=1, Verwijderd=True
    )
    kamer.activity(
        5,
        "Commissiedebat",
        "Het debat van vorige maand",
        at(monday() - timedelta(days=20), 10),
        committee=1,
        Status="Uitgevoerd",
    )
    client = KamerClient(ClientSettings(base_url=kamer_server.base_url, tries=1, backoff=0, delay=0))
    with client:
        run = sync(client=client)
    assert run.status == "succeeded", run.error
    ocw = db.session.scalar(select(Organisation).where(Organisation.source_id == guid(Kamer.COMMITTEE, 1)))
    terpstra = db.session.scalar(select(Person).where(Person.source_id == guid(Kamer.PERSON, 1)))
    return {"ocw": ocw, "terpstra": terpstra, "pieter": pieter, "kamer": kamer}


def test_the_agenda_lists_upcoming_activities_with_committee_place_and_status(client, login_as, parliament):
    login_as("viewer")
    html = client.get("/parliament/agenda").get_data(as_text=True)
    assert "Cultuureducatie &lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "Thorbeckezaal" in html
    assert f'href="/organisations/{parliament["ocw"].id}"' in html
    assert "verplaatst" in html and "geannuleerd" in html
    assert "Een debat dat niet meer bestaat" not in html  # removed upstream
    assert "Het debat van vorige maand" not in html  # not upcoming


def test_agenda_filters_are_in_the_url(client, login_as, parliament):
    login_as("lobbyist")
    ocw = parliament["ocw"].id
    html = client.get(f"/parliament/agenda?committee={ocw}&period=next_week").get_data(as_text=True)
    assert "Cultuureducatie" in html and "Procedurevergadering OCW" in html and "Sport en bewegen" not in html
    html = client.get(f"/parliament/agenda?committee={ocw}&kind=procedure").get_data(as_text=True)
    assert "Procedurevergadering OCW" in html and "Cultuureducatie" not in html
    html = client.get(f"/parliament/agenda?committee={ocw}&period=recent").get_data(as_text=True)
    assert "Het debat van vorige maand" in html and "Cultuureducatie" not in html
    html = client.get("/parliament/agenda?from=1800-01-01&until=9999-12-31&committee=abc&kind=x&period=y")
    assert html.status_code == 200 and "Cultuureducatie" in html.get_data(as_text=True)


def test_the_activity_page_shows_items_cases_documents_and_the_committee_with_parties(client, login_as, parliament):
    login_as("viewer")
    html = client.get(f"/parliament/activities/{guid(Kamer.ACTIVITY, 1)}").get_data(as_text=True)
    assert "Nationaal Programma Onderwijs" in html and "Een ingetrokken punt" not in html
    assert 'href="https://www.tweedekamer.nl/kamerstukken/detail?id=2026Z00001"' in html
    assert 'href="https://www.tweedekamer.nl/kamerstukken/detail?id=2026Z00001&amp;did=2026D00001"' in html
    terpstra = parliament["terpstra"]
    assert f'<a href="/people/{terpstra.id}">Annemijn Terpstra</a>' in html
    assert "D66" in html and "Voorzitter" in html
    assert "Bram de Groot" in html and "Plaatsvervangend" not in html and "Substitute" not in html  # Dutch UI
    assert "Vervanger" in html or "Plaatsvervanger" in html
    assert "Peter Zandbergen" in html and ">Peter Zandbergen</a>" not in html  # not linked: no person page yet


def test_an_unknown_or_removed_activity_is_a_404(client, login_as, parliament):
    login_as("viewer")
    assert client.get(f"/parliament/activities/{guid(Kamer.ACTIVITY, 4)}").status_code == 404
    assert client.get("/parliament/activities/not-a-guid").status_code == 404
    assert client.get(f"/parliament/activities/{guid(Kamer.ACTIVITY, 99)}").status_code == 404


def test_committee_and_person_pages_show_their_upcoming_activities(client, login_as, parliament):
    login_as("viewer")
    html = client.get(f"/organisations/{parliament['ocw'].id}").get_data(as_text=True)
    assert "Binnenkort in de Tweede Kamer" in html and "Cultuureducatie" in html and "Sport en bewegen" not in html
    html = client.get(f"/people/{parliament['terpstra'].id}").get_data(as_text=True)
    assert "Binnenkort in de Tweede Kamer" in html and "Cultuureducatie" in html
    assert "bron: Tweede Kamer" in html and "Tweede Kamerlid (D66)" in html
    html = client.get(f"/people/{parliament['pieter'].id}").get_data(as_text=True)
    assert "Binnenkort in de Tweede Kamer" not in html and "bron: Tweede Kamer" not in html


def test_the_sync_status_is_for_administrators(client, login_as, parliament):
    login_as("lobbyist")
    assert client.get("/parliament/sync").status_code == 403
    client.post("/logout")


def test_administrators_see_marks_counts_and_runs(client, login_as, parliament):
    login_as("admin")
    html = client.get("/parliament/sync").get_data(as_text=True)
    assert "Persoon" in html and "Activiteit" in html and "Geslaagd" in html
    assert "Nu synchroniseren" in html


def test_sync_now_queues_a_job_that_a_worker_runs(client, login_as, parliament, kamer_server, app, monkeypatch, db):
    from crm.parliament.models_sync import SyncRun
    from crm.tasks.models import Job

    monkeypatch.setitem(app.config, "PARLIAMENT_API_URL", kamer_server.base_url)
    login_as("admin")
    response = client.submit("/parliament/sync", {}, token_from="/parliament/sync")
    assert response.status_code == 302 and response.headers["Location"] == "/parliament/sync"
    job = db.session.scalars(select(Job).where(Job.kind == "parliament_sync")).one()  # the suite runs tasks at once
    run = db.session.scalars(select(SyncRun).where(SyncRun.trigger == "job")).one()
    assert (job.status, job.result_ref, run.status) == ("done", f"parliament_sync_run:{run.id}", "succeeded")
    html = client.get("/parliament/sync").get_data(as_text=True)
    assert "De synchronisatie staat in de wachtrij" in html


def test_only_administrators_may_start_a_sync(client, login_as, parliament, db):
    from crm.tasks.models import Job

    login_as("lobbyist")
    assert client.submit("/parliament/sync", {}, token_from="/parliament/agenda").status_code == 403
    assert db.session.scalars(select(Job).where(Job.kind == "parliament_sync")).all() == []


def test_a_lobbyist_links_a_kamerlid_from_the_review_list(client, login_as, parliament, db):
    login_as("lobbyist")
    html = client.get("/parliament/review").get_data(as_text=True)
    assert "Peter" in html and "Pieter Zandbergen" in html
    peter = guid(Kamer.PERSON, 3)
    response = client.submit(
        f"/parliament/review/{peter}/link", {"person_id": parliament["pieter"].id}, token_from="/parliament/review"
    )
    assert response.status_code == 302 and response.headers["Location"] == f"/people/{parliament['pieter'].id}"
    pieter = db.session.get(Person, parliament["pieter"].id)
    assert pieter.source_id == peter and pieter.first_name == "Peter" and pieter.notes == "Kent ons van het NPO-debat"
    assert pieter.party.acronym == "VVD"
    assert db.session.get(KamerPerson, peter).review_candidates is None
    assert "Alle Kamerleden zijn gekoppeld" in client.get("/parliament/review").get_data(as_text=True)
    again = client.submit(
        f"/parliament/review/{peter}/link", {"person_id": parliament["pieter"].id}, token_from="/parliament/agenda"
    )
    assert again.status_code == 404  # nothing left to review for this Kamerlid


def test_a_lobbyist_adds_a_kamerlid_as_a_new_person(client, login_as, parliament, db):
    login_as("lobbyist")
    peter = guid(Kamer.PERSON, 3)
    response = client.submit(f"/parliament/review/{peter}/create", {}, token_from="/parliament/review")
    assert response.status_code == 302
    created = db.session.scalar(select(Person).where(Person.source_id == peter))
    assert created.id != parliament["pieter"].id and created.first_name == "Peter"
    assert db.session.get(Person, parliament["pieter"].id).source is None


def test_viewers_may_not_link_or_create(client, login_as, parliament):
    login_as("viewer")
    assert client.get("/parliament/review").status_code == 403
    peter = guid(Kamer.PERSON, 3)
    response = client.submit(f"/parliament/review/{peter}/create", {}, token_from="/parliament/agenda")
    assert response.status_code == 403


def test_a_link_to_someone_not_offered_is_refused(client, login_as, parliament, db):
    login_as("lobbyist")
    other = AffiliationFactory().person
    peter = guid(Kamer.PERSON, 3)
    response = client.submit(
        f"/parliament/review/{peter}/link", {"person_id": other.id}, token_from="/parliament/review"
    )
    assert response.status_code == 302 and response.headers["Location"] == "/parliament/review"
    assert db.session.get(Person, other.id).source is None
    assert "Kies een van de getoonde personen" in client.get("/parliament/review").get_data(as_text=True)


@pytest.mark.parametrize("url", ["/parliament/agenda", "agenda-committee", "activity"])
def test_agenda_and_activity_pages_read_a_bounded_number_of_statements(
    client, login_as, parliament, count_statements, url
):
    login_as("viewer")
    url = {
        "agenda-committee": f"/parliament/agenda?committee={parliament['ocw'].id}",
        "activity": f"/parliament/activities/{guid(Kamer.ACTIVITY, 1)}",
    }.get(url, url)
    client.get(url)
    with count_statements() as counter:
        assert client.get(url).status_code == 200
    assert counter.count <= 12
