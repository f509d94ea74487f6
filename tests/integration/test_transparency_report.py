"""The lobby transparency report: exact rows for a known dataset, period edges in Amsterdam time, filters, exports,
the PDF through the document path, and who may use it."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from crm.common.time import today
from crm.dashboard.reports import last_full_quarter, report_period
from crm.documents.models import GeneratedDocument
from crm.extensions import db
from tests import pdf
from tests.factories import (
    AffiliationFactory,
    CoalitionFactory,
    DossierFactory,
    InteractionFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.factories_meetings import MeetingFactory
from tests.helpers import count, csv_rows, local, text_of

Q3 = "from=2026-07-01&until=2026-09-30"
SECRET = "GEHEIMWOORD"


@pytest.fixture
def officials(db):
    """A ministry with a directorate, a committee in parliament, a municipality, a partner, and their people."""
    ocw = OrganisationFactory(name="Ministerie van OCW", kind="ministry")
    kunsten = OrganisationFactory(name="Directie Kunsten", kind="directorate", parent=ocw)
    kamer = OrganisationFactory(name="Tweede Kamer", kind="parliament")
    commissie = OrganisationFactory(name="Commissie OCW", kind="committee", parent=kamer)
    utrecht = OrganisationFactory(name="Gemeente Utrecht", kind="municipality")
    lkca = OrganisationFactory(name="LKCA", kind="knowledge_institute")
    peter = PersonFactory(first_name="Peter", name_prefix="de", last_name="Groot")
    AffiliationFactory(person=peter, organisation=kunsten, role="Directeur Kunsten", start_date=date(2020, 1, 1))
    sanne = PersonFactory(first_name="Sanne", last_name="Jansen")
    AffiliationFactory(person=sanne, organisation=kamer, role="Kamerlid", start_date=date(2021, 3, 31))
    AffiliationFactory(person=sanne, organisation=commissie, role="Woordvoerder cultuur", start_date=date(2021, 4, 1))
    ruud = PersonFactory(first_name="Ruud", last_name="Mulder")  # wethouder from 15 August 2026
    AffiliationFactory(person=ruud, organisation=utrecht, role="Wethouder cultuur", start_date=date(2026, 8, 15))
    anke = PersonFactory(first_name="Anke", last_name="Visser")  # a partner, not an official
    AffiliationFactory(person=anke, organisation=lkca, role="Adviseur", start_date=date(2019, 1, 1))
    marieke = UserFactory(name="Marieke van Dijk")
    anna = UserFactory(name="Anna de Vries")
    return {
        "ocw": ocw, "kunsten": kunsten, "kamer": kamer, "commissie": commissie, "utrecht": utrecht, "lkca": lkca,
        "peter": peter, "sanne": sanne, "ruud": ruud, "anke": anke, "marieke": marieke, "anna": anna,
    }  # fmt: skip


@pytest.fixture
def dataset(officials):
    o = officials
    coalition = CoalitionFactory(name="Coalitie Cultuureducatie")
    dossier = DossierFactory(title="Nationaal Programma Onderwijs")
    InteractionFactory(  # just before the period: 23:50 on 30 June in Amsterdam
        subject="Te vroeg",
        occurred_at=local(2026, 6, 30, 23, 50),
        people=[o["peter"]],
        organisations=[o["kunsten"]],
    )
    InteractionFactory(  # the first minutes of the period
        subject="Vroeg in juli", occurred_at=local(2026, 7, 1, 0, 5), people=[o["peter"]],
        organisations=[o["kunsten"]], users=[o["marieke"], o["anna"]], notes=f"Vertrouwelijk: {SECRET}",
        location="Ministerie van OCW, Den Haag", coalition=coalition,
    )  # fmt: skip
    InteractionFactory(  # a committee member, with the committee and parliament named: one row, the committee
        subject="Commissiedebat Cultuur", kind="meeting", occurred_at=local(2026, 7, 9, 14, 30), people=[o["sanne"]],
        organisations=[o["kamer"], o["commissie"]], users=[o["anna"]], dossiers=[dossier],
    )  # fmt: skip
    InteractionFactory(  # with the municipality only, no person: the official column is empty
        subject='=HYPERLINK("http://evil")', kind="email", occurred_at=local(2026, 8, 1, 9, 15),
        organisations=[o["utrecht"]], created_by=o["marieke"],
    )  # fmt: skip
    InteractionFactory(  # Ruud before he became wethouder, a partner with him: not a contact with an official
        subject="Nog geen wethouder", occurred_at=local(2026, 8, 1, 11, 0), people=[o["ruud"], o["anke"]],
        organisations=[o["lkca"]],
    )  # fmt: skip
    InteractionFactory(  # a partner only
        subject="Alleen LKCA", occurred_at=local(2026, 8, 2, 11, 0), people=[o["anke"]], organisations=[o["lkca"]]
    )
    held = InteractionFactory(  # the contact of a held meeting: its place is the meeting's
        subject="Overleg cultuureducatie", kind="meeting", occurred_at=local(2026, 9, 1, 10, 0),
        people=[o["ruud"], o["peter"]], organisations=[o["utrecht"], o["kunsten"]], users=[o["marieke"]],
    )  # fmt: skip
    MeetingFactory(title="Overleg cultuureducatie", status="held", starts_at=held.occurred_at,
                   location="Stadhuis Utrecht", interaction_id=held.id)  # fmt: skip
    online = InteractionFactory(
        subject="Online afstemming", kind="meeting", occurred_at=local(2026, 9, 15, 16, 0), people=[o["peter"]],
        organisations=[o["kunsten"]], location="Genegeerd",
    )  # fmt: skip
    MeetingFactory(title="Online afstemming", status="held", starts_at=online.occurred_at,
                   online_url="https://zoom.example/j/1", interaction_id=online.id)  # fmt: skip
    InteractionFactory(  # the last minutes of the period: 23:30 on 30 September in Amsterdam
        subject="Laat op de avond", occurred_at=local(2026, 9, 30, 23, 30), organisations=[o["ocw"]]
    )
    InteractionFactory(  # just after: 00:10 on 1 October in Amsterdam (still 30 September in UTC)
        subject="Te laat", occurred_at=local(2026, 10, 1, 0, 10), organisations=[o["ocw"]]
    )
    return {"coalition": coalition, "dossier": dossier, **officials}


HEADER = ["Datum", "Tijd", "Plaats", "Functionaris", "Organisatie", "Onderwerp", "Soort", "Wie van ons"]
EXPECTED = [
    ["01-07-2026", "00:05", "Ministerie van OCW, Den Haag", "Peter de Groot (Directeur Kunsten)",
     "Ministerie van OCW, Directie Kunsten", "Vroeg in juli", "Telefoongesprek", "Anna de Vries, Marieke van Dijk"],
    ["09-07-2026", "14:30", "", "Sanne Jansen (Woordvoerder cultuur)", "Tweede Kamer, Commissie OCW",
     "Commissiedebat Cultuur", "Overleg", "Anna de Vries"],
    ["01-08-2026", "09:15", "", "", "Gemeente Utrecht", "'=HYPERLINK(\"http://evil\")", "E-mail", "Marieke van Dijk"],
    ["01-09-2026", "10:00", "Stadhuis Utrecht", "Peter de Groot (Directeur Kunsten)",
     "Ministerie van OCW, Directie Kunsten", "Overleg cultuureducatie", "Overleg", "Marieke van Dijk"],
    ["01-09-2026", "10:00", "Stadhuis Utrecht", "Ruud Mulder (Wethouder cultuur)", "Gemeente Utrecht",
     "Overleg cultuureducatie", "Overleg", "Marieke van Dijk"],
    ["15-09-2026", "16:00", "Online", "Peter de Groot (Directeur Kunsten)", "Ministerie van OCW, Directie Kunsten",
     "Online afstemming", "Overleg", ""],
    ["30-09-2026", "23:30", "", "", "Ministerie van OCW", "Laat op de avond", "Telefoongesprek", ""],
]  # fmt: skip


def test_the_csv_lists_every_contact_with_an_official_in_the_period_and_nothing_else(client, login_as, dataset):
    login_as("lobbyist")
    response = client.get(f"/reports/transparency.csv?{Q3}")
    assert "attachment" in response.headers["Content-Disposition"]
    assert "Lobbytransparantie 2026-07-01 tot 2026-09-30.csv" in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == HEADER
    assert rows[1:] == EXPECTED
    body = response.get_data(as_text=True)
    assert SECRET not in body and "Vertrouwelijk" not in body  # never the notes
    assert "Te vroeg" not in body and "Te laat" not in body and "LKCA" not in body


def test_filters_by_coalition_and_dossier(client, login_as, dataset):
    login_as("director")
    by_coalition = csv_rows(client.get(f"/reports/transparency.csv?{Q3}&coalition={dataset['coalition'].id}"))
    assert [row[5] for row in by_coalition[1:]] == ["Vroeg in juli"]
    by_dossier = csv_rows(client.get(f"/reports/transparency.csv?{Q3}&dossier={dataset['dossier'].id}"))
    assert [row[5] for row in by_dossier[1:]] == ["Commissiedebat Cultuur"]
    page = text_of(client.get(f"/reports/transparency?{Q3}&dossier={dataset['dossier'].id}"))
    assert "Dossier: Nationaal Programma Onderwijs" in page and "1 regel" in page


def test_the_excel_download_has_the_same_rows_as_text(client, login_as, dataset):
    login_as("admin")
    response = client.get(f"/reports/transparency.xlsx?{Q3}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    assert values[0] == HEADER
    assert [row[5] for row in values[1:]] == [row[5].lstrip("'") for row in EXPECTED]
    for row in sheet.iter_rows(min_row=2):
        assert all(cell.data_type != "f" for cell in row)  # text, never a formula


def test_the_page_previews_the_first_rows_with_the_total(client, login_as, officials):
    login_as("lobbyist")
    for day in range(55):
        InteractionFactory(subject=f"Contact {day:02d}", occurred_at=local(2026, 7, 1, 9, 0) + timedelta(hours=day),
                           organisations=[officials["ocw"]])  # fmt: skip
    page = text_of(client.get(f"/reports/transparency?{Q3}"))
    assert "55 regels" in page and "de eerste 50 staan hieronder" in page
    assert "Contact 00" in page and "Contact 49" in page and "Contact 50" not in page
    assert "1 jul 2026 – 30 sep 2026" in page


def test_the_default_period_is_the_last_full_quarter():
    assert last_full_quarter(date(2026, 12, 6)) == report_period({}, date(2026, 12, 6))[0]
    period = last_full_quarter(date(2026, 12, 6))
    assert (period.start, period.end) == (date(2026, 7, 1), date(2026, 9, 30))
    period = last_full_quarter(date(2026, 1, 15))
    assert (period.start, period.end) == (date(2025, 10, 1), date(2025, 12, 31))
    assert report_period({"from": "2026-09-30", "until": "2026-07-01"}, date(2026, 12, 6))[1] == "order"
    assert report_period({"from": "2026-02-30", "until": "2026-07-01"}, date(2026, 12, 6))[1] == "dates"
    assert report_period({"from": "0001-01-01", "until": "0001-01-02"}, date(2026, 12, 6))[1] == "dates"
    assert report_period({"from": "2020-01-01", "until": "2026-01-01"}, date(2026, 12, 6))[1] == "length"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-09-30&until=2026-07-01", "Het einde van de periode ligt voor het begin"),
        ("from=2026-13-01&until=2026-14-01", "Vul twee geldige datums in"),
        ("from=abc", "Vul twee geldige datums in"),
        ("from=9999-12-31&until=9999-12-31", "Vul twee geldige datums in"),
        ("from=2026-07-01&until=2026-09-30&coalition=abc&dossier=-1", None),
        ("coalition=99999999999999999999", None),
    ],
)
def test_bad_input_gets_a_message_never_an_error(client, login_as, query, message):
    login_as("lobbyist")
    response = client.get(f"/reports/transparency?{query}")
    assert response.status_code == 200
    if message:
        assert message in text_of(response)
        assert client.get(f"/reports/transparency.csv?{query}").status_code == 400
        made = client.submit(f"/reports/transparency/pdf?{query}", token_from="/reports/transparency")
        assert made.status_code == 302 and "/reports/transparency?" in made.headers["Location"]
        assert count(GeneratedDocument) == 0
    assert client.get(f"/reports/transparency.pdf?{query}").status_code in (404, 405)


def test_viewers_and_visitors_cannot_use_the_report(client, login_as):
    assert client.get("/reports/transparency").status_code == 302  # to the sign-in page
    login_as("viewer")
    assert client.get("/reports/transparency").status_code == 403
    assert client.get(f"/reports/transparency.csv?{Q3}").status_code == 403
    assert client.submit("/reports/transparency/pdf", token_from="/account").status_code == 403
    assert 'href="/reports/transparency"' not in client.get("/dashboard/").get_data(as_text=True)


def test_the_dashboard_links_to_the_report_for_editors(client, login_as):
    login_as("lobbyist")
    assert 'href="/reports/transparency"' in client.get("/dashboard/").get_data(as_text=True)


def test_the_pdf_is_made_by_a_post_kept_with_its_input_and_holds_the_rows(client, login_as, dataset):
    user = login_as("lobbyist")
    client.get(f"/reports/transparency?{Q3}")
    client.get(f"/reports/transparency.csv?{Q3}")
    assert count(GeneratedDocument) == 0  # looking and downloading the spreadsheet make nothing
    response = client.submit(f"/reports/transparency/pdf?{Q3}", token_from=f"/reports/transparency?{Q3}")
    assert response.status_code == 302
    document = db.session.scalars(select(GeneratedDocument)).one()
    assert response.headers["Location"].endswith(f"/documents/{document.id}")
    assert document.title == "Lobbytransparantie 2026-07-01 tot 2026-09-30"
    assert document.kind == "report" and document.builtin_template == "transparency_report"
    assert document.created_by_id == user.id
    assert document.options["report"] == "transparency" and document.options["from"] == "2026-07-01"
    snapshot = document.input_snapshot["fields"]
    assert snapshot["period"] == {"start": "2026-07-01", "end": "2026-09-30"}
    assert [row["subject"] for row in snapshot["rows"]] == [row[5].lstrip("'") for row in EXPECTED]
    assert SECRET not in str(document.input_snapshot)

    page = client.get(f"/documents/{document.id}")
    assert 'href="/reports/transparency?from=2026-07-01&amp;until=2026-09-30"' in page.get_data(as_text=True)
    assert "Naar de rapportage" in text_of(page) and "Nog een maken" not in text_of(page)
    assert "Vroeg in juli" in text_of(page)  # the input kept, row by row

    download = client.get(f"/documents/{document.id}/pdf")
    filename = f'filename="{today().isoformat()} Lobbytransparantie 2026-07-01 tot 2026-09-30.pdf"'
    assert filename in download.headers["Content-Disposition"]
    words = pdf.text(download.data)
    assert pdf.page_count(download.data) >= 1
    assert pdf.metadata(download.data)["/Title"] == "Lobbytransparantie 2026-07-01 tot 2026-09-30"
    for phrase in (
        "Contacten met publieke functionarissen",
        "1 juli 2026 tot en met 30 september 2026",
        "Peter de Groot",
        "Ministerie van OCW, Directie",
        "Stadhuis Utrecht",
        "Laat op de avond",
        "Pagina 1 van",
    ):
        assert phrase in words, phrase
    assert SECRET not in words and "Te laat" not in words and "Alleen LKCA" not in words


def test_report_statements_do_not_grow_with_the_data(client, login_as, count_statements, officials):
    login_as("lobbyist")

    def statements() -> int:
        with count_statements() as counter:
            assert client.get(f"/reports/transparency?{Q3}").status_code == 200
            assert client.get(f"/reports/transparency.csv?{Q3}").status_code == 200
        return counter.count

    InteractionFactory(occurred_at=local(2026, 8, 1, 10, 0), people=[officials["peter"]], users=[officials["anna"]])
    small = statements()
    for hour in range(20):
        InteractionFactory(
            occurred_at=local(2026, 8, 2, hour, 0),
            people=[officials["peter"], officials["sanne"]],
            organisations=[officials["utrecht"]],
            users=[officials["anna"], officials["marieke"]],
        )
    assert statements() == small <= 20


def test_a_contact_records_its_place(client, login_as, officials):
    login_as("lobbyist")
    response = client.submit(
        "/interactions/new",
        {"kind": "call", "subject": "Kennismaking", "location": "Stadhuis Utrecht",
         "organisation_ids": [str(officials["utrecht"].id)], "coalition_id": "0", "follow_up_owner_id": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    detail = text_of(client.get(response.headers["Location"]))
    assert "Stadhuis Utrecht" in detail
    rows = csv_rows(client.get("/interactions/export.csv"))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Plaats"] == "Stadhuis Utrecht" and record["Onderwerp"] == "Kennismaking"


def test_report_templates_are_made_from_their_page_and_preview_with_their_sample(client, login_as):
    login_as("admin")
    chooser = client.get("/documents/new").get_data(as_text=True)
    assert "builtin:position_paper" in chooser and "builtin:transparency_report" not in chooser
    assert client.get("/documents/new/builtin:transparency_report").status_code == 404
    assert client.get("/documents/merge/new/builtin:partner_report").status_code == 404
    listed = text_of(client.get("/documents/templates/"))
    assert "Lobbytransparantie" in listed and "Partnerrapportage" in listed
    preview = client.get("/documents/templates/builtin/transparency_report/preview.pdf")
    assert preview.mimetype == "application/pdf"
    words = pdf.text(preview.data)
    for phrase in ("Peter de Groot", "Ministerie van OCW, Directie", "4 contacten", "Provincie Gelderland"):
        assert phrase in words, phrase
