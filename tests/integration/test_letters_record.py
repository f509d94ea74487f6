"""Sent letters are the record: the final PDF through the document path, read-only afterwards, the answer, exports,
and invitations by email through a real SMTP server on loopback."""

from __future__ import annotations

import email
import io
import re
import socket
from datetime import timedelta

import pikepdf
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from crm.common.time import today
from crm.documents.models import GeneratedDocument
from crm.extensions import db
from crm.interactions.models import Interaction
from crm.letters.models import JointLetter, LetterAnswer, LetterVersion
from tests import pdf as pdf_text
from tests.factories import DossierFactory, OrganisationFactory
from tests.factories_letters import LetterFactory, LetterVersionFactory, SignatoryFactory
from tests.helpers import text_of


def signed(letter, name: str, signer: str = "Anke Jansen", function: str = "directeur"):
    return SignatoryFactory(letter=letter, organisation=OrganisationFactory(name=name), status="signed",
                            signer_name=signer, signer_function=function, signed_sha256=letter.current_sha256,
                            signed_version=letter.current_version)  # fmt: skip


def send(client, letter, day=None, channel="post"):
    return client.submit(f"/letters/{letter.id}/send", {"sent_on": (day or today()).isoformat(), "channel": channel,
                                                        "version_id": str(letter.version_id)},
                         token_from=f"/letters/{letter.id}")  # fmt: skip


def test_sending_renders_the_final_pdf_with_the_signing_organisations_in_order(client, login_as):
    me = login_as("lobbyist", language="en")
    committee = OrganisationFactory(name="Vaste commissie voor OCW", kind="committee", address="Postbus 20018",
                                    postal_code="2500 EA", city="Den Haag")  # fmt: skip
    lead = OrganisationFactory(name="Cultuurconnectie")
    dossier = DossierFactory(title="Nationaal Programma Onderwijs")
    letter = LetterFactory(status="signing", title="Cultuureducatie in het NPO", addressee_organisation=committee,
                           lead_organisation=lead, occasion="Commissiedebat Cultuur", dossiers=[dossier],
                           signature_block="Marieke van Dijk, directeur")  # fmt: skip
    signed(letter, "Kunsten '92", "Thomas Bakker", "voorzitter")
    signed(letter, "LKCA")
    SignatoryFactory(letter=letter, organisation=OrganisationFactory(name="Kunstenbond"), status="declined")
    SignatoryFactory(letter=letter, organisation=OrganisationFactory(name="AVV"), status="signed",
                     signed_sha256="0" * 64, signed_version=0)  # an outdated signature  # fmt: skip
    db.session.scalar(select(LetterVersion).where(LetterVersion.letter_id == letter.id)).salutation = ""
    db.session.flush()
    preview = text_of(client.get(f"/letters/{letter.id}/send"))
    assert "Cultuurconnectie" in preview and "Not on the letter" in preview and "AVV" in preview

    response = send(client, letter, today() - timedelta(days=1))
    assert response.status_code == 302, text_of(response)[:800]
    letter = db.session.get(JointLetter, letter.id)
    assert letter.status == "sent" and letter.sent_sha256 == letter.current_sha256 and letter.sent_channel == "post"
    document = db.session.get(GeneratedDocument, letter.sent_document_id)
    assert document.kind == "joint_letter" and document.created_by_id == me.id
    assert document.options["letter_sha256"] == letter.current_sha256 and document.options["letter_version"] == 1
    text = pdf_text.text(document.pdf)
    order = [text.index(name) for name in ("Cultuurconnectie", "Kunsten '92", "LKCA")]
    assert order == sorted(order), "lead first, then the co-signers A–Z"
    assert "Kunstenbond" not in text and "AVV" not in text
    assert "Geachte leden van de com" in text, "no salutation written: the one for a committee"
    assert "Thomas Bakker" in text and "Marieke van Dijk" in text and "Wij vragen u cultuureducatie" in text
    assert pdf_text.is_pdfa_3b(document.pdf)

    download = client.get(f"/letters/{letter.id}/letter.pdf")
    assert download.data == document.pdf
    expected = f"{(today() - timedelta(days=1)).isoformat()} Joint letter - Commissiedebat Cultuur.pdf"
    assert expected in download.headers["Content-Disposition"].replace("%20", " ")

    contact = db.session.scalar(select(Interaction).where(Interaction.kind == "letter"))
    assert contact.subject == "Joint letter sent: Cultuureducatie in het NPO"
    assert [o.name for o in contact.organisations] == ["Vaste commissie voor OCW"]
    assert [d.title for d in contact.dossiers] == ["Nationaal Programma Onderwijs"]


