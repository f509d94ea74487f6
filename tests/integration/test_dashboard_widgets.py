"""The dashboard's snapshot widgets (letters, meetings, action items), the heat map, the downloads behind every
widget, where directors land, and the statement budget: exact numbers on a known dataset."""

from __future__ import annotations

import io
from datetime import date, timedelta

import openpyxl
import pytest

from crm.common.time import local_today, utcnow
from crm.documents.models import GeneratedDocument
from tests import pdf
from tests.factories import (
    CoalitionFactory,
    CoalitionMemberFactory,
    DossierFactory,
    InteractionFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.factories_letters import LetterFactory, SignatoryFactory
from tests.factories_meetings import ActionItemFactory, AttendeeFactory, MeetingFactory
from tests.factories_stakeholders import StakeholderPositionFactory
from tests.helpers import count, csv_rows, local, section, text_of


def amsterdam_today() -> date:
    """The day on the users' calendars, as the dashboard counts "overdue" (UTC's day lags an hour or two)."""
    return local_today("Europe/Amsterdam")


MARCH = {"period": "custom", "from": "2026-03-01", "until": "2026-03-31"}


def dashboard_text(client, **args) -> str:
    response = client.get("/dashboard/", query_string={**MARCH, **args})
    assert response.status_code == 200
    return text_of(response)


@pytest.fixture
def known(db):
    lotte = UserFactory(role="lobbyist", name="Lotte Lobby")
    coalition = CoalitionFactory(name="Cultuur deel je")
    dossier = DossierFactory(title="Nationaal Programma Onderwijs")
    lkca = OrganisationFactory(name="LKCA", owner=lotte)
    kunstenbond = OrganisationFactory(name="Kunstenbond")
    avv = OrganisationFactory(name="Vakbond AVV")
    for member in (lkca, kunstenbond, avv):
        CoalitionMemberFactory(coalition=coalition, organisation=member)
    outsider = OrganisationFactory(name="Stichting Buiten")  # in no coalition: never on the heat map

    # Letters: two collecting signatures (the nearer deadline first), one draft, one sent.
    soon, later = amsterdam_today() + timedelta(days=2), amsterdam_today() + timedelta(days=5)
    first = LetterFactory(title="Brief aan de commissie OCW", status="signing", signature_deadline=later,
                          coalition=coalition, created_by=lotte)  # fmt: skip
    SignatoryFactory(letter=first, organisation=lkca, status="signed", signed_sha256=first.current_sha256,
                     signed_at=local(2026, 3, 20, 11, 0))  # fmt: skip
    SignatoryFactory(letter=first, organisation=kunstenbond, status="signed", signed_sha256="0" * 64,
                     signed_at=local(2026, 3, 21, 11, 0))  # signed an older text: must re-confirm  # fmt: skip
    SignatoryFactory(letter=first, organisation=avv, status="declined")
    SignatoryFactory(letter=first, organisation=outsider, status="invited")
    LetterFactory(title="Oproep aan gemeenten", status="signing", signature_deadline=soon)
    LetterFactory(title="Concept over de routekaart", status="draft", coalition=coalition)
    LetterFactory(title="Verzonden brief", status="sent", sent_on=date(2026, 3, 12))

    # Meetings: one in the next 14 days; not shown: later, cancelled, past.
    coming = MeetingFactory(title="Taskforce culturele sector", starts_at=utcnow() + timedelta(days=3),
                            coalition=coalition)  # fmt: skip
    MeetingFactory(title="Te ver weg", starts_at=utcnow() + timedelta(days=20))
    MeetingFactory(title="Geannuleerd", starts_at=utcnow() + timedelta(days=2), status="cancelled")
    MeetingFactory(title="Gisteren", starts_at=utcnow() - timedelta(days=1))
    march_meeting = MeetingFactory(title="Werkgroep maart", starts_at=local(2026, 3, 15, 10, 0), coalition=coalition)
    AttendeeFactory(meeting=march_meeting, person=PersonFactory(last_name="Jansen"), organisation=lkca)

    # Action items: Lotte has two overdue, one due tomorrow and one done; an external person has one overdue.
    pieter = PersonFactory(first_name="Pieter", last_name="Extern")
    yesterday = amsterdam_today() - timedelta(days=1)
    for due, status in ((yesterday, "open"), (yesterday - timedelta(days=9), "open"),
                        (amsterdam_today() + timedelta(days=1), "open"), (yesterday, "done")):  # fmt: skip
        ActionItemFactory(meeting=coming, owner_user=lotte, due_date=due, status=status, description=f"Actie {due}")
    ActionItemFactory(meeting=coming, owner_user=None, owner_person=pieter, due_date=yesterday, description="Bellen")

    # March contacts for the heat map: LKCA twice (one on the last evening of March, local time), Kunstenbond once
    # in February (outside the period).
    InteractionFactory(occurred_at=local(2026, 3, 31, 23, 30), organisations=[lkca], dossiers=[dossier])
    InteractionFactory(occurred_at=local(2026, 3, 2, 9, 0), organisations=[lkca, outsider])
    InteractionFactory(occurred_at=local(2026, 2, 27, 9, 0), organisations=[kunstenbond])
    return {"lotte": lotte, "coalition": coalition, "dossier": dossier, "lkca": lkca, "pieter": pieter}


def test_letters_pipeline_and_who_has_not_signed(client, login_as, known):
    login_as("director", language="en")
    letters = section(dashboard_text(client), "Letters pipeline", "Going cold:")
    assert "1 Draft 0 In review 0 Approved 2 Collecting signatures 1 Sent 0 Answered 0 Withdrawn" in letters
    # The nearer deadline first; a declined partner is not waited for; a signature of an older text does not count.
    assert letters.index("Oproep aan gemeenten") < letters.index("Brief aan de commissie OCW")
    assert "Brief aan de commissie OCW 1 of 4 signed" in letters
    assert "Not yet: Kunstenbond, Stichting Buiten" in letters
    narrowed = section(dashboard_text(client, coalition=known["coalition"].id), "Letters pipeline", "Going cold:")
    assert "1 Draft 0 In review 0 Approved 1 Collecting signatures 0 Sent" in narrowed
    assert "Oproep aan gemeenten" not in narrowed


def test_meetings_of_the_next_two_weeks_and_overdue_action_items_by_owner(client, login_as, known):
    login_as("director", language="en")
    meetings = section(dashboard_text(client), "The next 14 days", "Most active dossiers")
    assert "Taskforce culturele sector" in meetings
    for hidden in ("Te ver weg", "Geannuleerd", "Gisteren"):
        assert hidden not in meetings
    assert "Overdue action items Owner Overdue Lotte Lobby 2 Pieter Extern 1" in meetings

    listed = text_of(client.get("/meetings/actions/overdue", query_string={"user": known["lotte"].id}))
    assert "Of Lotte Lobby" in listed
    assert listed.count("Actie ") == 2 and "Bellen" not in listed
    assert "10 days late" in listed and "1 day late" in listed
    everyone = text_of(client.get("/meetings/actions/overdue"))
    assert everyone.count("Actie ") == 2 and "Bellen" in everyone


def test_heat_map_counts_contacts_meetings_and_signatures_per_partner_and_month(client, login_as, known):
    login_as("director", language="en")
    heat = section(dashboard_text(client), "Coalition activity", "Bondgenoot ·")
    # LKCA in March: two contacts, one meeting, one signature; Kunstenbond signed an older text in March too.
    assert "Partner Mar 26 Total LKCA 4 : 2 contacts, 1 meetings, 1 co-signed letters 4" in heat
    assert "Kunstenbond 1 : 0 contacts, 0 meetings, 1 co-signed letters 1" in heat
    assert "Stichting Buiten" not in heat and "Vakbond AVV" not in heat
    on_dossier = section(dashboard_text(client, dossier=known["dossier"].id), "Coalition activity", "Bondgenoot ·")
    assert "LKCA 1 : 1 contacts, 0 meetings, 0 co-signed letters 1" in on_dossier


def test_every_widget_downloads_as_csv_and_excel_with_what_the_page_shows(client, login_as, known):
    login_as("director", language="en")
    response = client.get("/dashboard/export/activity.csv", query_string=MARCH)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "Coalition activity 2026-03-01 to 2026-03-31.csv" in response.headers["Content-Disposition"]
    rows = csv_rows(response, delimiter=",")  # English Excel splits on commas
    assert rows[0] == ["Partner", "Month", "Contacts", "Meetings", "Co-signed letters"]
    assert ["LKCA", "2026-03", "2", "1", "1"] in rows and ["Kunstenbond", "2026-03", "0", "0", "1"] in rows

    overdue = client.get("/dashboard/export/overdue.xlsx", query_string=MARCH)
    sheet = openpyxl.load_workbook(io.BytesIO(overdue.data)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Owner", "Overdue"], ["Lotte Lobby", 2], ["Pieter Extern", 1]
    ]  # fmt: skip
    for widget in ("contacts-by-kind", "contacts-per-week", "government", "going-cold", "letters", "waiting",
                   "upcoming", "dossiers"):  # fmt: skip
        assert client.get(f"/dashboard/export/{widget}.csv", query_string=MARCH).status_code == 200, widget
    assert client.get("/dashboard/export/nonsense.csv").status_code == 404
    assert client.get("/dashboard/export/activity.pdf").status_code == 404


def test_a_formula_in_a_name_stays_text_in_the_download(client, login_as, known):
    for name in ('=HYPERLINK("http://evil")', "+31 Cultuur"):
        CoalitionMemberFactory(coalition=known["coalition"], organisation=OrganisationFactory(name=name))
    login_as("director", language="en")
    body = client.get("/dashboard/export/going-cold.csv", query_string={**MARCH, "cold": 30}).get_data(as_text=True)
    assert "'+31 Cultuur" in body and "'=HYPERLINK" in body


def test_directors_land_on_the_dashboard_others_on_the_start_page(client, db):
    from tests.conftest import sign_in

    director = UserFactory(role="director")
    assert sign_in(client, director.email).headers["Location"] == "/dashboard/"
    client.post("/logout", data={"csrf_token": client.csrf_token("/")})
    lobbyist = UserFactory(role="lobbyist")
    assert sign_in(client, lobbyist.email).headers["Location"] == "/"


@pytest.mark.parametrize(
    "args",
    [
        {"coalition": "abc", "dossier": "-1", "colleague": "x"},
        {"period": "custom", "from": "2026-02-30", "until": "gisteren"},
        {"period": "custom", "from": "1900-01-01", "until": "2026-01-01"},
        {"period": "custom", "from": "0001-01-01", "until": "0001-01-05"},
        {"period": "custom", "from": "9999-12-25", "until": "9999-12-31"},
        {"period": "nonsense", "cold": "7"},
        {"coalition": "99999999999999999999"},
    ],
)
def test_odd_arguments_show_a_usable_dashboard(client, login_as, known, args):
    login_as("viewer", language="en")
    response = client.get("/dashboard/", query_string=args)
    assert response.status_code == 200
    assert "Coalition dashboard" in text_of(response)


def test_the_dashboard_issues_a_bounded_number_of_statements_whatever_the_data(client, login_as, known,
                                                                                count_statements):  # fmt: skip
    login_as("director")
    with count_statements() as before:
        client.get("/dashboard/", query_string=MARCH)
    coalition = known["coalition"]
    for n in range(30):
        partner = OrganisationFactory(name=f"Partner {n}", owner=known["lotte"])
        CoalitionMemberFactory(coalition=coalition, organisation=partner)
        InteractionFactory(occurred_at=local(2026, 3, 1 + n % 28, 12, 0), organisations=[partner])
        letter = LetterFactory(status="signing", coalition=coalition)
        SignatoryFactory(letter=letter, organisation=partner)
        meeting = MeetingFactory(starts_at=utcnow() + timedelta(days=1 + n % 10))
        ActionItemFactory(meeting=meeting, due_date=amsterdam_today() - timedelta(days=2))
    with count_statements() as after:
        response = client.get("/dashboard/", query_string=MARCH)
    assert response.status_code == 200
    assert after.count == before.count <= 25


def test_the_dashboard_as_a_pdf_for_the_board_is_kept_as_a_document(client, login_as, known):
    login_as("director", language="en")
    url = "/dashboard/pdf?period=custom&from=2026-03-01&until=2026-03-31&coalition=" + str(known["coalition"].id)
    response = client.submit(url, token_from="/dashboard/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/documents/")
    document = client.get(response.headers["Location"])
    assert "To the dashboard" in text_of(document)
    download = client.get(response.headers["Location"] + "/pdf")
    assert download.mimetype == "application/pdf"
    assert pdf.metadata(download.data)["/Title"] == "Coalitiedashboard 2026-03-01 tot 2026-03-31"
    assert pdf.page_count(download.data) >= 2  # the heat map has a landscape page of its own
    words = " ".join(pdf.text(download.data).split())
    assert "De stand van de lobby" in words and "Coalitie: Cultuur deel je" in words
    assert "1 maart 2026 tot en met 31 maart 2026" in words
    # The tables are Dutch whatever the director's language, and hold the dashboard's numbers.
    assert "Brieven in de pijplijn" in words and "Brief aan de commissie OCW" in words
    assert "Kunstenbond, Stichting Buiten" in words
    assert "Activiteit in de coalitie" in words and "LKCA" in words


def test_viewers_cannot_make_the_pdf_and_a_get_makes_nothing(client, login_as, known):
    login_as("viewer")
    assert "PDF" not in text_of(client.get("/dashboard/"))
    assert client.submit("/dashboard/pdf", token_from="/dashboard/").status_code == 403
    client.post("/logout", data={"csrf_token": client.csrf_token("/")})
    login_as("director")
    assert client.get("/dashboard/pdf").status_code == 405
    assert client.post("/dashboard/pdf", data={}).status_code in (400, 302)  # no CSRF token: refused
    assert count(GeneratedDocument) == 0


def test_high_influence_stakeholders_not_contacted_in_the_period_and_never_for_viewers(client, login_as, known):
    dossier = known["dossier"]
    quiet = PersonFactory(first_name="Karin", last_name="Kamerlid")
    spoken = PersonFactory(first_name="Sander", last_name="Spreker")
    minor = PersonFactory(first_name="Mila", last_name="Minder")
    StakeholderPositionFactory(dossier=dossier, person=quiet, influence="high", stance="critical")
    StakeholderPositionFactory(dossier=dossier, person=spoken, influence="high", stance="supportive")
    StakeholderPositionFactory(dossier=dossier, person=minor, influence="low", stance="opposed")
    InteractionFactory(occurred_at=local(2026, 3, 1, 0, 30), people=[spoken])  # the first half hour of March counts
    InteractionFactory(occurred_at=local(2026, 2, 28, 23, 30), people=[quiet])  # February: before the period

    login_as("director", language="en")
    widget = section(dashboard_text(client), "High influence, not contacted:", "The next 14 days")
    assert widget.startswith("High influence, not contacted: 1 ")
    assert "Karin Kamerlid" in widget and "Nationaal Programma Onderwijs : Critical — 28 Feb 2026, 23:30" in widget
    assert "Sander Spreker" not in widget and "Mila Minder" not in widget
    rows = client.get("/dashboard/export/stakeholders.csv", query_string=MARCH).get_data(as_text=True)
    assert "Karin Kamerlid" in rows and "Sander Spreker" not in rows

    client.post("/logout", data={"csrf_token": client.csrf_token("/")})
    login_as("viewer", language="en")
    page = dashboard_text(client)
    assert "High influence" not in page and "Karin Kamerlid" not in page
    assert client.get("/dashboard/export/stakeholders.csv", query_string=MARCH).status_code == 403
