"""The contact log: quick log, who spoke to whom, timelines, follow-ups, my actions, export."""

from __future__ import annotations

import html
import io
import re
from datetime import date, timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from crm.common.time import utcnow
from crm.extensions import db
from crm.interactions.models import Interaction
from tests.factories import (
    AffiliationFactory,
    DossierFactory,
    InteractionFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.helpers import count, csv_rows, listed, text_of


def contact_form(**overrides) -> dict:
    data = {
        "kind": "call",
        "occurred_at": "",
        "subject": "Nationaal Programma Onderwijs: stand van zaken",
        "person_ids": [],
        "organisation_ids": [],
        "user_ids": [],
        "dossier_ids": [],
        "coalition_id": "0",
        "notes": "",
        "follow_up": "",
        "follow_up_owner_id": "0",
        "follow_up_due": "",
        "next": "",
    }
    data.update(overrides)
    return data


def test_quick_log_from_a_person_page_goes_back_there(client, login_as):
    user = login_as("lobbyist")
    affiliation = AffiliationFactory(
        person__first_name="Sander", person__last_name="Molenkamp", organisation__name="Directie Erfgoed en Kunsten"
    )
    person = affiliation.person
    form_page = client.get(f"/interactions/new?person={person.id}&next=/people/{person.id}")
    html = form_page.get_data(as_text=True)
    assert f'name="person_ids" value="{person.id}" checked' in html  # pre-filled
    assert f'name="user_ids" value="{user.id}" checked' in html  # me, by default
    response = client.submit(
        "/interactions/new",
        contact_form(
            person_ids=[str(person.id)],
            user_ids=[str(user.id)],
            occurred_at="2026-03-12T14:30",
            next=f"/people/{person.id}",
            notes="Afspraak: **notitie** volgt",
        ),
    )
    assert response.status_code == 302 and response.headers["Location"] == f"/people/{person.id}"
    interaction = db.session.scalar(select(Interaction))
    assert interaction.created_by_id == user.id
    assert interaction.occurred_at.isoformat() == "2026-03-12T13:30:00"  # 14:30 in Amsterdam is 13:30 UTC
    # The person's organisation is involved too: it shows on the organisation's timeline.
    assert [o.name for o in interaction.organisations] == ["Directie Erfgoed en Kunsten"]
    page = text_of(client.get(f"/people/{person.id}"))
    assert "Nationaal Programma Onderwijs: stand van zaken" in page
    assert "Nationaal Programma Onderwijs" in text_of(client.get(f"/organisations/{affiliation.organisation_id}"))
    detail = client.get(f"/interactions/{interaction.id}").get_data(as_text=True)
    assert "<strong>notitie</strong>" in detail


def test_only_kind_who_and_subject_are_required(client, login_as):
    login_as("lobbyist")
    org = OrganisationFactory(name="VNG")
    nothing = client.submit("/interactions/new", contact_form(subject=""))
    assert nothing.status_code == 422
    nobody = client.submit("/interactions/new", contact_form(subject="Gesprek"))
    assert nobody.status_code == 422 and "ten minste" in text_of(nobody).lower()
    ok = client.submit("/interactions/new", contact_form(subject="Gesprek", organisation_ids=[str(org.id)]))
    assert ok.status_code == 302
    assert count(Interaction) == 1


def test_bad_ids_and_dates_are_refused_and_nothing_is_saved(client, login_as):
    login_as("lobbyist")
    archived = PersonFactory(archived_at=utcnow())
    for data in (
        contact_form(person_ids=["999999"]),
        contact_form(person_ids=[str(archived.id)]),
        contact_form(person_ids=["abc"]),
        contact_form(person_ids=[str(PersonFactory().id)], occurred_at="31-02-2026 25:99"),
        contact_form(person_ids=[str(PersonFactory().id)], follow_up="Bellen", follow_up_due="morgen"),
    ):
        response = client.submit("/interactions/new", data)
        assert response.status_code == 422, data
    assert count(Interaction) == 0


def test_double_ask_warning_shows_a_colleagues_recent_contact(client, login_as):
    login_as("lobbyist")
    colleague = UserFactory(name="Daphne Directeur")
    person = PersonFactory(first_name="Hanneke", last_name="Vierhout")
    recent = InteractionFactory(
        subject="Subsidieregeling besproken",
        people=[person],
        users=[colleague],
        created_by=colleague,
        occurred_at=utcnow() - timedelta(days=3),
    )
    InteractionFactory(
        subject="Oud gesprek",
        people=[person],
        users=[colleague],
        created_by=colleague,
        occurred_at=utcnow() - timedelta(days=40),
    )
    page = text_of(client.get(f"/interactions/new?person={person.id}"))
    assert "Subsidieregeling besproken" in page and "Daphne Directeur" in page
    assert "Oud gesprek" not in page
    found = client.get(f"/interactions/recent?person={person.id}").get_json()
    assert [f["subject"] for f in found] == ["Subsidieregeling besproken"]
    assert found[0]["url"] == f"/interactions/{recent.id}"


def test_who_spoke_to_them_on_person_and_organisation_pages(client, login_as):
    login_as("viewer")
    org = OrganisationFactory(name="Provincie Gelderland")
    lotte = UserFactory(name="Lotte Lobby")
    InteractionFactory(
        subject="Werkbezoek", organisations=[org], users=[lotte], occurred_at=utcnow() - timedelta(days=10)
    )
    InteractionFactory(subject="Eerder contact", organisations=[org], occurred_at=utcnow() - timedelta(days=100))
    text = text_of(client.get(f"/organisations/{org.id}"))
    assert "Werkbezoek" in text and "Lotte Lobby" in text
    assert "Contacten, laatste 90 dagen 1" in text


def test_timeline_filters_by_kind_and_period_and_pages(client, login_as):
    login_as("viewer")
    dossier = DossierFactory(title="Steunpakketten")
    for n in range(20):
        InteractionFactory(
            subject=f"Mail {n:02d}", kind="email", dossiers=[dossier], occurred_at=utcnow() - timedelta(days=n + 1)
        )
    InteractionFactory(
        subject="Werkbezoek Zwolle", kind="work_visit", dossiers=[dossier], occurred_at=utcnow() - timedelta(days=200)
    )
    page = client.get(f"/dossiers/{dossier.id}")
    latest = text_of(page)
    assert "Mail 00" in latest and "Mail 07" in latest and "Mail 08" not in latest  # the newest eight
    assert f'href="/dossiers/{dossier.id}/timeline"' in page.get_data(as_text=True)
    timeline = f"/dossiers/{dossier.id}/timeline"
    first = text_of(client.get(timeline))
    assert "Mail 00" in first and "Werkbezoek Zwolle" in first and "Tijdlijn (21)" in first
    visits = text_of(client.get(f"{timeline}?tl_kind=work_visit"))
    assert "Werkbezoek Zwolle" in visits and "Mail 00" not in visits
    since = (date.today() - timedelta(days=5)).isoformat()
    recent = text_of(client.get(f"{timeline}?tl_from={since}"))
    assert "Mail 00" in recent and "Mail 10" not in recent


def test_timeline_pages(client, login_as):
    login_as("viewer")
    org = OrganisationFactory()
    for n in range(30):
        InteractionFactory(subject=f"Contact {n:02d}", organisations=[org], occurred_at=utcnow() - timedelta(days=n))
    first = text_of(client.get(f"/organisations/{org.id}/timeline"))
    assert "Contact 00" in first and "Contact 24" in first and "Contact 25" not in first and "Pagina 1 van 2" in first
    second = text_of(client.get(f"/organisations/{org.id}/timeline?tl_page=2"))
    assert "Contact 25" in second and "Contact 29" in second and "Contact 24" not in second


def test_lobbyist_edits_own_contacts_only_director_edits_all(client, login_as, app):
    lobbyist = login_as("lobbyist")
    org = OrganisationFactory()
    mine = InteractionFactory(created_by=lobbyist, organisations=[org])
    theirs = InteractionFactory(created_by=UserFactory(), organisations=[org])
    assert client.get(f"/interactions/{mine.id}/edit").status_code == 200
    assert client.get(f"/interactions/{theirs.id}/edit").status_code == 403
    assert client.get(f"/interactions/{theirs.id}/delete").status_code == 403


def test_follow_up_appears_in_my_actions_and_is_done_with_one_post(client, login_as):
    user = login_as("lobbyist")
    org = OrganisationFactory(name="Kunstenbond")
    overdue = InteractionFactory(
        subject="Cao overleg",
        organisations=[org],
        follow_up="Concept sturen",
        follow_up_owner=user,
        follow_up_due=date.today() - timedelta(days=2),
    )
    InteractionFactory(
        subject="Later",
        organisations=[org],
        follow_up="Terugbellen",
        follow_up_owner=user,
        follow_up_due=date.today() + timedelta(days=5),
    )
    InteractionFactory(
        subject="Van een ander", organisations=[org], follow_up="Niet van mij", follow_up_owner=UserFactory()
    )
    page = client.get("/my/actions")
    rows = listed(page)
    assert rows.index("Concept sturen") < rows.index("Terugbellen")  # overdue first
    assert "Niet van mij" not in rows and "verlopen" in rows
    assert "Mijn acties 2" in text_of(page)  # the count in the navigation
    response = client.submit(
        f"/interactions/{overdue.id}/follow-up", {"done": "1", "next": "/my/actions"}, token_from="/my/actions"
    )
    assert response.headers["Location"] == "/my/actions"
    assert db.session.get(Interaction, overdue.id).follow_up_done_at is not None
    assert "Concept sturen" not in listed(client.get("/my/actions"))


def test_viewer_reads_the_log_but_cannot_log_or_export(client, login_as):
    login_as("viewer")
    InteractionFactory(subject="Zichtbaar", organisations=[OrganisationFactory()])
    assert "Zichtbaar" in listed(client.get("/interactions/"))
    assert client.get("/interactions/new").status_code == 403
    assert client.get("/interactions/export.csv").status_code == 403


def test_contact_log_filters(client, login_as):
    user = login_as("lobbyist")
    vng = OrganisationFactory(name="VNG")
    InteractionFactory(subject="Over cultuureducatie", kind="email", organisations=[vng], users=[user])
    InteractionFactory(
        subject="Iets anders",
        kind="call",
        organisations=[OrganisationFactory()],
        occurred_at=utcnow() - timedelta(days=60),
    )
    assert "Over cultuureducatie" in listed(client.get("/interactions/?q=cultuur"))
    assert "Iets anders" not in listed(client.get("/interactions/?kind=email"))
    assert "Iets anders" not in listed(client.get(f"/interactions/?organisation={vng.id}"))
    assert "Iets anders" not in listed(client.get(f"/interactions/?user={user.id}"))
    since = (date.today() - timedelta(days=7)).isoformat()
    assert "Iets anders" not in listed(client.get(f"/interactions/?from={since}"))


def test_export_neutralises_formulas_and_reimports_cleanly(client, login_as):
    login_as("lobbyist")
    org = OrganisationFactory(name='=HYPERLINK("http://evil")')
    InteractionFactory(
        subject="=1+1",
        notes="@SUM(A1)\nregel twee",
        organisations=[org],
        kind="email",
        follow_up="-10 procent",
        follow_up_due=date(2026, 3, 12),
    )
    InteractionFactory(subject="Gewoon", organisations=[OrganisationFactory(name="Kunsten '92")])

    csv_response = client.get("/interactions/export.csv?q=1")
    assert csv_response.status_code == 200
    assert "attachment" in csv_response.headers["Content-Disposition"]
    assert "Contactmomenten" in csv_response.headers["Content-Disposition"]
    rows = csv_rows(csv_response)  # the user reads Dutch: ";" as Dutch Excel splits it
    header, row = rows[0], rows[1]
    assert len(rows) == 2  # the filter applies to the export
    record = dict(zip(header, row, strict=True))
    assert record["Onderwerp"] == "'=1+1"
    assert record["Notities"] == "'@SUM(A1)\nregel twee"
    assert record["Organisaties"] == '\'=HYPERLINK("http://evil")'
    assert record["Opvolging"] == "'-10 procent"
    assert record["Opvolgen vóór"] == "2026-03-12"

    xlsx = client.get("/interactions/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 3
    subjects = {row[2] for row in values[1:]}
    assert subjects == {"=1+1", "Gewoon"}
    for row in sheet.iter_rows(min_row=2):
        assert all(cell.data_type != "f" for cell in row)  # text, never a formula


def test_moving_a_contact_in_time_moves_it_on_the_timeline(client, login_as):
    user = login_as("lobbyist")
    org = OrganisationFactory()
    older = InteractionFactory(
        subject="Eerst", organisations=[org], created_by=user, occurred_at=utcnow() - timedelta(days=10)
    )
    InteractionFactory(subject="Daarna", organisations=[org], occurred_at=utcnow() - timedelta(days=5))
    page = text_of(client.get(f"/organisations/{org.id}/timeline"))
    assert page.index("Daarna") < page.index("Eerst")
    response = client.submit(
        f"/interactions/{older.id}/edit",
        contact_form(
            subject="Eerst",
            organisation_ids=[str(org.id)],
            occurred_at="2099-01-01T10:00",
            version_id=str(older.version_id),
        ),
    )
    assert response.status_code == 302
    page = text_of(client.get(f"/organisations/{org.id}/timeline"))
    assert page.index("Eerst") < page.index("Daarna")  # the link rows took the new time


def _input_value(response, name: str) -> str:
    tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', response.get_data(as_text=True)).group(0)
    return html.unescape(re.search(r'\bvalue="([^"]*)"', tag).group(1))


def test_a_stale_save_of_a_contact_keeps_the_input_beside_what_a_colleague_saved(client, login_as):
    user = login_as("lobbyist", language="en")
    org = OrganisationFactory()
    contact = InteractionFactory(subject="Belafspraak", organisations=[org], created_by=user)
    opened = contact.version_id
    contact.subject = "Belafspraak verzet"  # a colleague saved first
    db.session.commit()
    url = f"/interactions/{contact.id}/edit"
    form = contact_form(subject="Mijn versie", organisation_ids=[str(org.id)], version_id=str(opened))
    response = client.submit(url, form)
    assert response.status_code == 409
    page = text_of(response)
    assert "Someone else" in page and "Belafspraak verzet" in page
    assert _input_value(response, "subject") == "Mijn versie"  # what the user typed is kept
    assert db.session.get(Interaction, contact.id).subject == "Belafspraak verzet"
    again = client.submit(url, {**form, "version_id": _input_value(response, "version_id")})
    assert again.status_code == 302  # the next save builds on the version now stored
    assert db.session.get(Interaction, contact.id).subject == "Mijn versie"