def test_a_sent_letter_is_read_only(client, login_as):
    login_as("lobbyist", language="en")
    letter = LetterFactory(status="approved")
    assert send(client, letter).status_code == 302
    letter = db.session.get(JointLetter, letter.id)
    edit = {"title": "Gewijzigd", "body": "Nieuwe tekst", "addressee_organisation_name": "x",
            "version_id": str(letter.version_id)}  # fmt: skip
    response = client.submit(f"/letters/{letter.id}/edit", edit, token_from=f"/letters/{letter.id}")
    assert response.status_code == 302
    letter = db.session.get(JointLetter, letter.id)
    assert (letter.title, letter.current_version) != ("Gewijzigd", 2)
    assert letter.current_version == 1
    restore = client.submit(f"/letters/{letter.id}/versions/1/restore", {}, token_from=f"/letters/{letter.id}")
    assert restore.status_code == 302 and db.session.get(JointLetter, letter.id).current_version == 1
    signatory = SignatoryFactory(letter=letter)
    client.submit(f"/letters/{letter.id}/signatories/{signatory.id}", {"status": "signed", "signer_name": "X",
                  "version_id": str(signatory.version_id)}, token_from=f"/letters/{letter.id}")  # fmt: skip
    assert db.session.get(type(signatory), signatory.id).status == "invited"
    assert send(client, letter).status_code == 302
    assert len(db.session.scalars(select(GeneratedDocument)).all()) == 1, "sending twice makes no second PDF"


def test_the_body_is_neutralised_in_html_and_pdf(client, login_as):
    login_as("lobbyist", language="en")
    body = (
        "Hallo <script>alert('xss')</script> daar.\n\n[klik hier](javascript:alert(1)) en <img src=x onerror=alert(2)>"
    )
    letter = LetterFactory(status="approved")
    LetterVersionFactory(letter_id=letter.id, number=2, body=body, sha256="1" * 64)
    letter.current_version, letter.current_sha256 = 2, "1" * 64
    letter.approved_version = 2  # a director approved this text: only an approved text is sent
    db.session.flush()
    html = client.get(f"/letters/{letter.id}").get_data(as_text=True)
    assert "<script>alert" not in html and "javascript:" not in html and "onerror" not in html
    assert send(client, letter).status_code == 302
    document = db.session.get(GeneratedDocument, db.session.get(JointLetter, letter.id).sent_document_id)
    assert "alert('xss')" not in pdf_text.text(document.pdf)
    with pikepdf.open(io.BytesIO(document.pdf)) as pdf:
        uris = [str(a.get("/A", {}).get("/URI", "")) for page in pdf.pages for a in page.get("/Annots", [])]
    assert not any("javascript" in uri for uri in uris)


