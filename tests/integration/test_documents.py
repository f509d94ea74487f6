"""Making a document: fill the declared fields, preview, generate; the PDF is kept with its provenance."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from crm.documents.models import GeneratedDocument
from crm.extensions import db
from tests import pdf
from tests.factories import DossierFactory, OrganisationFactory
from tests.factories_documents import DocumentTemplateFactory, published
from tests.helpers import count, rows_of, text_of


def documents() -> list[GeneratedDocument]:
    return list(db.session.scalars(select(GeneratedDocument).order_by(GeneratedDocument.id)))


LETTER = {
    "title": "Brief cultuureducatie NPO",
    "dossier_id": "0",
    "tagged": "y",
    "f_subject": "Cultuureducatie in het NPO",
    "f_body": "Wij vragen u **cultuureducatie** op te nemen.\n\n## Wat wij vragen\n\nMeer.[^1]\n\n[^1]: Monitor.",
    "action": "generate",
}


def test_a_joint_letter_is_generated_kept_and_downloadable_as_a_real_pdf(client, login_as):
    author = login_as("lobbyist")
    partners = [OrganisationFactory(name="Kunsten '92"), OrganisationFactory(name="LKCA")]
    dossier = DossierFactory(title="Nationaal Programma Onderwijs")
    data = {**LETTER, "pdfa": "y", "dossier_id": str(dossier.id), "f_organisations": [str(o.id) for o in partners]}
    response = client.submit("/documents/new/builtin:joint_letter", data)
    assert response.status_code == 302
    (document,) = documents()
    assert response.headers["Location"].endswith(f"/documents/{document.id}")
    assert document.created_by_id == author.id and document.builtin_template == "joint_letter"
    assert document.dossier_id == dossier.id
    assert document.input_snapshot["fields"]["subject"] == "Cultuureducatie in het NPO"

    download = client.get(f"/documents/{document.id}/pdf")
    assert download.mimetype == "application/pdf"
    assert re.search(
        r'filename="\d{4}-\d{2}-\d{2} Brief cultuureducatie NPO\.pdf"', download.headers["Content-Disposition"]
    )
    body = download.data
    words = pdf.text(body)
    assert "Cultuureducatie in het NPO" in words and "Kunsten '92" in words and "LKCA" in words
    assert "Pagina 1 van" in words
    assert pdf.page_count(body) == document.page_count >= 1
    meta = pdf.metadata(body)
    assert meta["/Title"] == "Brief cultuureducatie NPO"
    assert pdf.language(body) == "nl"
    assert any(name.startswith("Source-Sans-3") for name in pdf.fonts(body)), pdf.fonts(body)
    assert pdf.is_pdfa_3b(body)
    assert pdf.is_tagged(body)

    page = text_of(client.get(f"/documents/{document.id}"))
    assert "Brief cultuureducatie NPO" in page and "joint_letter" in page and document.sha256 in page


def test_regenerating_makes_a_new_document_and_keeps_the_old_one(client, login_as):
    login_as("lobbyist")
    signers = [str(OrganisationFactory(name="Cultuurconnectie").id)]
    client.submit("/documents/new/builtin:joint_letter", {**LETTER, "f_organisations": signers})
    client.submit(
        "/documents/new/builtin:joint_letter", {**LETTER, "f_subject": "Tweede versie", "f_organisations": signers}
    )
    first, second = documents()
    assert first.input_snapshot["fields"]["subject"] == "Cultuureducatie in het NPO"
    assert second.input_snapshot["fields"]["subject"] == "Tweede versie"
    assert "Tweede versie" not in pdf.text(client.get(f"/documents/{first.id}/pdf").data)
    assert pdf.is_pdfua(second.pdf), "a tagged PDF (the default) is identified as PDF/UA-1"
    rows = rows_of(client.get("/documents/"))
    assert sum("Brief cultuureducatie NPO" in row for row in rows) == 2


def test_a_missing_required_field_is_a_form_error_and_nothing_is_kept(client, login_as):
    login_as("lobbyist", language="en")
    response = client.submit("/documents/new/builtin:joint_letter", {**LETTER, "f_subject": ""})
    assert response.status_code == 422
    # In English, the built-in template's field label is English too (it was "Onderwerp is required.").
    assert "Subject is required." in text_of(response)
    assert "Onderwerp" not in text_of(response)
    assert count(GeneratedDocument) == 0


def test_preview_shows_the_pdf_inline_and_keeps_nothing(client, login_as):
    login_as("lobbyist")
    data = {**LETTER, "action": "preview", "f_organisations": [str(OrganisationFactory().id)]}
    response = client.submit("/documents/new/builtin:joint_letter", data)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("inline")
    assert "Cultuureducatie in het NPO" in pdf.text(response.data)
    assert count(GeneratedDocument) == 0


def test_a_document_from_a_shared_template_records_the_live_version(client, login_as):
    login_as("lobbyist")
    template = DocumentTemplateFactory(name="Notitie")
    version = published(template)
    response = client.submit(
        f"/documents/new/template:{template.id}",
        {"title": "Notitie over NPO", "dossier_id": "0", "f_title": "Kop van de notitie", "f_body": "Inhoud *hier*.",
         "action": "generate"},
    )  # fmt: skip
    assert response.status_code == 302
    (document,) = documents()
    assert document.template_version_id == version.id
    assert "Kop van de notitie" in pdf.text(document.pdf)
    assert f"{template.name} v1" in text_of(client.get(f"/documents/{document.id}"))


def test_an_unpublished_or_unknown_template_is_a_404(client, login_as):
    login_as("lobbyist")
    draft_only = DocumentTemplateFactory()
    assert client.get(f"/documents/new/template:{draft_only.id}").status_code == 404
    assert client.get("/documents/new/builtin:nope").status_code == 404
    assert client.get("/documents/new/builtin:../../etc").status_code == 404


def test_viewers_read_documents_but_cannot_make_them(client, login_as):
    login_as("viewer")
    assert client.get("/documents/").status_code == 200
    assert client.get("/documents/new/builtin:joint_letter").status_code == 403
    assert client.get("/documents/merge/new/builtin:municipal_call").status_code == 403


def test_minutes_start_from_the_meeting_and_become_a_pdf(client, login_as):
    from datetime import datetime

    from tests.factories import PersonFactory
    from tests.factories_meetings import (
        ActionItemFactory,
        AgendaItemFactory,
        AttendeeFactory,
        DecisionFactory,
        MeetingFactory,
    )

    login_as("lobbyist")
    meeting = MeetingFactory(title="Taskforce culturele sector", starts_at=datetime(2026, 3, 10, 9, 0),
                             ends_at=datetime(2026, 3, 10, 11, 0), location="Den Haag")  # fmt: skip
    AttendeeFactory(meeting=meeting, person=PersonFactory(first_name="Anke", last_name="Jansen"), attendance="attended")
    AttendeeFactory(meeting=meeting, person=PersonFactory(first_name="Ruud", last_name="Mulder"), attendance="excused")
    item = AgendaItemFactory(meeting=meeting, title="Stand van zaken routekaart", minutes="De sector mist perspectief.")
    DecisionFactory(agenda_item=item, meeting=meeting, text="Gezamenlijke reactie sturen")
    ActionItemFactory(meeting=meeting, description="Conceptreactie rondsturen")
    assert "/documents/new/builtin:minutes?meeting=" in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)

    form = client.get(f"/documents/new/builtin:minutes?meeting={meeting.id}")
    page = form.get_data(as_text=True)
    assert 'value="Verslag Taskforce culturele sector 10-03-2026"' in page
    assert "## Stand van zaken routekaart" in page and "Ruud Mulder" in page and "10.00 – 12.00 uur" in page

    inputs = re.findall(r'name="(f_[a-z_]+)"[^>]*value="([^"]*)"', page)
    areas = re.findall(r'<textarea[^>]*name="(f_[a-z_]+)"[^>]*>\s*(.*?)</textarea>', page, flags=re.S)
    data = {name: html.unescape(value) for name, value in [*inputs, *areas]}  # what the browser would send back
    response = client.submit(
        f"/documents/new/builtin:minutes?meeting={meeting.id}",
        {**data, "title": "Verslag Taskforce", "dossier_id": "0", "tagged": "y", "action": "generate"},
    )
    assert response.status_code == 302, text_of(response)[-500:]
    words = pdf.text(documents()[-1].pdf)
    for expected in ("Taskforce culturele sector", "Stand van zaken routekaart", "De sector mist perspectief",
                     "Gezamenlijke reactie sturen", "Conceptreactie rondsturen", "Anke Jansen"):  # fmt: skip
        assert expected in words, expected
