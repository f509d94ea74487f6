"""Contact notes marked sensitive (political opinions): only `contacts.sensitive` (editors) reads them — on the
contact page, in its history, in contact-log searches and in the CSV/Excel export. Viewers see no trace of them."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from openpyxl import load_workbook

from crm.common.time import today
from crm.extensions import db
from crm.interactions.models import Interaction
from crm.permissions import MANAGERS, PERMISSIONS
from tests import helpers
from tests.factories import AffiliationFactory, InteractionFactory, OrganisationFactory
from tests.helpers import text_of
from tests.integration.test_contact_log import contact_form

OPINION = "Stemt tegen elke bezuiniging op cultuur, ook tegen de partijlijn in"
PLAIN = "Stuurt de cijfers voor vrijdag"


def sensitive_and_plain(org=None):
    org = org or OrganisationFactory(name="Tweede Kamer")
    secret = InteractionFactory(subject="Gesprek over de motie", notes=OPINION, sensitive=True, organisations=[org])
    plain = InteractionFactory(subject="Gesprek over de cijfers", notes=PLAIN, organisations=[org])
    return secret, plain


def csv_rows(response) -> list[dict]:
    header, *rows = helpers.csv_rows(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_contact_form_marks_notes_sensitive_and_the_editor_sees_them_marked(client, login_as):
    user = login_as("lobbyist")
    person = AffiliationFactory(person__first_name="Sanne", person__last_name="Jansen").person
    form = client.get("/interactions/new").get_data(as_text=True)
    assert "Bevat politieke opvattingen (gevoelig)" in form
    response = client.submit(
        "/interactions/new",
        contact_form(
            subject="Na het debat", notes=OPINION, person_ids=[str(person.id)], user_ids=[str(user.id)], sensitive="y"
        ),
    )
    assert response.status_code == 302
    contact = db.session.query(Interaction).filter_by(subject="Na het debat").one()
    assert contact.sensitive is True
    page = text_of(client.get(f"/interactions/{contact.id}"))
    assert "Notities gevoelig" in page and OPINION in page
    edit = client.get(f"/interactions/{contact.id}/edit").get_data(as_text=True)
    assert re.search(r'<input [^>]*checked [^>]*name="sensitive"', edit)
    # Saving without the box unmarks them: the flag follows the form.
    client.submit(
        f"/interactions/{contact.id}/edit",
        contact_form(
            subject="Na het debat", notes=OPINION, person_ids=[str(person.id)], version_id=str(contact.version_id)
        ),
    )
    assert db.session.get(Interaction, contact.id).sensitive is False


def test_a_viewer_sees_no_trace_of_sensitive_notes(client, login_as):
    login_as("viewer")
    secret, plain = sensitive_and_plain()
    page = client.get(f"/interactions/{secret.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Gesprek over de motie" in html  # the contact itself is not secret
    assert OPINION not in html and "Notities" not in text_of(page) and "gevoelig" not in text_of(page)
    assert PLAIN in client.get(f"/interactions/{plain.id}").get_data(as_text=True)
    # Not in its history either (the values of every earlier version of the notes).
    history = client.get(f"/interactions/{secret.id}/history")
    assert OPINION not in history.get_data(as_text=True)
    assert "Niet getoond: gemarkeerd als gevoelig" in text_of(history)
    # A word of the notes finds the plain contact, never the sensitive one.
    assert "Gesprek over de motie" not in text_of(client.get("/interactions/?q=bezuiniging"))
    assert "Gesprek over de cijfers" in text_of(client.get("/interactions/?q=vrijdag"))


def test_editors_read_and_find_sensitive_notes(client, login_as):
    login_as("director")
    secret, _plain = sensitive_and_plain()
    assert OPINION in client.get(f"/interactions/{secret.id}").get_data(as_text=True)
    assert "Gesprek over de motie" in text_of(client.get("/interactions/?q=bezuiniging"))
    history = client.get(f"/interactions/{secret.id}/history").get_data(as_text=True)
    assert OPINION in history


def test_the_export_holds_sensitive_notes_only_for_those_who_may_read_them(client, login_as, monkeypatch):
    """The role table gives `contacts.sensitive` to every role that may export (editors), so viewers — who cannot
    export at all — never get them. Narrowed to managers, a lobbyist's export leaves them out, a director's not."""
    sensitive_and_plain()
    login_as("lobbyist")
    rows = {row["Onderwerp"]: row for row in csv_rows(client.get("/interactions/export.csv"))}
    assert rows["Gesprek over de motie"]["Notities"] == OPINION

    monkeypatch.setitem(PERMISSIONS, "contacts.sensitive", MANAGERS)
    rows = {row["Onderwerp"]: row for row in csv_rows(client.get("/interactions/export.csv"))}
    assert rows["Gesprek over de motie"]["Notities"] == ""  # the contact is listed, its notes are not
    assert rows["Gesprek over de cijfers"]["Notities"] == PLAIN
    sheet = load_workbook(io.BytesIO(client.get("/interactions/export.xlsx").data)).active
    assert OPINION not in {cell.value for row in sheet.iter_rows() for cell in row}
    # A search on a word of the notes does not select the sensitive contact for the export either.
    assert [row["Onderwerp"] for row in csv_rows(client.get("/interactions/export.csv?q=bezuiniging"))] == []

    client.post("/logout", data={"csrf_token": client.csrf_token("/account")})
    login_as("director")
    rows = {row["Onderwerp"]: row for row in csv_rows(client.get("/interactions/export.csv"))}
    assert rows["Gesprek over de motie"]["Notities"] == OPINION


def test_the_partner_report_never_holds_notes(client, login_as):
    login_as("lobbyist")
    org = OrganisationFactory(name="Kunstenbond")
    sensitive_and_plain(org)
    start, end = today() - timedelta(days=7), today() + timedelta(days=1)
    page = client.get(f"/reports/partner/{org.id}?from={start.isoformat()}&until={end.isoformat()}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Gesprek over de motie" in html
    assert OPINION not in html and PLAIN not in html