def test_the_answer_is_recorded_with_its_pdf_and_reaches_the_dossier_timeline(client, login_as):
    login_as("lobbyist", language="en")
    dossier = DossierFactory(title="Heropening")
    letter = LetterFactory(status="sent", sent_on=today() - timedelta(days=5), dossiers=[dossier])
    answer_pdf = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(answer_pdf)
    bad = client.submit(f"/letters/{letter.id}/answer", {"received_on": today().isoformat(), "summary": "Dank",
                        "pdf": (io.BytesIO(b"GIF89a not a pdf"), "antwoord.pdf")},
                        content_type="multipart/form-data")  # fmt: skip
    assert bad.status_code == 422 and "This file is not a PDF." in text_of(bad)
    assert db.session.scalar(select(LetterAnswer)) is None
    early = client.submit(f"/letters/{letter.id}/answer", {"received_on": (today() - timedelta(days=9)).isoformat(),
                          "summary": "Dank"})  # fmt: skip
    assert early.status_code == 422 and db.session.scalar(select(LetterAnswer)) is None
    response = client.submit(f"/letters/{letter.id}/answer", {"received_on": today().isoformat(),
                             "summary": "De minister zegt een reactie toe.",
                             "pdf": (io.BytesIO(answer_pdf.getvalue()), "antwoord.pdf")},
                             content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 302, text_of(response)[:500]
    assert db.session.get(JointLetter, letter.id).status == "answered"
    assert client.get(f"/letters/{letter.id}/answer.pdf").data == answer_pdf.getvalue()
    timeline = text_of(client.get(f"/dossiers/{dossier.id}/timeline"))
    assert f"Answer to {letter.title}" in timeline and "De minister zegt een reactie toe." in timeline
    assert letter.title in timeline


def test_the_text_exports_as_markdown_with_a_meaningful_name(client, login_as):
    login_as("viewer", language="en")
    lead = OrganisationFactory(name="Cultuurconnectie")
    letter = LetterFactory(title="Brief NPO", occasion="Commissiedebat Cultuur", lead_organisation=lead)
    signed(letter, "LKCA")
    response = client.get(f"/letters/{letter.id}/letter.md")
    text = response.get_data(as_text=True)
    assert text.startswith("# Brief NPO\n") and "Wij vragen u cultuureducatie" in text
    assert "- **Cultuurconnectie**" in text and "- **LKCA** — Anke Jansen, directeur" in text
    assert f"{today().isoformat()} Joint letter - Commissiedebat Cultuur.md" in response.headers[
        "Content-Disposition"
    ].replace("%20", " ")


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    with socket.socket() as probe:  # a free port on loopback (the controller checks readiness by connecting to it)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def test_the_invitation_arrives_by_email_with_the_link_and_a_summary(app, client, login_as, smtp_server):
    controller, inbox = smtp_server
    login_as("lobbyist", language="en")
    letter = LetterFactory(status="approved", title="Brief NPO", signature_deadline=today() + timedelta(days=3))
    signatory = SignatoryFactory(letter=letter, organisation=OrganisationFactory(name="LKCA"),
                                 signer_name="Anke Jansen", signer_email="anke@lkca.test")  # fmt: skip
    settings = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": controller.port, "MAIL_SENDER": "brieven@bondgenoot.test"}
    old = {key: app.config[key] for key in settings}
    app.config.update(settings)
    try:
        response = client.submit(f"/letters/{letter.id}/signatories/{signatory.id}/link", {},
                                 token_from=f"/letters/{letter.id}")  # fmt: skip
    finally:
        app.config.update(old)
    assert "was emailed to anke@lkca.test" in text_of(response)
    assert len(inbox.messages) == 1
    envelope = inbox.messages[0]
    assert envelope.rcpt_tos == ["anke@lkca.test"] and envelope.mail_from == "brieven@bondgenoot.test"
    link = re.search(r'value="(http://localhost/sign/[^"]+)"', response.get_data(as_text=True)).group(1)
    parsed = email.message_from_bytes(envelope.content)
    body = parsed.get_payload(decode=True).decode("utf-8")
    assert parsed["Subject"] == "Request to co-sign: Brief NPO"
    assert (
        link in body and "Wij vragen u cultuureducatie een vaste plek te geven." in body and "Dear Anke Jansen" in body
    )


def test_without_smtp_the_lobbyist_copies_the_link(client, login_as):
    login_as("lobbyist", language="en")
    letter = LetterFactory(status="approved")
    signatory = SignatoryFactory(letter=letter, signer_email="iemand@partner.test")
    response = client.submit(f"/letters/{letter.id}/signatories/{signatory.id}/link", {},
                             token_from=f"/letters/{letter.id}")  # fmt: skip
    assert "Email is not configured: copy the link below" in text_of(response)
    assert "/sign/" in response.get_data(as_text=True)
